/**
 * The hand-written domain lexicon (`domain-lexicon.ts`) as the matcher (model/lexicon-matcher.ts) reads it: the lexicon's shape
 * (30–80 entries per class, tokens as `preprocess` makes them, no entry in two classes) and what
 * the matcher counts as a hit (words, plurals, phrases, one concept term per hit).
 */
import t from 'tap';
import { DOMAIN_LEXICON } from '../../../src/classifier/training/domain-lexicon.js';
import { conceptTerm, LexiconMatcher } from '../../../src/classifier/model/lexicon-matcher.js';
import { TAGIFAI_LABELS } from '../../../src/classifier/training/dataset.js';
import { preprocess } from '../../../src/classifier/model/preprocess.js';

const matcher = new LexiconMatcher(DOMAIN_LEXICON);
const hitsOf = (text: string) => matcher.hits(preprocess(text));

t.test('every label has 30 to 80 entries, and no entry names two labels', async (t) => {
  t.same(Object.keys(DOMAIN_LEXICON).sort(), [...TAGIFAI_LABELS].sort());
  const seen = new Map<string, string>();
  for (const [label, entries] of Object.entries(DOMAIN_LEXICON)) {
    t.ok(entries.length >= 30 && entries.length <= 80, `${label}: ${entries.length}`);
    for (const entry of entries) {
      t.notOk(seen.has(entry), `"${entry}" in ${label} and ${seen.get(entry)}`);
      seen.set(entry, label);
    }
  }
});

t.test('entries are written as the preprocessor\'s tokens', async (t) => {
  for (const entries of Object.values(DOMAIN_LEXICON)) {
    for (const entry of entries) t.equal(preprocess(entry).join(' '), entry);
  }
});

t.test('a word, its plural and a phrase each count as a hit of their class', async (t) => {
  const cv = conceptTerm('computer-vision');
  t.same(hitsOf('Segmentation of images'), [cv, cv]);
  // "object detection" hits as a phrase and "detection" as a word: two pieces of evidence.
  t.same(hitsOf('Real-time object detection'), [cv, cv]);
  t.same(hitsOf('Deploy models with Kubernetes and CI/CD'), Array(3).fill(conceptTerm('mlops')));
  t.same(hitsOf('Sentiment of tweets'), [conceptTerm('natural-language-processing')]);
  t.same(hitsOf('Forecasting time series'), [conceptTerm('other'), conceptTerm('other')]);
});

t.test('a phrase needs all its words in order, and unrelated text has no hit', async (t) => {
  t.same(hitsOf('A store of features'), []);
  t.same(hitsOf('feature store'), [conceptTerm('mlops')]);
  t.same(hitsOf('A fast library for everyone'), []);
  // A word that only starts like an entry is not a hit ("imagery" is not "image" + s/es).
  t.same(hitsOf('imagery'), []);
});

t.test('a custom lexicon is matched the same way', async (t) => {
  const custom = new LexiconMatcher({ a: ['red apple'], b: ['pear'] });
  t.same(custom.hits(['red', 'apples', 'and', 'pears', 'red']), [conceptTerm('a'), conceptTerm('b')]);
});
