/**
 * The building blocks of a model variation, scored by cross-validation against the released model.
 *
 * A variation is a way to predict the test rows of one fold from its training rows. Everything a
 * variation fits — vocabulary, idf, weights, and for the nested ones also bias offsets or a
 * meta-model — is fitted on that fold's training rows only; nested steps split the training rows
 * again (an inner stratified k-fold) to get out-of-fold predictions to tune on. So the fold's test
 * rows never influence any choice, and every variation can be compared with the released model
 * fold by fold (`variations-cli.ts` prints the paired difference).
 */
import { Featurizer, type BlockVocabulary } from '../model/featurizer.js';
import type { NgramBlockConfig } from '../model/ngrams.js';
import { classificationReport } from './classification-metrics.js';
import { argmax, TermCache } from './cross-validation.js';
import type { LabelledProject } from './dataset.js';
import { fitVocabularies } from './fit-vocabulary.js';
import { fitSoftmaxRegression, logitsOf, softmaxInPlace, type SoftmaxModel } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import { repeatedStratifiedKFold, type Fold } from './stratified-k-fold.js';

/** The data and settings every variation reads. */
export interface VariationContext {
  projects: readonly LabelledProject[];
  /** Class index of every project (into `labels`). */
  classes: number[];
  labels: readonly string[];
  terms: TermCache;
  seed: number;
  maxIterations: number;
  /** Folds of the nested steps (inner k-fold over a fold's training rows). */
  innerFolds: number;
  /** Near-duplicate group of every row (`near-duplicates.ts`): the group's first row. */
  groups: readonly number[];
}

/** How one variation predicts a fold, and which folds it is scored on. */
export interface Variation {
  /** Short stable name for `--only`. */
  id: string;
  description: string;
  /** `grouped`: near-duplicate rows always share a fold (see `near-duplicates.ts`). Default `stratified`. */
  folds?: 'stratified' | 'grouped';
  /** Predicted class of every row of `test`, fitted on `train` only. */
  predict(train: readonly number[], test: readonly number[], context: VariationContext): number[];
  /** What the variation found along the way (e.g. rows it flagged), printed under its scores. */
  notes?(context: VariationContext): string | undefined;
}

/** A linear softmax model over n-gram blocks: the family of the released model. */
export interface LinearSpec {
  blocks: NgramBlockConfig[];
  l2: number;
  /** Terms of every project per block; default: the standard extraction (`TermCache`). */
  terms?: (context: VariationContext) => string[][][];
  /** Rewrites the fitted vocabularies before weighting (e.g. idf set to 1 for a block). */
  vocabularies?: (fitted: BlockVocabulary[]) => BlockVocabulary[];
  /** Label smoothing ε of the softmax fit (default 0: plain cross-entropy). */
  labelSmoothing?: number;
  /** L1 penalty on the weights beside the L2 (elastic net, fitted by the OWL-QN mode of L-BFGS); default 0. */
  l1?: number;
  /**
   * Extra training examples fitted beside the fold's training rows (e.g. augmented copies of
   * them), as terms per block with their classes. The vocabulary and idf are still fitted on the
   * original rows only, so a copy cannot lift a term seen in one project over the df floor.
   */
  augment?: (rows: readonly number[], context: VariationContext) => AugmentedRows;
}

/** Training examples that are not rows of the dataset: terms per block, and a class each. */
export interface AugmentedRows {
  terms: string[][][];
  classes: number[];
}

/** A spec's featurizer fitted on some rows, with the term function it reads every row through. */
export interface FittedFeatures {
  featurizer: Featurizer;
  /** `terms[row][block]` of every project of the dataset. */
  terms: string[][][];
}

/** A fitted linear model: the raw logits of any project row. */
export type LogitsOf = (row: number) => Float64Array;

/** Computes a function of the context once per context (term extraction does not depend on the fold). */
export function memo<T>(compute: (context: VariationContext) => T): (context: VariationContext) => T {
  const cache = new WeakMap<VariationContext, T>();
  return (context) => {
    if (!cache.has(context)) cache.set(context, compute(context));
    return cache.get(context)!;
  };
}

/** Fits a spec's vocabularies and idf on `rows` (the fold's training rows). */
export function fitFeatures(spec: LinearSpec, rows: readonly number[], context: VariationContext): FittedFeatures {
  const terms = spec.terms ? spec.terms(context) : context.terms.termsFor(spec.blocks);
  const fitted = fitVocabularies(rows.map((row) => terms[row]!), spec.blocks);
  return { featurizer: new Featurizer(spec.blocks, spec.vocabularies ? spec.vocabularies(fitted) : fitted), terms };
}

/**
 * Fits the softmax weights of a spec on examples given as terms per block (balanced classes);
 * `rowWeights` (one per example, default all 1) scale each example's share of the loss.
 */
