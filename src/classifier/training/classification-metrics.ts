/**
 * Classification metrics: precision, recall, F1 per class and averaged, and the confusion matrix.
 *
 * Defined as scikit-learn's `precision_recall_fscore_support`: per class, precision = TP / (TP +
 * FP), recall = TP / (TP + FN), F1 their harmonic mean, and 0 wherever a denominator is 0
 * (`zero_division=0`). "macro" averages the per-class numbers equally; "weighted" weights each
 * class by its support (how many true rows it has) — the task's headline metric, weighted F1.
 * Note that weighted F1 is the support-weighted mean of per-class F1s, not the F1 of weighted
 * precision and recall.
 */

/** Precision, recall, F1 and support of one class or one average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Everything an evaluation reports about hard predictions. */
export interface ClassificationReport {
  labels: string[];
  perClass: Record<string, ClassScores>;
  macro: ClassScores;
  weighted: ClassScores;
  accuracy: number;
  /** `confusion[t][p]`: rows with true class t predicted as p. */
  confusion: number[][];
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

/** Counts `confusion[true][predicted]`. */
export function confusionMatrix(truth: readonly number[], predicted: readonly number[], classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => matrix[t]![predicted[i]!]!++);
  return matrix;
}

/**
 * Scores hard predictions against the truth (both as class indices into `labels`).
 *
 * @example
 * classificationReport([0, 0, 1], [0, 1, 1], ['a', 'b']).weighted.f1 // → 0.6666…
 */
export function classificationReport(truth: readonly number[], predicted: readonly number[], labels: readonly string[]): ClassificationReport {
  const confusion = confusionMatrix(truth, predicted, labels.length);
  const scores = labels.map((_, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((sum, n) => sum + n, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const total = truth.length;
  const average = (weight: (s: ClassScores) => number, denominator: number): ClassScores => ({
    precision: ratio(scores.reduce((sum, s) => sum + weight(s) * s.precision, 0), denominator),
    recall: ratio(scores.reduce((sum, s) => sum + weight(s) * s.recall, 0), denominator),
    f1: ratio(scores.reduce((sum, s) => sum + weight(s) * s.f1, 0), denominator),
    support: total,
  });
  return {
    labels: [...labels],
    perClass: Object.fromEntries(labels.map((label, c) => [label, scores[c]!])),
    macro: average(() => 1, labels.length),
    weighted: average((s) => s.support, total),
    accuracy: ratio(labels.reduce((sum, _, c) => sum + confusion[c]![c]!, 0), total),
    confusion,
  };
}
