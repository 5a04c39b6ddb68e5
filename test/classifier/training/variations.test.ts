/**
 * The variation harness and `variations-cli` on the tiny fixture: cheap variations run end to end,
 * nested tuning sees only training rows, and the CLI prints the paired comparison with v1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { argmax } from '../../../src/classifier/training/cross-validation.js';
import { charBlock, wordBlock } from '../../../src/classifier/training/search-space.js';
import { repeatedStratifiedKFold } from '../../../src/classifier/training/stratified-k-fold.js';
import { fitLinear, scoreVariation, tuneClassOffsets } from '../../../src/classifier/training/variation-harness.js';
import { baggingVariation, bootstrapSample } from '../../../src/classifier/training/variations-round-5.js';
import { seededRandom } from '../../../src/classifier/training/random.js';
import { allVariations } from '../../../src/classifier/training/variations.js';
import { tinyDataset, tinyVariationContext } from './tiny-model.js';

const dataset = tinyDataset();
const context = tinyVariationContext(dataset, (row) => (row === 7 ? 3 : row));
const { classes, labels } = context;
const folds = repeatedStratifiedKFold(classes, 2, 1, 3);
const byId = (id: string) => allVariations().find((v) => v.id === id)!;
// The fixture is tiny: a term must occur once to be kept, or the folds have almost no vocabulary.
const cheap = byId('min-df-1');

t.test('variation ids are unique and v1 comes first', async (t) => {
  const ids = allVariations().map((v) => v.id);
  t.equal(new Set(ids).size, ids.length);
  t.equal(ids[0], 'v1');
});

t.test('scores a cheap variation on every fold, deterministically', async (t) => {
  const first = scoreVariation(cheap, folds, context);
  t.equal(first.weightedF1.length, 2);
  for (const score of [...first.weightedF1, ...first.macroF1]) t.ok(score >= 0 && score <= 1);
  t.ok(first.weightedF1.every((score) => score > 0.5), 'the separable fixture is mostly right');
  t.same(Object.keys(first.classF1), labels);
  t.ok(Object.values(first.classF1).every((perFold) => perFold.length === 2 && perFold.every((f1) => f1 >= 0 && f1 <= 1)));
  t.same(scoreVariation(cheap, folds, context), first);
});

t.test('nested variations predict every test row without reading the test rows\' labels', async (t) => {
  const fold = folds[0]!;
  // Relabel every test row: a variation that (wrongly) tuned on them would change its predictions.
  const relabelled = classes.map((c, row) => (fold.test.includes(row) ? (c + 1) % labels.length : c));
  for (const id of ['v1-class-offsets', 'stack-word-char']) {
    const predicted = byId(id).predict(fold.train, fold.test, context);
    t.equal(predicted.length, fold.test.length, id);
    t.ok(predicted.every((c) => c >= 0 && c < labels.length), id);
    t.same(byId(id).predict(fold.train, fold.test, { ...context, classes: relabelled }), predicted, id);
  }
});

t.test('deduplicated training keeps the first row of each near-duplicate group only', async (t) => {
  const variation = byId('v1-dedup-train');
  const fold = { train: [3, 7, 8, 9], test: [0, 1, 2] };
  // Rows 3 and 7 are one group here: dropping 7 must give the same model as never having it.
  t.same(variation.predict(fold.train, fold.test, context), byId('v1').predict([3, 8, 9], fold.test, context));
});

t.test('fifth-round variations predict every test row, the same way twice', async (t) => {
  const fold = folds[0]!;
  for (const id of ['dropout-0.2x3', 'smooth-0.1', 'compound-split-both']) {
    const predicted = byId(id).predict(fold.train, fold.test, context);
    t.equal(predicted.length, fold.test.length, id);
    t.ok(predicted.every((c) => c >= 0 && c < labels.length), id);
    t.same(byId(id).predict(fold.train, fold.test, context), predicted, id);
  }
});

t.test('augmenting with exact copies of the training rows changes no prediction', async (t) => {
  // Balanced weights over a mean loss: every row counted twice is the same objective, so the same argmax.
  const fold = folds[0]!;
  const blocks = [wordBlock(1, 2, { minDf: 1 }), charBlock(3, 4, { minDf: 1 })];
  const terms = context.terms.termsFor(blocks);
  const plain = fitLinear({ blocks, l2: 1e-2 }, fold.train, context);
  const doubled = fitLinear({ blocks, l2: 1e-2, augment: (rows) => ({ terms: rows.map((row) => terms[row]!), classes: rows.map((row) => classes[row]!) }) }, fold.train, context);
  for (const row of fold.test) t.same(argmax(doubled(row)), argmax(plain(row)), `row ${row}`);
});

t.test('a bootstrap sample has the size of its rows, draws only from them, and repeats some', async (t) => {
  const rows = Array.from({ length: 100 }, (_, i) => 1000 + i);
  const sample = bootstrapSample(rows, seededRandom(1));
  t.equal(sample.length, rows.length);
  t.ok(sample.every((row) => rows.includes(row)));
  // About 1 − 1/e ≈ 63% of the rows are drawn at least once.
  const distinct = new Set(sample).size;
  t.ok(distinct > 50 && distinct < 75, `${distinct} distinct rows`);
  t.same(bootstrapSample(rows, seededRandom(1)), sample);
});

t.test('bagging predicts every test row, the same way for the same seed', async (t) => {
  const fold = folds[0]!;
  const spec = { blocks: [wordBlock(1, 2, { minDf: 1 }), charBlock(3, 4, { minDf: 1 })], l2: 1e-2 };
  const predicted = baggingVariation('bag', spec, 3).predict(fold.train, fold.test, context);
  t.equal(predicted.length, fold.test.length);
  t.ok(predicted.every((c) => c >= 0 && c < labels.length));
  t.same(baggingVariation('bag', spec, 3).predict(fold.train, fold.test, context), predicted);
});

t.test('class offsets move a decision only when weighted F1 gains', async (t) => {
  // Class 1 is always scored a little below class 0, so every class-1 row is misread until class 1 gets an offset.
  const scores = [0, 0, 1, 1].map((c) => Float64Array.from(c === 0 ? [0, -1] : [0, -0.2]));
  const offsets = tuneClassOffsets(scores, [0, 0, 1, 1], ['a', 'b']);
  t.equal(offsets[0], 0);
  t.ok(offsets[1]! > 0.2 && offsets[1]! < 1, `offset ${offsets[1]}`);
  t.same([...tuneClassOffsets([Float64Array.from([1, 0]), Float64Array.from([0, 1])], [0, 1], ['a', 'b'])], [0, 0]);
});

t.test('the CLI prints v1 and the chosen variation with its paired difference, and writes JSON', async (t) => {
  const csv = dataset.path;
  const json = join(mkdtempSync(join(tmpdir(), 'tagifai-variations-')), 'out.json');
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'src/classifier/training/variations-cli.ts', '--data', csv, '--only', 'min-df-1', '--folds', '2', '--repeats', '1', '--json', json], { encoding: 'utf8', timeout: 30_000 });
  t.match(output, /^v1 +\d\.\d{4} ± \d\.\d{4}/m);
  t.match(output, /^min-df-1 +\d\.\d{4} ± \d\.\d{4} +macro \d\.\d{4} +paired [+−]\d\.\d{4} ± \d\.\d{4} \(\d\/2\)/m);
  const written = JSON.parse(readFileSync(json, 'utf8')) as { id: string; foldWeightedF1: number[]; classF1: Record<string, number> }[];
  t.same(written.map((r) => r.id), ['v1', 'min-df-1']);
  t.same(Object.keys(written[1]!.classF1), labels);
  t.equal(written[1]!.foldWeightedF1.length, 2);
});

t.test('the CLI names the known variations when given an unknown one', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/classifier/training/variations-cli.ts', '--data', 'none.csv', '--only', 'nope'], { encoding: 'utf8', timeout: 30_000 });
  t.equal(run.status, 2);
  t.match(run.stderr, /unknown variation nope \(known: v1, /);
});
