/**
 * Label issues by confident learning (Northcutt, Jiang & Chuang, 2021), the rule behind the
 * seventh round's label-noise cleaning (docs/model.md, "Seventh round").
 *
 * Input: out-of-sample class probabilities of every training row (from an inner k-fold over the
 * training rows, so no row is scored by a model that saw it) and the rows' given labels. Each
 * class j gets a threshold t_j, the mean probability of j over the rows labelled j (the class's
 * average self-confidence). A row labelled y is flagged when p_y < t_y while some other class j
 * reaches p_j ≥ t_j; the suggested label is the most probable of those classes. The thresholds
 * adapt to each class's own confidence, so a rare class that the model is never sure of is not
 * flagged wholesale.
 */

/** What the rule found. */
export interface LabelIssues {
  /** t_j per class (Infinity for a class with no rows: nothing can reach it). */
  thresholds: Float64Array;
  /** Per row: the suggested class if the row is flagged, otherwise -1. */
  suggested: Int32Array;
}

/** Finds rows whose given label the out-of-sample probabilities doubt (see the file comment). */
export function findLabelIssues(probabilities: readonly ArrayLike<number>[], labels: readonly number[], classes: number): LabelIssues {
  if (probabilities.length !== labels.length) throw new RangeError(`${probabilities.length} probability rows for ${labels.length} labels`);
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  labels.forEach((y, i) => {
    sums[y]! += probabilities[i]![y]!;
    counts[y]!++;
  });
  const thresholds = sums.map((sum, c) => (counts[c]! > 0 ? sum / counts[c]! : Infinity));
  const suggested = new Int32Array(labels.length).fill(-1);
  labels.forEach((y, i) => {
    const p = probabilities[i]!;
    if (p[y]! >= thresholds[y]!) return;
    let best = -1;
    for (let c = 0; c < classes; c++) {
      if (c !== y && p[c]! >= thresholds[c]! && (best < 0 || p[c]! > p[best]!)) best = c;
    }
    suggested[i] = best;
  });
  return { thresholds, suggested };
}
