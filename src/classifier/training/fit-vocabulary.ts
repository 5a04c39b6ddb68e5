/**
 * Vocabulary fitting: which terms become features, and how rare (informative) each one is.
 *
 * Runs on training rows only — inside cross-validation on the training folds only — so a test
 * fold's words never leak into the features it is scored with. A term is kept when it appears in
 * at least `minDf` projects; at most `maxFeatures` terms are kept, most frequent first (ties broken
 * alphabetically so the vocabulary is deterministic). Inverse document frequency is smoothed as in
 * scikit-learn: idf = ln((1 + n) / (1 + df)) + 1, so a term in every project still weighs 1.
 */
import type { BlockVocabulary } from '../model/featurizer.js';
import type { NgramBlockConfig } from '../model/ngrams.js';

/** Fits one block's vocabulary from the extracted terms of each training project. */
export function fitBlockVocabulary(termsPerProject: readonly (readonly string[])[], block: NgramBlockConfig): BlockVocabulary {
  const documentFrequency = new Map<string, number>();
  for (const terms of termsPerProject) {
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const kept = [...documentFrequency.entries()]
    .filter(([, df]) => df >= block.minDf)
    .sort(([termA, dfA], [termB, dfB]) => dfB - dfA || (termA < termB ? -1 : termA > termB ? 1 : 0))
    .slice(0, block.maxFeatures);
  const n = termsPerProject.length;
  return {
    terms: kept.map(([term]) => term),
    idf: kept.map(([, df]) => Math.log((1 + n) / (1 + df)) + 1),
  };
}

/** Fits every block: `terms[p][b]` are project p's terms for block b. */
export function fitVocabularies(terms: readonly (readonly string[][])[], blocks: readonly NgramBlockConfig[]): BlockVocabulary[] {
  return blocks.map((block, b) => fitBlockVocabulary(terms.map((perBlock) => perBlock[b]!), block));
}
