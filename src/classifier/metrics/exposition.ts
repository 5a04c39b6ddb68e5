/**
 * Prometheus text exposition format, version 0.0.4.
 *
 * Spec: https://prometheus.io/docs/instrumenting/exposition_formats/ — one `# HELP` and one
 * `# TYPE` line per family, then one line per sample: `name{label="value",...} number`.
 * Histograms expand into `_bucket{le="..."}` lines (cumulative, ending with `le="+Inf"`), `_sum`
 * and `_count`. Label values escape backslash, double quote and newline; help text escapes
 * backslash and newline.
 */
import type { MetricsSnapshot } from './snapshot.js';

/** The Content-Type of this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders a snapshot as Prometheus text. */
export function renderExposition(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  for (const family of snapshot.families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram') {
      for (const sample of family.samples) {
        family.buckets.forEach((bound, i) => {
          lines.push(`${family.name}_bucket${labelText({ ...sample.labels, le: formatNumber(bound) })} ${sample.counts[i]}`);
        });
        lines.push(`${family.name}_bucket${labelText({ ...sample.labels, le: '+Inf' })} ${sample.count}`);
        lines.push(`${family.name}_sum${labelText(sample.labels)} ${formatNumber(sample.sum)}`);
        lines.push(`${family.name}_count${labelText(sample.labels)} ${sample.count}`);
      }
    } else {
      for (const sample of family.samples) lines.push(`${family.name}${labelText(sample.labels)} ${formatNumber(sample.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function labelText(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
