/**
 * The one-hidden-layer network (`mlp.ts`) and its early stopping, on problems small enough to check
 * by hand: the backpropagated gradient against finite differences, determinism, and learning.
 */
import t from 'tap';
import { chooseEpochs, fitMlpWithEarlyStopping, validationSplit, weightedCrossEntropy } from '../../../src/classifier/training/mlp-early-stopping.js';
import { fitMlp, initialMlp, mlpLossAndGradient, mlpParts, mlpProbabilities, type MlpModel, type MlpOptions } from '../../../src/classifier/training/mlp.js';
import { seededRandom } from '../../../src/classifier/training/random.js';
import { toCsr } from '../../../src/classifier/training/sparse-matrix.js';

const options: MlpOptions = { hidden: 8, inputDropout: 0, hiddenDropout: 0, l2: 1e-4, learningRate: 0.05, batchSize: 4, epochs: 40, seed: 7, classWeight: 'balanced' };

/** Rows of class c light up features 3c..3c+2 (sparse, with some shared noise feature 9). */
function separableSet(perClass: number, classes = 3) {
  const random = seededRandom(11);
  const vectors = [];
  const labels = [];
  for (let i = 0; i < perClass * classes; i++) {
    const c = i % classes;
    const ids = [3 * c, 3 * c + 1, 3 * c + 2, 9].filter(() => random() < 0.8);
    if (ids.length === 0 || ids.every((id) => id === 9)) ids.unshift(3 * c);
    vectors.push({ ids, values: ids.map(() => 0.5 + random()) });
    labels.push(c);
  }
  return { vectors, labels, x: toCsr(vectors, 10) };
}

/** Central finite difference of the loss along parameter i, against the analytic gradient. */
function gradientErrors(model: MlpModel, loss: (gradient: Float64Array) => number, indices: readonly number[]): number[] {
  const gradient = new Float64Array(model.parameters.length);
  loss(gradient);
  const scratch = new Float64Array(model.parameters.length);
  const step = 1e-6;
  return indices.map((i) => {
    const saved = model.parameters[i]!;
    model.parameters[i] = saved + step;
    const up = loss(scratch);
    model.parameters[i] = saved - step;
    const down = loss(scratch);
    model.parameters[i] = saved;
    const numeric = (up - down) / (2 * step);
    return Math.abs(numeric - gradient[i]!) / Math.max(1e-6, Math.abs(numeric) + Math.abs(gradient[i]!));
  });
}

t.test('the backpropagated gradient matches finite differences for every parameter', async (t) => {
  const { x, labels } = separableSet(3);
  const model = initialMlp(10, 5, 3, seededRandom(3));
  // Biases away from 0, so some ReLUs are active and some not (both branches of the backward pass).
  mlpParts(model, model.parameters).hiddenBias.set([0.3, -0.2, 0.1, 0.05, -0.01]);
  const rowWeights = Float64Array.from(labels, (c) => 1 + c);
  const batch = { x, rows: labels.map((_, i) => i), labels, rowWeights };
  const all = Array.from({ length: model.parameters.length }, (_, i) => i);
  const errors = gradientErrors(model, (g) => mlpLossAndGradient(model, batch, 0.01, g), all);
  t.ok(Math.max(...errors) < 1e-5, `largest relative error ${Math.max(...errors)}`);
});

t.test('with both dropouts, the gradient is that of the loss under the drawn masks', async (t) => {
  const { x, labels } = separableSet(3);
  const model = initialMlp(10, 6, 3, seededRandom(4));
  mlpParts(model, model.parameters).hiddenBias.fill(0.2);
  const batch = { x, rows: [0, 2, 4, 5, 7], labels, rowWeights: new Float64Array(labels.length).fill(1) };
  // A generator in the same state for every evaluation: the same units and inputs are dropped each time.
  const loss = (g: Float64Array) => mlpLossAndGradient(model, batch, 1e-3, g, { random: seededRandom(99), input: 0.3, hidden: 0.4 });
  const all = Array.from({ length: model.parameters.length }, (_, i) => i);
  const errors = gradientErrors(model, loss, all);
  t.ok(Math.max(...errors) < 1e-5, `largest relative error ${Math.max(...errors)}`);
  const plain = new Float64Array(model.parameters.length);
  t.not(loss(new Float64Array(model.parameters.length)), mlpLossAndGradient(model, batch, 1e-3, plain), 'dropout changes the loss');
});

