/**
 * Plain-text tables for the evaluation report: what `npm run evaluate` prints.
 *
 * Fixed-width columns so the output reads in a terminal and diffs cleanly in a log.
 */
import type { EvaluationReport } from './evaluation.js';

const number = (x: number) => x.toFixed(4).padStart(9);

/** The per-class / macro / weighted scores table. */
export function scoresTable(report: EvaluationReport): string {
  const width = Math.max(12, ...report.labels.map((l) => l.length));
  const header = `${'label'.padEnd(width)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'f1'.padStart(9)} ${'support'.padStart(8)}`;
  const row = (name: string, s: { precision: number; recall: number; f1: number; support: number }) =>
    `${name.padEnd(width)} ${number(s.precision)} ${number(s.recall)} ${number(s.f1)} ${String(s.support).padStart(8)}`;
  return [
    header,
    ...report.labels.map((label) => row(label, report.perClass[label]!)),
    '-'.repeat(header.length),
    row('macro', report.macro),
    row('weighted', report.weighted),
    `${'accuracy'.padEnd(width)} ${number(report.accuracy)}`,
  ].join('\n');
}

/**
 * The confusion matrix with true labels as rows and predicted labels as columns. Columns are
 * numbered (the row labels carry the numbers) so long label names do not widen every column.
 */
export function confusionTable(report: EvaluationReport): string {
  const names = report.labels.map((label, i) => `[${i}] ${label}`);
  const width = Math.max('true \\ predicted'.length, ...names.map((n) => n.length));
  const cell = Math.max(6, ...report.confusion.flat().map((n) => String(n).length + 2));
  const header = `${'true \\ predicted'.padEnd(width)}${report.labels.map((_, i) => `[${i}]`.padStart(cell)).join('')}`;
  const rows = report.confusion.map((counts, t) => `${names[t]!.padEnd(width)}${counts.map((n) => String(n).padStart(cell)).join('')}`);
  return [header, ...rows].join('\n');
}

/** The whole report as text. */
export function renderEvaluation(report: EvaluationReport): string {
  return [
    `model ${report.model} on ${report.data.file} (${report.data.rows} rows, sha256 ${report.data.sha256.slice(0, 12)}…)`,
    '',
    scoresTable(report),
    '',
    confusionTable(report),
    '',
    `expected calibration error (10 bins): ${report.calibration.ece.toFixed(4)}`,
  ].join('\n');
}
