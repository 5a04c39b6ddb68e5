/**
 * Hyper-parameter search by repeated stratified k-fold cross-validation on the training data only.
 *
 * For each candidate (feature blocks, L2 strength, class weighting) and each fold, the whole
 * pipeline is refitted on the training part — vocabulary and idf included, so the test part's words
 * never leak in — and scored on the test part. A candidate's score is the mean over all folds and
 * repeats, its spread the standard deviation. Out-of-fold logits are kept so the chosen candidate's
 * temperature can be fitted on predictions for rows its models never saw.
 */
import { Featurizer } from '../model/featurizer.js';
import { extractTerms, type NgramBlockConfig } from '../model/ngrams.js';
import { joinFields, preprocess } from '../model/preprocess.js';
import { classificationReport } from './classification-metrics.js';
import { fitVocabularies } from './fit-vocabulary.js';
import { fitSoftmaxRegression, logitsOf, softmaxInPlace } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import type { Fold } from './stratified-k-fold.js';

/** One point of the search grid. */
export interface Candidate {
  name: string;
  blocks: NgramBlockConfig[];
  l2: number;
  classWeight: 'none' | 'balanced';
}

/** Mean and (sample) standard deviation of a score over the folds. */
export interface Spread {
  mean: number;
  std: number;
}

/** A candidate's cross-validated scores. */
export interface CandidateResult {
  candidate: Candidate;
  weightedF1: Spread;
  macroF1: Spread;
  accuracy: Spread;
  perClassF1: Record<string, Spread>;
  /** Per fold weighted F1, in fold order (repeat-major). */
  foldWeightedF1: number[];
  /** `outOfFoldLogits[repeat][row]`: the logits row got from the fold model that did not see it. */
  outOfFoldLogits: Float64Array[][];
}

/** Mean and sample standard deviation. */
export function spreadOf(values: readonly number[]): Spread {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.length < 2 ? 0 : values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** Extracted terms per project for each distinct block, computed once and shared by candidates. */
export class TermCache {
  private readonly tokens: Record<NgramBlockConfig['field'], string[][]>;
  private readonly byBlock = new Map<string, string[][]>();
  constructor(projects: readonly { title: string; description: string }[]) {
    this.tokens = {
      text: projects.map((p) => preprocess(joinFields(p.title, p.description))),
      title: projects.map((p) => preprocess(p.title)),
    };
  }
  /** `terms[p][b]` for the given blocks. */
  termsFor(blocks: readonly NgramBlockConfig[]): string[][][] {
    const perBlock = blocks.map((block) => {
      const key = JSON.stringify([block.field, block.kind, block.minN, block.maxN, block.removeStopwords, block.dropWords ?? [], block.lexicon ?? null]);
      if (!this.byBlock.has(key)) this.byBlock.set(key, this.tokens[block.field].map((tokens) => extractTerms(tokens, block)));
      return this.byBlock.get(key)!;
    });
    return this.tokens.text.map((_, p) => perBlock.map((terms) => terms[p]!));
  }
}

/** Everything the search needs besides the candidates. */
export interface SearchContext {
  terms: TermCache;
  classes: number[];
  labels: readonly string[];
  folds: Fold[];
  maxIterations: number;
  /** Called after every fitted fold. */
  onFold?: () => void;
}

/** Cross-validates one candidate. */
export function crossValidate(candidate: Candidate, context: SearchContext): CandidateResult {
  const terms = context.terms.termsFor(candidate.blocks);
  const repeats = Math.max(...context.folds.map((f) => f.repeat)) + 1;
  const outOfFoldLogits = Array.from({ length: repeats }, () => new Array<Float64Array>(terms.length));
  const reports = context.folds.map((fold) => {
    const featurizer = new Featurizer(candidate.blocks, fitVocabularies(fold.train.map((row) => terms[row]!), candidate.blocks));
    const x = toCsr(fold.train.map((row) => featurizer.vectorize(terms[row]!)), featurizer.size);
    const { model } = fitSoftmaxRegression(x, fold.train.map((row) => context.classes[row]!), context.labels.length, {
      l2: candidate.l2,
      classWeight: candidate.classWeight,
      maxIterations: context.maxIterations,
    });
    const predicted = fold.test.map((row) => {
      const logits = logitsOf(model, featurizer.vectorize(terms[row]!));
      outOfFoldLogits[fold.repeat]![row] = logits;
      return argmax(softmaxInPlace(Float64Array.from(logits)));
    });
    context.onFold?.();
    return classificationReport(fold.test.map((row) => context.classes[row]!), predicted, context.labels);
  });
  const foldWeightedF1 = reports.map((r) => r.weighted.f1);
  return {
    candidate,
    weightedF1: spreadOf(foldWeightedF1),
    macroF1: spreadOf(reports.map((r) => r.macro.f1)),
    accuracy: spreadOf(reports.map((r) => r.accuracy)),
    perClassF1: Object.fromEntries(context.labels.map((label) => [label, spreadOf(reports.map((r) => r.perClass[label]!.f1))])),
    foldWeightedF1,
    outOfFoldLogits,
  };
}

/** Index of the largest value (first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** How many features a candidate can have at most, and how many n-gram orders it reads: smaller is simpler. */
function complexity(candidate: Candidate): number {
  return candidate.blocks.reduce((sum, block) => sum + (block.maxN - block.minN + 1), 0);
}

/**
 * Picks the candidate to train with the one-standard-error rule (Breiman et al., 1984; Hastie et
 * al., "Elements of Statistical Learning" §7.10): the best mean weighted F1, minus its standard
 * error over the folds (std / √folds), sets a floor; every candidate above the floor cannot be told
 * apart from the best, and among those the simplest wins — fewest n-gram orders, then strongest
 * regularisation, then unweighted classes. (The fold-to-fold std itself is too wide a band: it
 * measures how much one fold varies, not how well the mean is known.)
 */
export function selectCandidate(results: readonly CandidateResult[]): CandidateResult {
  const best = results.reduce((a, b) => (b.weightedF1.mean > a.weightedF1.mean ? b : a));
  const floor = best.weightedF1.mean - standardError(best);
  const tied = results.filter((r) => r.weightedF1.mean >= floor);
  return tied.sort(
    (a, b) =>
      complexity(a.candidate) - complexity(b.candidate) ||
      b.candidate.l2 - a.candidate.l2 ||
      Number(a.candidate.classWeight === 'balanced') - Number(b.candidate.classWeight === 'balanced') ||
      b.weightedF1.mean - a.weightedF1.mean,
  )[0]!;
}

/** Standard error of a candidate's mean weighted F1 over its folds. */
export function standardError(result: CandidateResult): number {
  return result.weightedF1.std / Math.sqrt(Math.max(1, result.foldWeightedF1.length));
}
