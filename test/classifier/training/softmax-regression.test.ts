/**
 * Softmax regression and its optimiser on problems small enough to check by hand.
 */
import t from 'tap';
import { fitSoftmaxRegression, probabilitiesOf, sampleWeights, softmaxInPlace, withTemperature } from '../../../src/classifier/training/softmax-regression.js';
import { toCsr } from '../../../src/classifier/training/sparse-matrix.js';
import { fitTemperature } from '../../../src/classifier/training/temperature-scaling.js';
import { minimizeLbfgs } from '../../../src/classifier/training/lbfgs.js';

t.test('softmax is stable for large logits and sums to 1', async (t) => {
  const p = softmaxInPlace(Float64Array.from([1000, 1001, 999]));
  t.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  t.ok(p[1]! > p[0]! && p[0]! > p[2]!);
});

t.test('L-BFGS finds the minimum of a convex quadratic', async (t) => {
  const result = minimizeLbfgs(
    (x, g) => {
      g[0] = 2 * (x[0]! - 3);
      g[1] = 20 * (x[1]! + 1);
      return (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2;
    },
    new Float64Array(2),
    { maxIterations: 100, gradientTolerance: 1e-9, memory: 5 },
  );
  t.ok(result.converged);
  t.ok(Math.abs(result.x[0]! - 3) < 1e-6 && Math.abs(result.x[1]! + 1) < 1e-6);
});

t.test('fits separable one-hot data and predicts each class', async (t) => {
  const vectors = [0, 1, 2, 0, 1, 2].map((c) => ({ ids: [c], values: [1] }));
  const fit = fitSoftmaxRegression(toCsr(vectors, 3), [0, 1, 2, 0, 1, 2], 3, { l2: 1e-3, classWeight: 'none', maxIterations: 200 });
  for (const c of [0, 1, 2]) {
    const p = probabilitiesOf(fit.model, { ids: [c], values: [1] });
    t.ok(p[c]! > 0.8, `class ${c}: ${p[c]}`);
  }
});

t.test('balanced sample weights give every class the same total weight', async (t) => {
  const weights = sampleWeights([0, 0, 0, 1], 2, 'balanced');
  t.same([...weights], [4 / 6, 4 / 6, 4 / 6, 2]);
});

t.test('a temperature rescales probabilities without changing the top class', async (t) => {
  const model = { features: 1, classes: 2, weights: Float64Array.from([2, -2]), bias: Float64Array.from([0, 0]) };
  const sharp = probabilitiesOf(model, { ids: [0], values: [1] });
  const soft = probabilitiesOf(withTemperature(model, 4), { ids: [0], values: [1] });
  t.ok(sharp[0]! > soft[0]! && soft[0]! > 0.5);
});

t.test('temperature fitting softens overconfident logits', async (t) => {
  // Always 10 logit points sure, but right only 3 times out of 4: the best T is well above 1.
  const logits = [0, 0, 0, 1].map(() => Float64Array.from([10, 0]));
  t.ok(fitTemperature(logits, [0, 0, 0, 1]) > 3);
});

t.test('label smoothing caps a separable class at (1 − ε) + ε/classes instead of 1', async (t) => {
  const vectors = [0, 1, 2, 0, 1, 2].map((c) => ({ ids: [c], values: [1] }));
  const fit = (labelSmoothing?: number) =>
    fitSoftmaxRegression(toCsr(vectors, 3), [0, 1, 2, 0, 1, 2], 3, { l2: 1e-8, classWeight: 'none', maxIterations: 500, ...(labelSmoothing === undefined ? {} : { labelSmoothing }) }).model;
  // With soft targets the loss is smallest where the probabilities equal the targets: 0.9 + 0.1/3.
  const p = probabilitiesOf(fit(0.1), { ids: [1], values: [1] });
  t.ok(Math.abs(p[1]! - (0.9 + 0.1 / 3)) < 1e-3, `p = ${p[1]}`);
  t.ok(Math.abs(p[0]! - 0.1 / 3) < 1e-3, `p = ${p[0]}`);
  t.ok(probabilitiesOf(fit(), { ids: [1], values: [1] })[1]! > 0.999, 'without smoothing the class goes to 1');
  t.same(fit(0), fit(), 'ε = 0 is the plain cross-entropy, bit for bit');
});

t.test('a label smoothing outside [0, 1) is refused', async (t) => {
  const x = toCsr([{ ids: [0], values: [1] }], 1);
  t.throws(() => fitSoftmaxRegression(x, [0], 2, { l2: 1, classWeight: 'none', maxIterations: 5, labelSmoothing: 1 }), RangeError);
});

t.test('row weights: a row at weight 0 is ignored, and doubling every row changes nothing', async (t) => {
  // Row 2 contradicts rows 0 and 1 on feature 0; with weight 0 it is as if it were absent.
  const vectors = [{ ids: [0], values: [1] }, { ids: [0], values: [1] }, { ids: [0], values: [1] }, { ids: [1], values: [1] }];
  const options = { l2: 1e-2, classWeight: 'none' as const, maxIterations: 200 };
  const without = fitSoftmaxRegression(toCsr([vectors[0]!, vectors[1]!, vectors[3]!], 2), [0, 0, 1], 2, options).model;
  const zeroed = fitSoftmaxRegression(toCsr(vectors, 2), [0, 0, 1, 1], 2, { ...options, rowWeights: [1, 1, 0, 1] }).model;
  for (let i = 0; i < without.weights.length; i++) t.ok(Math.abs(without.weights[i]! - zeroed.weights[i]!) < 1e-5, `weight ${i}`);
  const plain = fitSoftmaxRegression(toCsr(vectors, 2), [0, 0, 1, 1], 2, options).model;
  const doubled = fitSoftmaxRegression(toCsr(vectors, 2), [0, 0, 1, 1], 2, { ...options, rowWeights: [2, 2, 2, 2] }).model;
  t.same([...doubled.weights], [...plain.weights]);
  t.throws(() => fitSoftmaxRegression(toCsr(vectors, 2), [0, 0, 1, 1], 2, { ...options, rowWeights: [1] }), RangeError);
});
