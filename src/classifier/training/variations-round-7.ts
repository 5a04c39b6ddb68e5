/**
 * The seventh round of model variations (docs/model.md, "Seventh round"): knowledge and structure
 * v1 does not have, each a change of v1 scored on v1's folds by `npm run variations`.
 *
 * - a hand-written domain lexicon (`domain-lexicon.ts`, committed before any run that used it): its
 *   hits as concept terms in the word block, or as a small block of their own;
 * - label-noise cleaning by confident learning (`confident-learning.ts`): training rows whose label
 *   the inner out-of-fold probabilities doubt are dropped, relabelled or down-weighted;
 * - latent features (`latent-block.ts`): a truncated SVD (LSA) of the fold's own TF-IDF rows,
 *   appended as a dense block — linear in the TF-IDF vector, so it folds into v1's weight matrix.
 *
 * Every choice is made on the outer fold's training rows only; a test relabels the test rows and
 * expects the same predictions.
 */
import type { NgramBlockConfig } from '../model/ngrams.js';
import { joinFields, preprocess } from '../model/preprocess.js';
import { argmax } from './cross-validation.js';
import { findLabelIssues } from './confident-learning.js';
import { DOMAIN_LEXICON } from './domain-lexicon.js';
import { matcherFor } from '../model/lexicon-matcher.js';
import { fitLatentProjection, project } from './latent-block.js';
import { shuffled, seededRandom } from './random.js';
import { wordBlock } from './search-space.js';
import { fitSoftmaxRegression, logitsOf, softmaxInPlace } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import type { SparseVector } from '../model/featurizer.js';
import { fitFeatures, fitLinear, fitWeights, innerOutOfFold, linearVariation, memo, type LinearSpec, type Variation, type VariationContext } from './variation-harness.js';

/** The lexicon's concept terms of every project (one per hit), for the block that holds only them. */
const lexiconHits = memo((context: VariationContext) => {
  const matcher = matcherFor(DOMAIN_LEXICON);
  return context.projects.map((p) => matcher.hits(preprocess(joinFields(p.title, p.description))));
});

/**
 * Half of every class's list: each list shuffled with one seeded generator, then its even
 * (`part` 0) or odd (`part` 1) positions. The two halves are disjoint and together the lexicon: a
 * check that the gain comes from the lists as a whole, not from a few of their words.
 */
export function lexiconHalf(part: 0 | 1, seed = 7): Record<string, string[]> {
  const random = seededRandom(seed);
  return Object.fromEntries(Object.entries(DOMAIN_LEXICON).map(([label, entries]) => [label, shuffled(entries, random).filter((_, i) => i % 2 === part)]));
}

/**
 * v1 with a domain lexicon on its word block (`NgramBlockConfig.lexicon`, the mechanism v2 is
 * trained and served with), so its concept terms share the block's tf·idf and L2. `without` leaves
 * one class's list out (an ablation: what that class's list adds); `lexicon` is another lexicon
 * (default: the whole one).
 */
function lexiconInWordBlock(v1: LinearSpec, without?: string, lexicon: Readonly<Record<string, readonly string[]>> = DOMAIN_LEXICON): LinearSpec {
  const lists = Object.fromEntries(Object.entries(lexicon).filter(([label]) => label !== without));
  const [word, ...rest] = v1.blocks;
  return { ...v1, blocks: [{ ...word!, lexicon: lists }, ...rest] };
}

/** A block holding only the concept terms: four features at most, sublinear tf·idf, L2, then `weight`. */
export function lexiconBlock(weight: number): NgramBlockConfig {
  return wordBlock(1, 1, { removeStopwords: false, weight });
}

/** v1's two blocks plus a third block of the lexicon's concept terms at `weight`. */
function lexiconAsBlock(v1: LinearSpec, weight: number): LinearSpec {
  return {
    ...v1,
    blocks: [...v1.blocks, lexiconBlock(weight)],
    terms: memo((context: VariationContext) => {
      const hits = lexiconHits(context);
      return context.terms.termsFor(v1.blocks).map((perBlock, row) => [...perBlock, hits[row]!]);
    }),
  };
}

/** How a variation treats the training rows confident learning flags. */
export type NoiseTreatment = { kind: 'drop' } | { kind: 'relabel' } | { kind: 'down-weight'; weight: number };

/** Flagged rows of one outer fold's training part: row → suggested class. */
type FoldIssues = Map<number, number>;

const issueCache = new WeakMap<VariationContext, Map<string, FoldIssues>>();

/**
 * The training rows of a fold that confident learning flags, from v1's inner out-of-fold
 * probabilities over those rows only (cached: the three treatments share one inner k-fold).
 */
export function foldLabelIssues(v1: LinearSpec, train: readonly number[], context: VariationContext): FoldIssues {
  if (!issueCache.has(context)) issueCache.set(context, new Map());
  const cache = issueCache.get(context)!;
  const key = train.join(',');
  const cached = cache.get(key);
  if (cached) return cached;
  const logits = innerOutOfFold((rows) => fitLinear(v1, rows, context), train, context);
  const probabilities = train.map((row) => softmaxInPlace(Float64Array.from(logits.get(row)!)));
  const { suggested } = findLabelIssues(probabilities, train.map((row) => context.classes[row]!), context.labels.length);
  const issues: FoldIssues = new Map();
  train.forEach((row, i) => suggested[i]! >= 0 && issues.set(row, suggested[i]!));
  cache.set(key, issues);
  return issues;
}

