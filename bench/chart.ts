/**
 * The bar chart in `docs/benchmarks.svg`, drawn as plain SVG text (no charting library): for each API
 * scenario, one bar per peer showing its throughput as a share of raw uWebSockets.js in the same run.
 *
 * Bars are horizontal so that peer names stay readable; a dashed line marks 100% (raw uWS). Under each
 * throughput bar a thin grey bar shows the CPU-time ratio (uws CPU per request ÷ the peer's), the
 * figure that a busy machine disturbs least.
 */
import type { Row } from './measure.js';

const PALETTE: Record<string, string> = {
  uws: '#4c566a',
  'uws-async': '#81a1c1',
  'tsgi-raw': '#5e81ac',
  tsgi: '#2e7d32',
  'node-http': '#d08770',
  fastify: '#b48ead',
  fastapi: '#bf616a',
};

const WIDTH = 760;
const LABEL_WIDTH = 110;
const BAR_HEIGHT = 14;
const CPU_BAR_HEIGHT = 5;
const GAP = 4;
const GROUP_GAP = 26;
const SCALE_MAX = 1.1;

/** An SVG document charting `rows` (API family) as ratios to the `uws` row of the same scenario. */
export function renderChart(rows: Row[], title: string): string {
  const groups = [...new Set(rows.filter((row) => row.family === 'api').map((row) => row.scenario))];
  const plotWidth = WIDTH - LABEL_WIDTH - 150;
  const parts: string[] = [];
  let y = 70;
  for (const scenario of groups) {
    const inGroup = rows.filter((row) => row.scenario === scenario);
    const baselineRow = inGroup.find((row) => row.peer === 'uws');
    const baseline = baselineRow?.unitsPerSecond;
    parts.push(`<text x="10" y="${y - 6}" font-weight="bold">${escape(scenario)}</text>`);
    for (const row of inGroup) {
      const ratio = baseline ? row.unitsPerSecond / baseline : 0;
      const width = Math.max(1, (Math.min(ratio, SCALE_MAX) / SCALE_MAX) * plotWidth);
      const colour = PALETTE[row.peer] ?? '#88c0d0';
      parts.push(
        `<text x="${LABEL_WIDTH - 6}" y="${y + BAR_HEIGHT - 4}" text-anchor="end">${escape(row.peer)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${colour}"/>`,
        `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + BAR_HEIGHT - 3}">${Math.round(ratio * 100)}% · ${formatRate(row.unitsPerSecond)}/s</text>`,
      );
      const cpuRatio = baselineRow?.cpuUsPerUnit && row.cpuUsPerUnit ? baselineRow.cpuUsPerUnit / row.cpuUsPerUnit : null;
      if (cpuRatio !== null) {
        const cpuWidth = Math.max(1, (Math.min(cpuRatio, SCALE_MAX) / SCALE_MAX) * plotWidth);
        parts.push(`<rect x="${LABEL_WIDTH}" y="${y + BAR_HEIGHT + 1}" width="${cpuWidth.toFixed(1)}" height="${CPU_BAR_HEIGHT}" fill="#aaaaaa"><title>CPU per request: ${Math.round(cpuRatio * 100)}% of uws's efficiency</title></rect>`);
      }
      y += BAR_HEIGHT + CPU_BAR_HEIGHT + GAP;
    }
    y += GROUP_GAP;
  }
  const full = LABEL_WIDTH + plotWidth / SCALE_MAX;
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="10" y="38" fill="#666">coloured bar: throughput ÷ uws · thin grey bar: uws CPU per request ÷ the peer's (100% = as cheap as raw uWS)</text>`,
    `<line x1="${full.toFixed(1)}" y1="48" x2="${full.toFixed(1)}" y2="${height - 10}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${full.toFixed(1)}" y="${height - 2}" text-anchor="middle" fill="#666">100% = raw uWS</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** `12345` → `12.3k`. */
export function formatRate(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 100000 ? 0 : 1)}k` : String(Math.round(value));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
