/**
 * Evaluation math against hand-computed examples (the numbers below were worked out on paper
 * and agree with scikit-learn's precision_recall_fscore_support).
 */
import t from 'tap';
import { classificationReport, confusionMatrix } from '../../../src/classifier/training/classification-metrics.js';
import { expectedCalibrationError } from '../../../src/classifier/training/calibration-error.js';

// truth:     a a a a b b c c c c   (supports 4, 2, 4)
// predicted: a a b c b a c c c a
// class a: TP 2, predicted-as-a 4 (rows 0,1,5,9) → P 0.5,  R 2/4 = 0.5, F1 0.5
// class b: TP 1, predicted-as-b 2 (rows 2,4)     → P 0.5,  R 1/2 = 0.5, F1 0.5
// class c: TP 3, predicted-as-c 4 (rows 3,6,7,8) → P 0.75, R 3/4 = 0.75, F1 0.75
const truth = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2];
const predicted = [0, 0, 1, 2, 1, 0, 2, 2, 2, 0];
const report = classificationReport(truth, predicted, ['a', 'b', 'c']);

t.test('per-class precision, recall and F1 match the hand computation', async (t) => {
  t.same(report.perClass.a, { precision: 0.5, recall: 0.5, f1: 0.5, support: 4 });
  t.same(report.perClass.b, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  t.same(report.perClass.c, { precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
});

t.test('macro averages weigh classes equally', async (t) => {
  t.ok(Math.abs(report.macro.f1 - (0.5 + 0.5 + 0.75) / 3) < 1e-12);
  t.ok(Math.abs(report.macro.precision - 0.5833333333333334) < 1e-12);
});

t.test('weighted averages weigh classes by support (sklearn average="weighted")', async (t) => {
  // (4·0.5 + 2·0.5 + 4·0.75) / 10 = 0.6
  t.ok(Math.abs(report.weighted.f1 - 0.6) < 1e-12);
  t.ok(Math.abs(report.weighted.recall - 0.6) < 1e-12);
  t.equal(report.accuracy, 0.6);
});

t.test('weighted F1 is the mean of per-class F1s, not the F1 of weighted precision and recall', async (t) => {
  // truth a a b, predicted a b b: a P1 R.5 F1 2/3; b P.5 R1 F1 2/3 → weighted F1 2/3;
  // weighted P = (2·1 + .5)/3 = 5/6, weighted R = (2·.5 + 1)/3 = 2/3, their F1 would be 0.7407.
  const small = classificationReport([0, 0, 1], [0, 1, 1], ['a', 'b']);
  t.ok(Math.abs(small.weighted.f1 - 2 / 3) < 1e-12);
  t.ok(Math.abs(small.weighted.precision - 5 / 6) < 1e-12);
});

t.test('a class never predicted scores precision 0 rather than NaN', async (t) => {
  const none = classificationReport([0, 1], [0, 0], ['a', 'b']);
  t.same(none.perClass.b, { precision: 0, recall: 0, f1: 0, support: 1 });
});

t.test('the confusion matrix counts true rows against predicted columns', async (t) => {
  t.same(confusionMatrix(truth, predicted, 3), [
    [2, 1, 1],
    [1, 1, 0],
    [1, 0, 3],
  ]);
});

t.test('ECE weighs each bin gap by its share of rows', async (t) => {
  // Bin 0.9–1.0: confidences 0.95, 0.95, right once → |0.5 − 0.95| = 0.45 over 2 rows.
  // Bin 0.6–0.7: confidence 0.6, right → |1 − 0.6| = 0.4 over 1 row; bin 0.7-0.8: 0.7 wrong → 0.7.
  // ECE = (2·0.45 + 0.4 + 0.7) / 4 = 0.5
  const probabilities = [
    [0.95, 0.05],
    [0.05, 0.95],
    [0.6, 0.4],
    [0.3, 0.7],
  ];
  const result = expectedCalibrationError(probabilities, [0, 0, 0, 0]);
  t.ok(Math.abs(result.ece - 0.5) < 1e-12);
  t.equal(result.bins[9]!.count, 2);
});

t.test('a perfectly calibrated prediction has ECE 0 and confidence 1 lands in the last bin', async (t) => {
  const result = expectedCalibrationError([[1, 0]], [0]);
  t.equal(result.ece, 0);
  t.equal(result.bins[9]!.count, 1);
});