/** Flagged rows per fold so far, and by given label, for the CLI's note under the scores. */
function issueNotes(context: VariationContext): string | undefined {
  const folds = [...(issueCache.get(context)?.values() ?? [])];
  if (folds.length === 0) return undefined;
  const counts = folds.map((issues) => issues.size);
  const byLabel = context.labels.map((label, c) => `${label} ${folds.reduce((n, issues) => n + [...issues.keys()].filter((row) => context.classes[row] === c).length, 0)}`);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  return `flagged training rows per fold: mean ${mean.toFixed(1)} (min ${Math.min(...counts)}, max ${Math.max(...counts)}); over all folds by given label: ${byLabel.join(', ')}`;
}

/** v1 fitted after confident learning: flagged rows dropped, relabelled or down-weighted. */
export function cleanedVariation(id: string, description: string, v1: LinearSpec, treatment: NoiseTreatment): Variation {
  return {
    id,
    description,
    notes: issueNotes,
    predict: (train, test, context) => {
      const issues = foldLabelIssues(v1, train, context);
      // The vocabulary reads no label, so it is fitted on every training row whatever the treatment.
      const { featurizer, terms } = fitFeatures(v1, train, context);
      const rows = treatment.kind === 'drop' ? train.filter((row) => !issues.has(row)) : [...train];
      const classes = rows.map((row) => (treatment.kind === 'relabel' && issues.has(row) ? issues.get(row)! : context.classes[row]!));
      const rowWeights = treatment.kind === 'down-weight' ? rows.map((row) => (issues.has(row) ? treatment.weight : 1)) : undefined;
      const model = fitWeights(v1, featurizer, rows.map((row) => terms[row]!), classes, context, rowWeights);
      return test.map((row) => argmax(logitsOf(model, featurizer.vectorize(terms[row]!))));
    },
  };
}

/**
 * v1's sparse features plus a dense block: the LSA projection (top `k` right singular vectors of
 * the fold's training TF-IDF matrix) of each row, times `scale`. Fitted on the training rows only.
 */
export function latentVariation(id: string, description: string, v1: LinearSpec, k: number, scale: number): Variation {
  return {
    id,
    description,
    predict: (train, test, context) => {
      const { featurizer, terms } = fitFeatures(v1, train, context);
      const vectorOf = (row: number): SparseVector => featurizer.vectorize(terms[row]!);
      const trainVectors = train.map(vectorOf);
      const projection = fitLatentProjection(toCsr(trainVectors, featurizer.size), k, context.seed + 404);
      const extended = (vector: SparseVector): SparseVector => {
        const z = project(projection, vector.ids, vector.values, scale);
        return { ids: [...vector.ids, ...Array.from(z, (_, c) => featurizer.size + c)], values: [...vector.values, ...z] };
      };
      const { model } = fitSoftmaxRegression(toCsr(trainVectors.map(extended), featurizer.size + projection.k), train.map((row) => context.classes[row]!), context.labels.length, {
        l2: v1.l2,
        classWeight: 'balanced',
        maxIterations: context.maxIterations,
      });
      return test.map((row) => argmax(logitsOf(model, extended(vectorOf(row)))));
    },
  };
}

/** The seventh round's variations of `v1` (the released spec: [word 1-2, char 3-5] blocks). */
export function seventhRoundVariations(v1: LinearSpec): Variation[] {
  return [
    linearVariation('lex-word', 'domain lexicon hits as concept terms in the word block', lexiconInWordBlock(v1)),
    { ...linearVariation('lex-word-grouped', 'lex-word on folds that keep near-duplicates together', lexiconInWordBlock(v1)), folds: 'grouped' as const },
    // Ablations of lex-word: the lexicon with one class's list left out.
    linearVariation('lex-word-no-cv', 'lex-word without the computer-vision list', lexiconInWordBlock(v1, 'computer-vision')),
    linearVariation('lex-word-no-mlops', 'lex-word without the mlops list', lexiconInWordBlock(v1, 'mlops')),
    linearVariation('lex-word-no-nlp', 'lex-word without the natural-language-processing list', lexiconInWordBlock(v1, 'natural-language-processing')),
    linearVariation('lex-word-no-other', 'lex-word without the other list', lexiconInWordBlock(v1, 'other')),
    linearVariation('lex-word-half-a', 'lex-word with a seeded half of every class list', lexiconInWordBlock(v1, undefined, lexiconHalf(0))),
    linearVariation('lex-word-half-b', 'lex-word with the other half of every class list', lexiconInWordBlock(v1, undefined, lexiconHalf(1))),
    linearVariation('lex-word-l2-1e-5', 'lex-word with L2 1e-5 (the other strength training cross-validates)', { ...lexiconInWordBlock(v1), l2: 1e-5 }),
    linearVariation('lex-block', 'domain lexicon hits as a block of their own, weight 1', lexiconAsBlock(v1, 1)),
    linearVariation('lex-block-0.5', 'domain lexicon hits as a block of their own, weight 0.5', lexiconAsBlock(v1, 0.5)),
    cleanedVariation('cl-drop', 'confident learning on inner out-of-fold probabilities: flagged training rows dropped', v1, { kind: 'drop' }),
    cleanedVariation('cl-relabel', 'confident learning: flagged training rows relabelled to the suggested class', v1, { kind: 'relabel' }),
    latentVariation('lsa-100', 'v1 + LSA block: 100 latent dimensions of the fold\'s TF-IDF, scale 1', v1, 100, 1),
    latentVariation('lsa-100-x3', 'v1 + LSA block: 100 latent dimensions, scale 3', v1, 100, 3),
    latentVariation('lsa-200', 'v1 + LSA block: 200 latent dimensions, scale 1', v1, 200, 1),
    latentVariation('lsa-200-x3', 'v1 + LSA block: 200 latent dimensions, scale 3', v1, 200, 3),
    cleanedVariation('cl-weight-0.5', 'confident learning: flagged training rows at half weight', v1, { kind: 'down-weight', weight: 0.5 }),
  ];
}

