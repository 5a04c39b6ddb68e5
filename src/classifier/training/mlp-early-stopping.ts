/**
 * Early stopping for the MLP (`mlp.ts`): how many epochs to train, chosen on rows the fit does not
 * see, and never on the rows the model will be scored on.
 *
 * The rows given here are a cross-validation fold's *training* part. A seeded stratified split
 * holds out one part of them (`validationFolds` = 5 → a fifth) as validation rows; a network is
 * trained on the rest, and after every epoch its class-weighted cross-entropy on the validation
 * rows is measured. Training stops once that loss has not improved for `patience` epochs; the
 * best epoch count is kept, and a fresh network is then trained on *all* the given rows for that
 * many epochs (the held-out fifth is too valuable on ~600 rows to leave out of the final fit).
 *
 * The validation logits of the best epoch come back as well: they are out-of-sample predictions,
 * which is what a temperature (`temperature-scaling.ts`) must be fitted on.
 */
import { fitMlp, mlpLogits, type MlpModel, type MlpOptions } from './mlp.js';
import { sampleWeights, softmaxInPlace } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import { repeatedStratifiedKFold } from './stratified-k-fold.js';
import type { SparseVector } from '../model/featurizer.js';

/** How the epoch count is searched. */
export interface EarlyStoppingOptions {
  /** Upper bound on the epochs of the search. */
  maxEpochs: number;
  /** Epochs without a better validation loss before the search stops. */
  patience: number;
  /** The validation rows are one fold of a stratified k-fold over the given rows with this k. */
  validationFolds: number;
}

/** The held-out split of some rows: positions into the given row list. */
export interface ValidationSplit {
  fit: number[];
  validation: number[];
}

/** One seeded stratified split of rows labelled `labels`: one fold held out, the rest to fit. */
export function validationSplit(labels: readonly number[], folds: number, seed: number): ValidationSplit {
  const fold = repeatedStratifiedKFold(labels, folds, 1, seed)[0]!;
  return { fit: fold.train, validation: fold.test };
}

/** Class-weighted mean cross-entropy of logits (the training objective without its penalty). */
export function weightedCrossEntropy(logits: readonly Float64Array[], labels: readonly number[], weights: Float64Array): number {
  let loss = 0;
  let total = 0;
  logits.forEach((z, i) => {
    const p = softmaxInPlace(Float64Array.from(z));
    loss -= weights[i]! * Math.log(Math.max(p[labels[i]!]!, 1e-300));
    total += weights[i]!;
  });
  return loss / total;
}

/** The outcome of a search: epochs, and the validation rows' logits at that epoch. */
export interface EpochChoice {
  epochs: number;
  validationLoss: number;
  validationLogits: Float64Array[];
}

/**
 * Trains on `split.fit` and picks the epoch with the lowest weighted cross-entropy on
 * `split.validation` (validation rows weighted as training rows are: balanced classes).
 * `features` is the width of the feature space (the featurizer's size).
 */
export function chooseEpochs(vectors: readonly SparseVector[], labels: readonly number[], classes: number, features: number, split: ValidationSplit, options: MlpOptions, stopping: EarlyStoppingOptions): EpochChoice {
  const fitRows = toCsr(split.fit.map((i) => vectors[i]!), features);
  const validationLabels = split.validation.map((i) => labels[i]!);
  const validationWeights = sampleWeights(validationLabels, classes, options.classWeight);
  let best: EpochChoice = { epochs: 1, validationLoss: Infinity, validationLogits: [] };
  let sinceBest = 0;
  fitMlp(fitRows, split.fit.map((i) => labels[i]!), classes, { ...options, epochs: stopping.maxEpochs }, (epoch, model) => {
    const logits = split.validation.map((i) => mlpLogits(model, vectors[i]!));
    const loss = weightedCrossEntropy(logits, validationLabels, validationWeights);
    if (loss < best.validationLoss) {
      best = { epochs: epoch, validationLoss: loss, validationLogits: logits };
      sinceBest = 0;
    } else sinceBest++;
    return sinceBest >= stopping.patience ? 'stop' : 'continue';
  });
  return best;
}

/** A network fitted with early stopping: the final model, and how its epoch count was chosen. */
export interface EarlyStoppedMlp {
  model: MlpModel;
  choice: EpochChoice;
  split: ValidationSplit;
}

/**
 * Chooses the epoch count on a held-out part of the rows (split seeded from `options.seed`),
 * then fits all rows for that many epochs.
 */
export function fitMlpWithEarlyStopping(vectors: readonly SparseVector[], labels: readonly number[], classes: number, features: number, options: MlpOptions, stopping: EarlyStoppingOptions): EarlyStoppedMlp {
  const split = validationSplit(labels, stopping.validationFolds, options.seed + 17);
  const choice = chooseEpochs(vectors, labels, classes, features, split, options, stopping);
  const model = fitMlp(toCsr(vectors, features), labels, classes, { ...options, epochs: choice.epochs });
  return { model, choice, split };
}
