/**
 * L-BFGS in its OWL-QN mode (an L1 penalty) on problems whose minimum is known in closed form.
 */
import t from 'tap';
import { minimizeLbfgs, pseudoGradient } from '../../../src/classifier/training/lbfgs.js';
import { fitSoftmaxRegression } from '../../../src/classifier/training/softmax-regression.js';
import { toCsr } from '../../../src/classifier/training/sparse-matrix.js';

const options = { maxIterations: 200, gradientTolerance: 1e-9, memory: 5 };
// (x0 − 3)² + 10·(x1 + 1)²: with λ·|x| the minimum moves towards 0 by λ/2 resp. λ/20, or sits at 0.
const quadratic = (x: Float64Array, g: Float64Array) => {
  g[0] = 2 * (x[0]! - 3);
  g[1] = 20 * (x[1]! + 1);
  return (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2;
};

t.test('shrinks each parameter by its penalty, and to exactly zero when the penalty is strong', async (t) => {
  const shrunk = minimizeLbfgs(quadratic, new Float64Array(2), { ...options, l1: Float64Array.from([2, 2]) });
  t.ok(Math.abs(shrunk.x[0]! - 2) < 1e-6 && Math.abs(shrunk.x[1]! + 0.9) < 1e-6, `${shrunk.x}`);
  const zeroed = minimizeLbfgs(quadratic, new Float64Array(2), { ...options, l1: Float64Array.from([8, 30]) });
  t.same([...zeroed.x], [0, 0]);
  t.ok(Math.abs(zeroed.loss - 19) < 1e-9, 'the loss includes the penalty (9 + 10 at zero)');
});

t.test('an unpenalised parameter is left at its smooth minimum', async (t) => {
  const result = minimizeLbfgs(quadratic, Float64Array.from([1, 1]), { ...options, l1: Float64Array.from([8, 0]) });
  t.equal(result.x[0], 0);
  t.ok(Math.abs(result.x[1]! + 1) < 1e-6);
});

t.test('the pseudo-gradient adds the penalty\'s sign, and is 0 at a zero the penalty holds', async (t) => {
  const l1 = Float64Array.from([1, 1, 1, 1]);
  const pg = pseudoGradient(Float64Array.from([2, -2, 0, 0]), Float64Array.from([0.5, 0.5, 0.5, -3]), l1);
  t.same([...pg], [1.5, -0.5, 0, -2]);
});

t.test('an L1 softmax fit sets the weights of a feature the classes do not need to exactly zero', async (t) => {
  // Features 0 and 1 separate the classes; feature 2 (in three rows, two of class 0) leans a
  // little to class 0: L2 alone gives it a weight, L1 removes it.
  const vectors = [0, 1, 0, 1].map((c, row) => (row < 3 ? { ids: [c, 2], values: [1, 1] } : { ids: [c], values: [1] }));
  const x = toCsr(vectors, 3);
  const fit = (l1: number) => fitSoftmaxRegression(x, [0, 1, 0, 1], 2, { l2: 1e-3, l1, classWeight: 'none', maxIterations: 300 }).model;
  const sparse = fit(0.05);
  t.same([sparse.weights[4], sparse.weights[5]], [0, 0]);
  t.ok(sparse.weights[0]! > 0 && sparse.weights[1]! < 0, 'the telling features keep their weights');
  t.ok(fit(0).weights[4]! > 0.1, 'without L1 it leans to class 0');
});
