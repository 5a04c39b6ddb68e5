/**
 * Expected calibration error (ECE): how far the model's confidence is from its accuracy.
 *
 * Predictions are binned by their top probability into equal-width bins over [0, 1]; in each bin
 * the gap between mean confidence and the fraction actually correct is weighted by the bin's share
 * of rows: ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|. 0 is perfect; a model that says 0.9
 * and is right 70% of the time contributes 0.2 for those rows. Top-label ECE with 10 bins, the
 * common convention (Guo et al., 2017).
 */

/** One reliability-diagram bin. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

/** ECE and the bins it was computed from. */
export interface CalibrationReport {
  ece: number;
  bins: CalibrationBin[];
}

/**
 * Computes top-label ECE. `probabilities[i]` is row i's distribution; `truth[i]` its true class.
 *
 * @example
 * expectedCalibrationError([[0.9, 0.1], [0.6, 0.4]], [0, 1], 10).ece // → (|1 − 0.9| + |0 − 0.6|) / 2 = 0.35
 */
export function expectedCalibrationError(
  probabilities: readonly ArrayLike<number>[],
  truth: readonly number[],
  binCount = 10,
): CalibrationReport {
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  probabilities.forEach((p, i) => {
    let top = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[top]!) top = c;
    const confidence = p[top]!;
    // A confidence of exactly 1 belongs to the last bin, not to a bin past the end.
    const bin = sums[Math.min(binCount - 1, Math.floor(confidence * binCount))]!;
    bin.count++;
    bin.confidence += confidence;
    bin.correct += top === truth[i] ? 1 : 0;
  });
  const n = probabilities.length;
  const bins = sums.map((sum, b) => ({
    lower: b / binCount,
    upper: (b + 1) / binCount,
    count: sum.count,
    confidence: sum.count === 0 ? 0 : sum.confidence / sum.count,
    accuracy: sum.count === 0 ? 0 : sum.correct / sum.count,
  }));
  const ece = n === 0 ? 0 : bins.reduce((total, bin) => total + (bin.count / n) * Math.abs(bin.accuracy - bin.confidence), 0);
  return { ece, bins };
}
