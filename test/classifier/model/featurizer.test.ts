/**
 * The featurizer: TF-IDF weighting, per-block L2 normalisation, id offsets and batch padding.
 */
import t from 'tap';
import { Featurizer } from '../../../src/classifier/model/featurizer.js';
import { extractTerms, type NgramBlockConfig } from '../../../src/classifier/model/ngrams.js';

const words: NgramBlockConfig = { kind: 'word', field: 'text', minN: 1, maxN: 1, removeStopwords: false, minDf: 1, maxFeatures: 10, sublinearTf: false, weight: 1 };
const titleWords: NgramBlockConfig = { ...words, field: 'title', sublinearTf: true, weight: 0.5 };

const featurizer = new Featurizer(
  [words, titleWords],
  [
    { terms: ['image', 'text', 'model'], idf: [2, 1, 1] },
    { terms: ['image', 'text'], idf: [1, 1] },
  ],
);

t.test('weights counts by idf and L2-normalises each block', async (t) => {
  // Text block: image ×2 (tf 2 · idf 2 = 4), model ×1 (1) → norm √17. Title block: image (1).
  const vector = featurizer.transform('Image', 'image model');
  t.same(vector.ids, [0, 2, 3]);
  t.ok(Math.abs(vector.values[0]! - 4 / Math.sqrt(17)) < 1e-12);
  t.ok(Math.abs(vector.values[1]! - 1 / Math.sqrt(17)) < 1e-12);
  t.ok(Math.abs(vector.values[2]! - 0.5) < 1e-12, 'title block scaled by its weight');
});

t.test('a title-only block ignores the description', async (t) => {
  const vector = featurizer.transform('nothing known', 'text');
  t.same(vector.ids, [1]);
});

t.test('unknown words produce an empty vector rather than an error', async (t) => {
  t.same(featurizer.transform('zebra', 'quokka'), { ids: [], values: [] });
});

t.test('size is the total vocabulary over blocks', async (t) => {
  t.equal(featurizer.size, 5);
});

t.test('a batch pads every row to the widest with id 0 and value 0', async (t) => {
  // Row 0 is the first test's project (3 features), row 1 has the text block's "text" only.
  const batch = featurizer.featurizeBatch([
    { title: 'Image', description: 'image model' },
    { title: 'nothing known', description: 'text' },
  ]);
  t.equal(batch.rows, 2);
  t.equal(batch.width, 3);
  t.same([...batch.ids], [0n, 2n, 3n, 1n, 0n, 0n]);
  const expected = [4 / Math.sqrt(17), 1 / Math.sqrt(17), 0.5, 1, 0, 0].map(Math.fround);
  t.same([...batch.values], expected, 'values narrowed to float32, padding 0');
});

t.test('a batch in which no project has a known word still has width 1', async (t) => {
  const batch = featurizer.featurizeBatch([{ title: 'zebra' }, { title: 'quokka', description: 'wombat' }]);
  t.equal(batch.rows, 2);
  t.equal(batch.width, 1);
  t.same([...batch.ids], [0n, 0n]);
  t.same([...batch.values], [0, 0]);
});

t.test('rejects a vocabulary list that does not match the blocks', async (t) => {
  t.throws(() => new Featurizer([words], []), /1 block configs but 0 vocabularies/);
});

t.test('dropWords removes generic tokens before word and character n-grams alike', async (t) => {
  const generic = { dropWords: ['machine', 'learning'] };
  t.same(extractTerms(['machine', 'translation'], { ...words, ...generic }), ['translation']);
  const chars: NgramBlockConfig = { ...words, kind: 'char', minN: 3, maxN: 3, ...generic };
  t.same(extractTerms(['learning', 'mt'], chars), [' mt', 'mt ']);
  t.same(extractTerms(['learning', 'mt'], words), ['learning', 'mt'], 'blocks without the field keep every token');
});
