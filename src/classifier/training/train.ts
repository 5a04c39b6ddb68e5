/**
 * The training pipeline: dataset → cross-validated choice → calibrated final model.
 *
 * 1. Load the CSV and map tags onto the four labels.
 * 2. Cross-validate every candidate with repeated stratified k-fold (refitting vocabularies per
 *    fold) and pick the simplest candidate within one standard error of the best.
 * 3. Fit the temperature on the chosen candidate's out-of-fold logits (calibration never sees
 *    predictions on training rows).
 * 4. Refit vocabulary and weights on all rows with the chosen hyper-parameters and fold the
 *    temperature into the weights.
 * Every step is deterministic given the seed (it only drives the fold shuffles; the optimiser
 * starts from zeros), so the same data and seed give bit-identical weights.
 */
import { Featurizer, type BlockVocabulary } from '../model/featurizer.js';
import type { CvMetrics } from '../model/metadata.js';
import type { NgramBlockConfig } from '../model/ngrams.js';
import { expectedCalibrationError } from './calibration-error.js';
import { crossValidate, selectCandidate, TermCache, type Candidate, type CandidateResult } from './cross-validation.js';
import { TAGIFAI_LABELS, type LabelledProject } from './dataset.js';
import { fitVocabularies } from './fit-vocabulary.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';
import { fitSoftmaxRegression, softmaxInPlace, withTemperature, type FitReport, type SoftmaxModel } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import { repeatedStratifiedKFold } from './stratified-k-fold.js';
import { fitTemperature } from './temperature-scaling.js';

/** What to train on and how hard to search. */
export interface TrainOptions {
  projects: readonly LabelledProject[];
  candidates: Candidate[];
  seed: number;
  folds: number;
  repeats: number;
  maxIterations: number;
  labels?: readonly string[];
  /** Where progress bars draw; omit for silence. */
  progress?: ProgressStream;
}

/** A trained model with everything needed to export and describe it. */
export interface TrainedTagifai {
  labels: string[];
  blocks: NgramBlockConfig[];
  vocabularies: BlockVocabulary[];
  featurizer: Featurizer;
  /** Calibrated: temperature already folded into weights and bias. */
  model: SoftmaxModel;
  candidate: Candidate;
  temperature: number;
  cv: CvMetrics;
  fit: Omit<FitReport, 'model'>;
  results: CandidateResult[];
}

/** Out-of-fold ECE of the chosen candidate at a temperature (all repeats pooled). */
function outOfFoldEce(result: CandidateResult, classes: readonly number[], temperature: number): number {
  const probabilities = result.outOfFoldLogits.flat().map((z) => softmaxInPlace(z.map((v) => v / temperature)));
  return expectedCalibrationError(probabilities, result.outOfFoldLogits.flatMap(() => classes)).ece;
}

function runSearch(options: TrainOptions, terms: TermCache, classes: number[], labels: readonly string[]): CandidateResult[] {
  const folds = repeatedStratifiedKFold(classes, options.folds, options.repeats, options.seed);
  const bar = options.progress && new ProgressBar('cross-validation', options.candidates.length * folds.length, options.progress);
  const results = options.candidates.map((candidate) => {
    const note = `${candidate.name} l2=${candidate.l2} ${candidate.classWeight}`;
    return crossValidate(candidate, { terms, classes, labels, folds, maxIterations: options.maxIterations, onFold: () => bar?.tick(1, note) });
  });
  bar?.finish();
  return results;
}

/** Runs the whole pipeline. */
export function trainTagifai(options: TrainOptions): TrainedTagifai {
  const labels = [...(options.labels ?? TAGIFAI_LABELS)];
  const classes = options.projects.map((p) => labels.indexOf(p.tag));
  const unknown = options.projects.find((p) => !labels.includes(p.tag));
  if (unknown) throw new Error(`training data has tag "${unknown.tag}", not one of ${labels.join(', ')}`);
  const terms = new TermCache(options.projects);
  const results = runSearch(options, terms, classes, labels);
  const chosen = selectCandidate(results);
  const pooledLabels = chosen.outOfFoldLogits.flatMap(() => classes);
  const temperature = fitTemperature(chosen.outOfFoldLogits.flat(), pooledLabels);

  const blocks = chosen.candidate.blocks;
  const allTerms = terms.termsFor(blocks);
  const vocabularies = fitVocabularies(allTerms, blocks);
  const featurizer = new Featurizer(blocks, vocabularies);
  const x = toCsr(allTerms.map((t) => featurizer.vectorize(t)), featurizer.size);
  const bar = options.progress && new ProgressBar('final fit', options.maxIterations, options.progress);
  const { model, ...fit } = fitSoftmaxRegression(x, classes, labels.length, {
    l2: chosen.candidate.l2,
    classWeight: chosen.candidate.classWeight,
    maxIterations: options.maxIterations,
    onIteration: () => bar?.tick(),
  });
  bar?.finish();
  const cv: CvMetrics = {
    folds: options.folds,
    repeats: options.repeats,
    seed: options.seed,
    weightedF1: chosen.weightedF1,
    macroF1: chosen.macroF1,
    accuracy: chosen.accuracy,
    perClassF1: chosen.perClassF1,
    eceBeforeCalibration: outOfFoldEce(chosen, classes, 1),
    eceAfterCalibration: outOfFoldEce(chosen, classes, temperature),
    candidates: results.map((r) => ({ name: r.candidate.name, l2: r.candidate.l2, classWeight: r.candidate.classWeight, weightedF1: r.weightedF1 })),
  };
  return {
    labels,
    blocks,
    vocabularies,
    featurizer,
    model: withTemperature(model, temperature),
    candidate: chosen.candidate,
    temperature,
    cv,
    fit,
    results,
  };
}
