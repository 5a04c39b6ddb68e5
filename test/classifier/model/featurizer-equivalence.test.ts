/**
 * The serving route of the featurizer (n-grams counted as slices, typed-array counts) gives the
 * same features, bit for bit, as the straightforward route it replaced: build every n-gram string,
 * count them in a Map, weight in ascending id order. The reference below is that older code, kept
 * here as the specification the fast code must match.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { LONGEST_REMEMBERED_TOKEN, REMEMBERED_TOKENS } from '../../../src/classifier/model/block-counter.js';
import { Featurizer, type BlockVocabulary, type PaddedBatch, type SparseVector } from '../../../src/classifier/model/featurizer.js';
import { parseModelMetadata } from '../../../src/classifier/model/metadata.js';
import { extractTerms, type NgramBlockConfig } from '../../../src/classifier/model/ngrams.js';
import { joinFields, preprocess } from '../../../src/classifier/model/preprocess.js';
import { GENERIC_ML_WORDS } from '../../../src/classifier/model/stopwords.js';
import { fitVocabularies } from '../../../src/classifier/training/fit-vocabulary.js';
import { tinyProjects } from '../training/tiny-dataset.js';

/** The Map-based featurizer, as it was before the fast route existed. */
function referenceTransform(blocks: readonly NgramBlockConfig[], vocabularies: readonly BlockVocabulary[], title: string, description: string): SparseVector {
  const text = preprocess(joinFields(title, description));
  const ids: number[] = [];
  const values: number[] = [];
  let offset = 0;
  blocks.forEach((block, b) => {
    const lookup = new Map(vocabularies[b]!.terms.map((term, index) => [term, index]));
    const counts = new Map<number, number>();
    for (const term of extractTerms(block.field === 'title' ? preprocess(title) : text, block)) {
      const index = lookup.get(term);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const local = [...counts.keys()].sort((x, y) => x - y);
    const weights = local.map((index) => (block.sublinearTf ? 1 + Math.log(counts.get(index)!) : counts.get(index)!) * vocabularies[b]!.idf[index]!);
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    if (norm > 0) local.forEach((index, i) => (ids.push(offset + index), values.push(weights[i]! * (block.weight / norm))));
    offset += vocabularies[b]!.terms.length;
  });
  return { ids, values };
}

/** A small lexicon whose entries the probes hit: plurals, a phrase with a stop word, a dropped generic word. */
const TEST_LEXICON = {
  'computer-vision': ['image', 'object detection', 'detection', 'camera'],
  'natural-language-processing': ['text', 'sentiment', 'part of speech', 'language model'],
  mlops: ['production', 'monitoring', 'deep learning'],
};

const base: NgramBlockConfig = { kind: 'word', field: 'text', minN: 1, maxN: 1, removeStopwords: false, minDf: 1, maxFeatures: 100000, sublinearTf: true, weight: 1 };
const BLOCK_SETS: Record<string, NgramBlockConfig[]> = {
  'word 1-3 without stop words, raw counts': [{ ...base, maxN: 3, removeStopwords: true, sublinearTf: false }],
  'char 1-6 with generic words dropped': [{ ...base, kind: 'char', minN: 1, maxN: 6, dropWords: [...GENERIC_ML_WORDS] }],
  'word 1-2 with a domain lexicon (generic words dropped) + char 3-5': [
    { ...base, maxN: 2, removeStopwords: true, dropWords: [...GENERIC_ML_WORDS], lexicon: TEST_LEXICON },
    { ...base, kind: 'char', minN: 3, maxN: 5, dropWords: [...GENERIC_ML_WORDS] },
  ],
  'word 2-2 + char 3-5 + title words at half weight': [
    { ...base, minN: 2, maxN: 2 },
    { ...base, kind: 'char', minN: 3, maxN: 5 },
    { ...base, field: 'title', weight: 0.5 },
  ],
};

const projects = tinyProjects();
// Edge cases: empty text, only unknown or dropped words, repeats, Unicode that NFKC folds, URLs.
const probes: [string, string][] = [
  ...projects.map((p): [string, string] => [p.title, p.description]),
  ['', ''],
  ['zebra quokka', ''],
  ['Machine learning', 'deep neural network models data'],
  ['images images images', 'image image text text'],
  ['ﬁne-tuning GPT-2 on Ünïcödé text 🚀', 'see https://example.com/a?b=c and www.example.org'],
  ['a', 'b c d e f g'],
  ['Part of speech tagging', 'language models for text in production; deep learning monitoring of images'],
];

for (const [name, blocks] of Object.entries(BLOCK_SETS)) {
  t.test(`transform equals the Map-based reference bit for bit (${name})`, async (t) => {
    const extract = new Featurizer(blocks, blocks.map(() => ({ terms: [], idf: [] })));
    const vocabularies = fitVocabularies(projects.map((p) => extract.extract(p.title, p.description)), blocks);
    const featurizer = new Featurizer(blocks, vocabularies);
    for (const [title, description] of probes) {
      const expected = referenceTransform(blocks, vocabularies, title, description);
      t.strictSame(featurizer.transform(title, description), expected, `transform: ${title}`);
      t.strictSame(featurizer.vectorize(featurizer.extract(title, description)), expected, `vectorize(extract): ${title}`);
    }
  });
}

t.test('concept terms of a lexicon block reach the vocabulary and the serving vector', async (t) => {
  const blocks = BLOCK_SETS['word 1-2 with a domain lexicon (generic words dropped) + char 3-5']!;
  const vocabularies = fitVocabularies(projects.map((p) => new Featurizer(blocks, blocks.map(() => ({ terms: [], idf: [] }))).extract(p.title, p.description)), blocks);
  const concept = vocabularies[0]!.terms.indexOf('__lex_computer-vision__');
  t.ok(concept >= 0, 'the concept term is in the word vocabulary');
  const featurizer = new Featurizer(blocks, vocabularies);
  t.ok(featurizer.transform('Cameras', 'zebra').ids.includes(concept), 'a lexicon word unknown to the vocabulary still gives the concept term');
  t.notOk(featurizer.transform('zebra', 'quokka').ids.includes(concept), 'no hit, no concept term');
});

t.test('the committed model featurizes every probe exactly as the reference does', async (t) => {
  const root = join(import.meta.dirname, '../../../models/tagifai/v1');
  const metadata = parseModelMetadata(readFileSync(join(root, 'metadata.json'), 'utf8'));
  const featurizer = new Featurizer(metadata.features.blocks, metadata.vocabularies);
  for (const [title, description] of probes) {
    t.strictSame(featurizer.transform(title, description), referenceTransform(metadata.features.blocks, metadata.vocabularies, title, description), title);
  }
});

t.test('repeated calls give the same vector (the reused counters are cleared after each call)', async (t) => {
  const blocks = BLOCK_SETS['word 2-2 + char 3-5 + title words at half weight']!;
  const vocabularies = fitVocabularies(projects.map((p) => new Featurizer(blocks, blocks.map(() => ({ terms: [], idf: [] }))).extract(p.title, p.description)), blocks);
  const featurizer = new Featurizer(blocks, vocabularies);
  const first = featurizer.transform('Object detection with YOLO', 'Detect cars in images');
  featurizer.transform('Sentiment analysis of tweets', 'text text text');
  featurizer.transform('', '');
  t.strictSame(featurizer.transform('Object detection with YOLO', 'Detect cars in images'), first);
});

/** The padded batch as the graph expects it, written plainly: row r is `vectors[r]`, then (0, 0) up to the widest row (at least 1). */
function padReference(vectors: readonly SparseVector[]): PaddedBatch {
  const width = Math.max(1, ...vectors.map((vector) => vector.ids.length));
  const ids = new BigInt64Array(vectors.length * width);
  const values = new Float32Array(vectors.length * width);
  vectors.forEach((vector, row) => {
    vector.ids.forEach((id, i) => {
      ids[row * width + i] = BigInt(id);
      values[row * width + i] = vector.values[i]!;
    });
  });
  return { rows: vectors.length, width, ids, values };
}

t.test('featurizeBatch equals padding the one-by-one vectors, whatever the previous batch was', async (t) => {
  const root = join(import.meta.dirname, '../../../models/tagifai/v1');
  const metadata = parseModelMetadata(readFileSync(join(root, 'metadata.json'), 'utf8'));
  const featurizer = new Featurizer(metadata.features.blocks, metadata.vocabularies);
  const items = probes.map(([title, description]) => ({ title, description }));
  const expected = padReference(items.map((item) => featurizer.transform(item.title, item.description)));
  // A larger batch first, so the reused buffer holds stale features past the next batch's end.
  featurizer.featurizeBatch([...items, ...items, ...items]);
  t.strictSame(featurizer.featurizeBatch(items), expected);
  t.strictSame(featurizer.featurizeBatch([{ title: 'Object detection with YOLO' }]), padReference([featurizer.transform('Object detection with YOLO')]), 'a missing description reads as empty');
});

t.test('features stay exact past REMEMBERED_TOKENS distinct words, when the remembered tokens start over', async (t) => {
  const root = join(import.meta.dirname, '../../../models/tagifai/v1');
  const metadata = parseModelMetadata(readFileSync(join(root, 'metadata.json'), 'utf8'));
  const featurizer = new Featurizer(metadata.features.blocks, metadata.vocabularies);
  const reference = (title: string, description: string) => referenceTransform(metadata.features.blocks, metadata.vocabularies, title, description);
  const [title, description] = probes[0]!;
  featurizer.transform(title, description);
  const manyWords = Array.from({ length: REMEMBERED_TOKENS + 10 }, (_, i) => `w${i.toString(36)}x`).join(' ');
  t.strictSame(featurizer.transform('Many words', manyWords), reference('Many words', manyWords));
  t.strictSame(featurizer.transform(title, description), reference(title, description), 'a word remembered before the reset');
});

t.test('tokens too long to remember are probed each time, with the same features', async (t) => {
  const root = join(import.meta.dirname, '../../../models/tagifai/v1');
  const metadata = parseModelMetadata(readFileSync(join(root, 'metadata.json'), 'utf8'));
  const featurizer = new Featurizer(metadata.features.blocks, metadata.vocabularies);
  const reference = (title: string, description: string) => referenceTransform(metadata.features.blocks, metadata.vocabularies, title, description);
  const atLimit = 'segmentation'.repeat(3).slice(0, LONGEST_REMEMBERED_TOKEN);
  const pastLimit = 'transformerdetectionpipeline'.repeat(400);
  const text = `${atLimit} image ${pastLimit} ${atLimit} ${pastLimit} text`;
  t.strictSame(featurizer.transform('Long words', text), reference('Long words', text));
  t.strictSame(featurizer.transform('Long words', text), reference('Long words', text), 'the second time, from the memo and the probe');
});
