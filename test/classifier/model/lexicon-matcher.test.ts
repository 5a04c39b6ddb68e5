import t from 'tap';
import { conceptTerm, LexiconMatcher, matcherFor } from '../../../src/classifier/model/lexicon-matcher.js';
import { extractTerms, type NgramBlockConfig } from '../../../src/classifier/model/ngrams.js';

const LEXICON = {
  'computer-vision': ['image', 'object detection', 'detection', 'box'],
  'natural-language-processing': ['part of speech', 'text'],
};

t.test('a single word, a phrase and the phrase\'s last word each count as a hit, in token order', async (t) => {
  const matcher = new LexiconMatcher(LEXICON);
  t.strictSame(matcher.hits(['object', 'detection', 'in', 'text']), [
    conceptTerm('computer-vision'),
    conceptTerm('computer-vision'),
    conceptTerm('natural-language-processing'),
  ]);
  t.strictSame(matcher.hitLabels(['text', 'image']), [1, 0], 'label indices follow the lexicon\'s key order');
});

t.test('plurals with "s" and "es" match, other endings do not', async (t) => {
  const matcher = new LexiconMatcher(LEXICON);
  t.equal(matcher.hits(['images']).length, 1);
  t.equal(matcher.hits(['boxes']).length, 1);
  t.equal(matcher.hits(['imaged', 'imagery', 'imag', 'texting']).length, 0);
  t.equal(matcher.hits(['objects', 'detections']).length, 2, 'each word of a phrase may be plural');
});

t.test('a phrase needs all its words, in order, and may end the text', async (t) => {
  const matcher = new LexiconMatcher(LEXICON);
  t.strictSame(matcher.hits(['part', 'of', 'speech']), [conceptTerm('natural-language-processing')]);
  t.strictSame(matcher.hits(['part', 'of']), []);
  t.strictSame(matcher.hits(['speech', 'of', 'part']), []);
  t.strictSame(matcher.hits([]), []);
});

t.test('a word block with a lexicon adds concept terms read before its dropped and stop words go', async (t) => {
  const block: NgramBlockConfig = { kind: 'word', field: 'text', minN: 1, maxN: 1, removeStopwords: true, minDf: 1, maxFeatures: 100, sublinearTf: true, weight: 1, dropWords: ['image'], lexicon: LEXICON };
  t.strictSame(extractTerms(['image', 'part', 'of', 'speech'], block), ['part', 'speech', conceptTerm('computer-vision'), conceptTerm('natural-language-processing')]);
  t.strictSame(extractTerms(['image'], { ...block, kind: 'char', minN: 3, maxN: 3, dropWords: [] }), [' im', 'ima', 'mag', 'age', 'ge '], 'a character block ignores the lexicon');
});

t.test('one matcher is built per lexicon object', async (t) => {
  t.equal(matcherFor(LEXICON), matcherFor(LEXICON));
  t.not(matcherFor(LEXICON), matcherFor({ ...LEXICON }));
});