t.test('the same seed gives identical weights, another seed other weights', async (t) => {
  const { x, labels } = separableSet(6);
  const dropping = { ...options, inputDropout: 0.2, hiddenDropout: 0.3, epochs: 5 };
  const first = fitMlp(x, labels, 3, dropping);
  t.same(fitMlp(x, labels, 3, dropping).parameters, first.parameters);
  t.notSame(fitMlp(x, labels, 3, { ...dropping, seed: 8 }).parameters, first.parameters);
});

t.test('it learns a separable toy set: every training row right and confident', async (t) => {
  const { x, vectors, labels } = separableSet(8);
  const model = fitMlp(x, labels, 3, { ...options, inputDropout: 0.1, hiddenDropout: 0.2 });
  vectors.forEach((vector, i) => {
    const p = mlpProbabilities(model, vector);
    t.ok(p[labels[i]!]! > 0.7, `row ${i} (class ${labels[i]}): p = ${p[labels[i]!]}`);
  });
});

t.test('it learns a class that no linear model can separate (XOR of two features)', async (t) => {
  // Class 1 when exactly one of features 0 and 1 is present: a linear softmax gets at most 3 of 4.
  const vectors = [{ ids: [2], values: [1] }, { ids: [0, 2], values: [1, 1] }, { ids: [1, 2], values: [1, 1] }, { ids: [0, 1, 2], values: [1, 1, 1] }];
  const labels = [0, 1, 1, 0];
  const x = toCsr([...vectors, ...vectors, ...vectors], 3);
  const model = fitMlp(x, [...labels, ...labels, ...labels], 2, { ...options, hidden: 8, l2: 0, epochs: 300, batchSize: 12 });
  vectors.forEach((vector, i) => t.ok(mlpProbabilities(model, vector)[labels[i]!]! > 0.9, `case ${i}`));
});

t.test('dropout rates outside [0, 1) are refused', async (t) => {
  const { x, labels } = separableSet(2);
  t.throws(() => fitMlp(x, labels, 3, { ...options, inputDropout: 1 }), RangeError);
  t.throws(() => fitMlp(x, labels, 3, { ...options, hiddenDropout: -0.1 }), RangeError);
});

t.test('the validation split is stratified, disjoint, and covers every row', async (t) => {
  const labels = Array.from({ length: 50 }, (_, i) => (i < 40 ? 0 : 1));
  const split = validationSplit(labels, 5, 1);
  t.same([...split.fit, ...split.validation].sort((a, b) => a - b), labels.map((_, i) => i));
  t.equal(split.validation.filter((i) => labels[i] === 1).length, 2, 'a fifth of the 10 minority rows');
  t.equal(split.validation.length, 10);
});

t.test('early stopping picks the epoch of the lowest validation loss, and stops after its patience', async (t) => {
  const { vectors, labels } = separableSet(10);
  const split = validationSplit(labels, 5, 2);
  const seen: number[] = [];
  const choice = chooseEpochs(vectors, labels, 3, 10, split, { ...options, learningRate: 0.3 }, { maxEpochs: 200, patience: 3, validationFolds: 5 });
  // Replay the same training and record every epoch's validation loss.
  // Balanced classes of equal size: every validation row weighs 1.
  const weights = new Float64Array(split.validation.length).fill(1);
  const stoppedAt = Math.min(choice.epochs + 3, 200);
  fitMlp(toCsr(split.fit.map((i) => vectors[i]!), 10), split.fit.map((i) => labels[i]!), 3, { ...options, learningRate: 0.3, epochs: stoppedAt }, (_, model) => {
    const logits = split.validation.map((i) => Float64Array.from(mlpProbabilities(model, vectors[i]!), Math.log));
    seen.push(weightedCrossEntropy(logits, split.validation.map((i) => labels[i]!), weights));
    return 'continue';
  });
  t.equal(seen.length, stoppedAt);
  t.ok(Math.abs(seen[choice.epochs - 1]! - choice.validationLoss) < 1e-9, 'the reported loss is that epoch\'s');
  t.equal(Math.min(...seen), seen[choice.epochs - 1], 'no epoch up to the stop is better');
  t.equal(choice.validationLogits.length, split.validation.length);
});

t.test('the early-stopped fit retrains on all rows for the chosen epochs', async (t) => {
  const { x, vectors, labels } = separableSet(10);
  const stopping = { maxEpochs: 30, patience: 3, validationFolds: 5 };
  const fitted = fitMlpWithEarlyStopping(vectors, labels, 3, 10, options, stopping);
  t.ok(fitted.choice.epochs >= 1 && fitted.choice.epochs <= 30);
  t.same(fitted.model.parameters, fitMlp(x, labels, 3, { ...options, epochs: fitted.choice.epochs }).parameters);
});