export function fitWeights(spec: LinearSpec, featurizer: Featurizer, terms: readonly string[][][], classes: readonly number[], context: VariationContext, rowWeights?: readonly number[]): SoftmaxModel {
  const x = toCsr(terms.map((perBlock) => featurizer.vectorize(perBlock)), featurizer.size);
  const { model } = fitSoftmaxRegression(x, classes, context.labels.length, {
    l2: spec.l2,
    classWeight: 'balanced',
    maxIterations: context.maxIterations,
    ...(spec.labelSmoothing === undefined ? {} : { labelSmoothing: spec.labelSmoothing }),
    ...(spec.l1 === undefined ? {} : { l1: spec.l1 }),
    ...(rowWeights === undefined ? {} : { rowWeights }),
  });
  return model;
}

/** Fits a linear spec on `rows` exactly as training does (vocabulary refitted, balanced classes). */
export function fitLinear(spec: LinearSpec, rows: readonly number[], context: VariationContext): LogitsOf {
  const { featurizer, terms } = fitFeatures(spec, rows, context);
  const extra = spec.augment ? spec.augment(rows, context) : { terms: [], classes: [] };
  const model = fitWeights(
    spec,
    featurizer,
    [...rows.map((row) => terms[row]!), ...extra.terms],
    [...rows.map((row) => context.classes[row]!), ...extra.classes],
    context,
  );
  return (row) => logitsOf(model, featurizer.vectorize(terms[row]!));
}

/** Out-of-fold logits of `rows` from an inner stratified k-fold over those rows only. */
export function innerOutOfFold(fit: (rows: readonly number[]) => LogitsOf, rows: readonly number[], context: VariationContext): Map<number, Float64Array> {
  const inner = repeatedStratifiedKFold(rows.map((row) => context.classes[row]!), context.innerFolds, 1, context.seed + 7);
  const logits = new Map<number, Float64Array>();
  for (const fold of inner) {
    const model = fit(fold.train.map((i) => rows[i]!));
    for (const i of fold.test) logits.set(rows[i]!, model(rows[i]!));
  }
  return logits;
}

/** Weighted F1 of predicted against true classes. */
export function weightedF1(truth: readonly number[], predicted: readonly number[], labels: readonly string[]): number {
  return classificationReport(truth, predicted, labels).weighted.f1;
}

/** The log of the softmax: log-probabilities, the scale stacking and bias offsets work on. */
export function logSoftmax(logits: Float64Array): Float64Array {
  return softmaxInPlace(Float64Array.from(logits)).map((p) => Math.log(Math.max(p, 1e-12)));
}

/**
 * Per-class offsets added to the log-probabilities that maximise weighted F1 on the given
 * predictions: coordinate search on a grid (class 0 stays at 0, only differences matter), three
 * passes, keeping the smaller change on ties so an offset moves only when it helps.
 */
export function tuneClassOffsets(scores: readonly Float64Array[], truth: readonly number[], labels: readonly string[]): Float64Array {
  const offsets = new Float64Array(labels.length);
  const scoreOf = () => weightedF1(truth, scores.map((z) => argmax(z.map((v, c) => v + offsets[c]!))), labels);
  let best = scoreOf();
  for (let pass = 0; pass < 3; pass++) {
    for (let c = 1; c < labels.length; c++) {
      const start = offsets[c]!;
      let bestValue = start;
      for (let step = -20; step <= 20; step++) {
        offsets[c] = step * 0.05;
        const score = scoreOf();
        if (score > best + 1e-12 || (Math.abs(score - best) <= 1e-12 && Math.abs(offsets[c]!) < Math.abs(bestValue))) {
          best = Math.max(best, score);
          bestValue = offsets[c]!;
        }
      }
      offsets[c] = bestValue;
    }
  }
  return offsets;
}

/** A variation that fits one linear model and takes the most probable class. */
export function linearVariation(id: string, description: string, spec: LinearSpec): Variation {
  return {
    id,
    description,
    predict: (train, test, context) => {
      const model = fitLinear(spec, train, context);
      return test.map((row) => argmax(model(row)));
    },
  };
}

/** Per-fold scores of one variation. */
export interface FoldScores {
  weightedF1: number[];
  macroF1: number[];
  /** F1 of each class (by label) on every fold. */
  classF1: Record<string, number[]>;
}

/** Runs a variation on every fold; `onFold` is called after each. */
export function scoreVariation(variation: Variation, folds: readonly Fold[], context: VariationContext, onFold?: () => void): FoldScores {
  const scores: FoldScores = { weightedF1: [], macroF1: [], classF1: Object.fromEntries(context.labels.map((label) => [label, []])) };
  for (const fold of folds) {
    const predicted = variation.predict(fold.train, fold.test, context);
    const report = classificationReport(fold.test.map((row) => context.classes[row]!), predicted, context.labels);
    scores.weightedF1.push(report.weighted.f1);
    scores.macroF1.push(report.macro.f1);
    for (const label of context.labels) scores.classF1[label]!.push(report.perClass[label]!.f1);
    onFold?.();
  }
  return scores;
}
