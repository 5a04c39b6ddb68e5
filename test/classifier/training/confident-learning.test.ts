/**
 * The confident-learning rule (`confident-learning.ts`) on probabilities small enough to check by
 * hand: per-class thresholds are the mean self-confidence, and a row is flagged only when its own
 * class is below threshold while another class is above its own.
 */
import t from 'tap';
import { findLabelIssues } from '../../../src/classifier/training/confident-learning.js';

t.test('thresholds are each class\'s mean probability over the rows labelled with it', async (t) => {
  const probabilities = [[0.9, 0.1], [0.7, 0.3], [0.2, 0.8], [0.4, 0.6]];
  const { thresholds } = findLabelIssues(probabilities, [0, 0, 1, 1], 2);
  t.ok(Math.abs(thresholds[0]! - 0.8) < 1e-12);
  t.ok(Math.abs(thresholds[1]! - 0.7) < 1e-12);
});

t.test('a row the other class claims confidently is flagged with that class suggested', async (t) => {
  // Row 3 is labelled 0 but looks like class 1: p0 = 0.1 < t0, p1 = 0.9 ≥ t1.
  const probabilities = [[0.9, 0.1], [0.95, 0.05], [0.85, 0.15], [0.1, 0.9], [0.2, 0.8], [0.3, 0.7]];
  const { suggested, thresholds } = findLabelIssues(probabilities, [0, 0, 0, 0, 1, 1], 2);
  t.ok(thresholds[0]! < 0.85 && thresholds[1]! === 0.75);
  t.same([...suggested], [-1, -1, -1, 1, -1, -1]);
});

t.test('a doubtful row is kept when no other class reaches its own threshold', async (t) => {
  // Row 1 (label 0) is below t0 = 0.6, but p1 = 0.4 is below t1 = 0.8 too: unsure, not mislabelled.
  const probabilities = [[0.8, 0.2, 0], [0.4, 0.4, 0.2], [0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0, 0, 1]];
  const { suggested } = findLabelIssues(probabilities, [0, 0, 1, 1, 2], 3);
  t.same([...suggested], [-1, -1, -1, -1, -1]);
});

t.test('among several confident other classes the most probable is suggested', async (t) => {
  // Row 1 is labelled 0 (t0 = 0.475) but both class 1 (0.5 ≥ t1 = 0.4) and class 2 (0.45 ≥ t2 = 0.4) claim it.
  const probabilities = [[0.9, 0.05, 0.05], [0.05, 0.5, 0.45], [0.3, 0.4, 0.3], [0.3, 0.3, 0.4]];
  const { suggested } = findLabelIssues(probabilities, [0, 0, 1, 2], 3);
  t.same([...suggested], [-1, 1, -1, -1]);
});

t.test('a class with no rows can never be suggested, and mismatched lengths are refused', async (t) => {
  const { thresholds, suggested } = findLabelIssues([[0.2, 0.8, 0], [0.9, 0.1, 0]], [0, 0], 3);
  t.equal(thresholds[1], Infinity);
  t.same([...suggested], [-1, -1]);
  t.throws(() => findLabelIssues([[1, 0]], [0, 1], 2), RangeError);
});
