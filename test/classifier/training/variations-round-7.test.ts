/**
 * The seventh round's variations (`variations-round-7.ts`) on the tiny fixture: the lexicon, LSA and
 * label-cleaning variations predict every test row, the same way twice; the cleaning reads only the
 * fold's training rows (relabelling the test rows changes nothing); and a treatment that keeps the
 * flagged rows as they are gives v1's predictions.
 */
import t from 'tap';
import { charBlock, wordBlock } from '../../../src/classifier/training/search-space.js';
import { repeatedStratifiedKFold } from '../../../src/classifier/training/stratified-k-fold.js';
import { linearVariation } from '../../../src/classifier/training/variation-harness.js';
import { cleanedVariation, foldLabelIssues, latentVariation, lexiconHalf } from '../../../src/classifier/training/variations-round-7.js';
import { allVariations } from '../../../src/classifier/training/variations.js';
import { DOMAIN_LEXICON } from '../../../src/classifier/training/domain-lexicon.js';
import { tinyDataset, tinyVariationContext } from './tiny-model.js';

const dataset = tinyDataset();
const context = tinyVariationContext(dataset);
const { classes, labels } = context;
const fold = repeatedStratifiedKFold(classes, 2, 1, 3)[0]!;
// The fixture is tiny: a term must occur once to be kept, or the folds have almost no vocabulary.
const spec = { blocks: [wordBlock(1, 2, { minDf: 1 }), charBlock(3, 4, { minDf: 1 })], l2: 1e-2 };
const byId = (id: string) => allVariations().find((v) => v.id === id)!;
const relabelled = classes.map((c, row) => (fold.test.includes(row) ? (c + 1) % labels.length : c));

t.test('the seventh-round variations are registered with the others', async (t) => {
  const ids = allVariations().map((v) => v.id);
  for (const id of ['lex-word', 'lex-block', 'cl-drop', 'cl-relabel', 'cl-weight-0.5', 'lsa-100']) t.ok(ids.includes(id), id);
});

t.test('the lexicon variations predict every test row, the same way twice, blind to test labels', async (t) => {
  for (const id of ['lex-word', 'lex-block-0.5']) {
    const predicted = byId(id).predict(fold.train, fold.test, context);
    t.equal(predicted.length, fold.test.length, id);
    t.ok(predicted.every((c) => Number.isInteger(c) && c >= 0 && c < labels.length), id);
    t.same(byId(id).predict(fold.train, fold.test, { ...context }), predicted, id);
    t.same(byId(id).predict(fold.train, fold.test, { ...context, classes: relabelled }), predicted, id);
  }
});

t.test('the cleaning variations predict every test row without reading the test rows\' labels', async (t) => {
  for (const kind of ['drop', 'relabel'] as const) {
    const variation = cleanedVariation(`cl-${kind}`, kind, spec, { kind });
    const predicted = variation.predict(fold.train, fold.test, { ...context });
    t.equal(predicted.length, fold.test.length, kind);
    t.ok(predicted.every((c) => c >= 0 && c < labels.length), kind);
    t.same(variation.predict(fold.train, fold.test, { ...context, classes: relabelled }), predicted, kind);
  }
});

t.test('the LSA variation predicts every test row, the same way twice, blind to test labels', async (t) => {
  const variation = latentVariation('lsa', 'test LSA', spec, 3, 2);
  const predicted = variation.predict(fold.train, fold.test, context);
  t.equal(predicted.length, fold.test.length);
  t.ok(predicted.every((c) => Number.isInteger(c) && c >= 0 && c < labels.length));
  t.same(variation.predict(fold.train, fold.test, context), predicted);
  t.same(variation.predict(fold.train, fold.test, { ...context, classes: relabelled }), predicted);
});

t.test('flagged rows are training rows only, and a row with a wrong label gets flagged', async (t) => {
  // Give one training row of the separable fixture another class's label: the inner folds doubt it.
  const victim = fold.train.find((row) => classes[row] === 0)!;
  const noisy = classes.map((c, row) => (row === victim ? 2 : c));
  const issues = foldLabelIssues(spec, fold.train, { ...context, classes: noisy });
  t.ok([...issues.keys()].every((row) => fold.train.includes(row)));
  t.ok(issues.has(victim), `flagged: ${[...issues.keys()].join(', ')}`);
  t.equal(issues.get(victim), 0, 'its true class is suggested');
});

t.test('down-weighting the flagged rows by 1 is v1 itself', async (t) => {
  const keep = cleanedVariation('cl-weight-1', 'weight 1', spec, { kind: 'down-weight', weight: 1 });
  const plain = linearVariation('plain', 'v1 on the fixture', spec);
  t.same(keep.predict(fold.train, fold.test, { ...context }), plain.predict(fold.train, fold.test, context));
});

t.test('the cleaning variations note how many rows they flagged', async (t) => {
  const fresh = { ...context };
  const variation = cleanedVariation('cl-drop', 'drop', spec, { kind: 'drop' });
  t.equal(variation.notes?.(fresh), undefined, 'nothing before a fold ran');
  variation.predict(fold.train, fold.test, fresh);
  t.match(variation.notes?.(fresh) ?? '', /^flagged training rows per fold: mean \d+\.\d \(min \d+, max \d+\); over all folds by given label: computer-vision \d+, /);
});

t.test('the two lexicon halves are disjoint, about even, and together the whole lexicon', async (t) => {
  const [a, b] = [lexiconHalf(0), lexiconHalf(1)];
  for (const [label, entries] of Object.entries(DOMAIN_LEXICON)) {
    t.ok(a[label]!.every((entry) => !b[label]!.includes(entry)), label);
    t.same([...a[label]!, ...b[label]!].sort(), [...entries].sort(), label);
    t.ok(Math.abs(a[label]!.length - b[label]!.length) <= 1, label);
  }
  t.same(lexiconHalf(0), a, 'the same seed gives the same halves');
});
