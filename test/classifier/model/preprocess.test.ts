/**
 * Preprocessing and tokenisation: how a project's text becomes tokens and n-gram terms.
 */
import fc from 'fast-check';
import t from 'tap';
import { joinFields, preprocess } from '../../../src/classifier/model/preprocess.js';
import { extractTerms, type NgramBlockConfig } from '../../../src/classifier/model/ngrams.js';

const block = (overrides: Partial<NgramBlockConfig>): NgramBlockConfig => ({
  kind: 'word',
  field: 'text',
  minN: 1,
  maxN: 1,
  removeStopwords: false,
  minDf: 1,
  maxFeatures: 100,
  sublinearTf: true,
  weight: 1,
  ...overrides,
});

t.test('lower-cases and splits on punctuation and whitespace', async (t) => {
  t.same(preprocess('BERT: Pre-training of Deep\tTransformers!'), ['bert', 'pre', 'training', 'of', 'deep', 'transformers']);
});

t.test('drops URLs entirely', async (t) => {
  t.same(preprocess('See https://arxiv.org/abs/1810.04805 and www.example.com/x now'), ['see', 'and', 'now']);
});

t.test('keeps digits and letters of other scripts, folds full-width characters (NFKC)', async (t) => {
  t.same(preprocess('YOLOv5 in 2020 — Ｃａｆé naïve'), ['yolov5', 'in', '2020', 'café', 'naïve']);
});

t.test('empty or punctuation-only text gives no tokens', async (t) => {
  t.same(preprocess(''), []);
  t.same(preprocess('  ...!?  '), []);
});

t.test('joins title and description with one space, title alone when there is no description', async (t) => {
  t.equal(joinFields('Title', 'Body'), 'Title Body');
  t.equal(joinFields('Title', ''), 'Title');
});

t.test('word n-grams cover every order in the range, in text order', async (t) => {
  t.same(extractTerms(['deep', 'image', 'models'], block({ minN: 1, maxN: 2 })), ['deep', 'image', 'models', 'deep image', 'image models']);
});

t.test('word n-grams skip stop words when asked, so bigrams join the content words', async (t) => {
  t.same(extractTerms(['detection', 'of', 'the', 'objects'], block({ maxN: 2, removeStopwords: true })), [
    'detection',
    'objects',
    'detection objects',
  ]);
});

t.test('character n-grams are taken inside each space-padded word', async (t) => {
  t.same(extractTerms(['cat', 'ai'], block({ kind: 'char', minN: 3, maxN: 4 })), [' ca', 'cat', 'at ', ' cat', 'cat ', ' ai', 'ai ', ' ai ']);
});

t.test('ASCII text gives the same tokens as the written steps (NFKC, lower-case, URLs, non-alphanumeric runs)', async (t) => {
  // The steps of PREPROCESS_STEPS, spelled out with the Unicode regular expressions.
  const reference = (text: string) =>
    text.normalize('NFKC').toLowerCase().replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').split(' ').filter((token) => token.length > 0);
  const pieces = fc.constantFrom('http://x.io/a?b=1', 'HTTPS://Y', 'www.site.org', 'xhttp://no', 'wwwx', 'BERT', 'pre-training', '3D', 'a_b', ' ', '\t', '\n', '.', ':', '(', ')', 'z9');
  const asciiText = fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.array(pieces).map((parts) => parts.join('')));
  const mismatch = fc.check(fc.property(asciiText, (text) => JSON.stringify(preprocess(text)) === JSON.stringify(reference(text))), { numRuns: 2000, seed: 9 });
  t.equal(mismatch.failed, false, `first mismatch: ${JSON.stringify(mismatch.counterexample)}`);
});
