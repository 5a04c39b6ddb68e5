/**
 * The sixth round's variations (`variations-round-6.ts`) on the tiny fixture: the network alone and
 * the v1 + network averages predict every test row, the same way twice, and never read the labels
 * of the fold's test rows (early stopping and the temperatures use a part of the training rows).
 */
import t from 'tap';
import { charBlock, wordBlock } from '../../../src/classifier/training/search-space.js';
import { repeatedStratifiedKFold } from '../../../src/classifier/training/stratified-k-fold.js';
import { ensembleVariation, mlpVariation, type MlpSettings } from '../../../src/classifier/training/variations-round-6.js';
import { allVariations } from '../../../src/classifier/training/variations.js';
import { tinyDataset, tinyVariationContext } from './tiny-model.js';

const dataset = tinyDataset();
const context = tinyVariationContext(dataset);
const { classes, labels } = context;
const fold = repeatedStratifiedKFold(classes, 2, 1, 3)[0]!;
// The fixture is tiny: a term must occur once to be kept, or the folds have almost no vocabulary.
const spec = { blocks: [wordBlock(1, 2, { minDf: 1 }), charBlock(3, 4, { minDf: 1 })], l2: 1e-2 };
const settings: MlpSettings = { hidden: 8, inputDropout: 0.1, hiddenDropout: 0.2, l2: 1e-4, learningRate: 0.01, batchSize: 4, classWeight: 'balanced' };
const variations = [
  mlpVariation('net', 'test network', spec, settings),
  ensembleVariation('v1+net', 'calibrated average', spec, 'net', settings, true),
  ensembleVariation('v1+net-raw', 'raw average', spec, 'net', settings, false),
];

t.test('the sixth-round variations are registered with the others', async (t) => {
  const ids = allVariations().map((v) => v.id);
  for (const id of ['mlp-64', 'v1+mlp-64']) t.ok(ids.includes(id), id);
});

t.test('each variation predicts every test row with a known class, the same way twice', async (t) => {
  for (const variation of variations) {
    const predicted = variation.predict(fold.train, fold.test, context);
    t.equal(predicted.length, fold.test.length, variation.id);
    t.ok(predicted.every((c) => Number.isInteger(c) && c >= 0 && c < labels.length), variation.id);
    // A fresh context has an empty cache: the second run trains the network again from its seed.
    t.same(variation.predict(fold.train, fold.test, { ...context }), predicted, variation.id);
  }
});

t.test('relabelling the test rows changes no prediction (no choice reads them)', async (t) => {
  const relabelled = classes.map((c, row) => (fold.test.includes(row) ? (c + 1) % labels.length : c));
  for (const variation of variations) {
    const predicted = variation.predict(fold.train, fold.test, { ...context });
    t.same(variation.predict(fold.train, fold.test, { ...context, classes: relabelled }), predicted, variation.id);
  }
});
