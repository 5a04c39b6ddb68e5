/**
 * Softmax (multinomial logistic) regression: the classifier behind tagifai.
 *
 * logits = x·W + b, probabilities = softmax(logits). Fitted by minimising the mean cross-entropy
 * plus an L2 penalty (λ/2)·‖W‖² with L-BFGS from all-zero weights: the problem is strictly convex,
 * so there is exactly one answer and training is deterministic. Optional "balanced" class weights
 * scale each project's loss by n / (classes · n_class), so the rare mlops class is not ignored.
 * Optional label smoothing replaces each one-hot target by (1 − ε)·one-hot + ε/classes (Szegedy
 * et al., 2016), which keeps the model from driving a training row's probability all the way to 1.
 * An optional L1 penalty l1·Σ|W| (elastic net, beside the L2) is fitted by the OWL-QN mode of L-BFGS.
 * The weight matrix is stored feature-major (row j = feature j's contribution to every class): the
 * exact layout the ONNX graph gathers rows from.
 */
import type { SparseVector } from '../model/featurizer.js';
import { minimizeLbfgs } from './lbfgs.js';
import type { CsrMatrix } from './sparse-matrix.js';

/** Hyper-parameters of one fit. */
export interface SoftmaxRegressionOptions {
  /** L2 penalty strength λ (on weights, not on the bias). */
  l2: number;
  classWeight: 'none' | 'balanced';
  maxIterations: number;
  /** Label smoothing ε in [0, 1): the share of each target spread evenly over the classes. Default 0. */
  labelSmoothing?: number;
  /** L1 penalty strength on the weights (not the bias); default 0. Fitted by OWL-QN when > 0. */
  l1?: number;
  /**
   * A weight per row, multiplied into the class weights (default: all 1). A row at 0.5 counts half
   * (e.g. one whose label is doubtful); the balanced class weights are still computed from counts.
   */
  rowWeights?: readonly number[];
  onIteration?: (iteration: number, loss: number) => void;
}

/** A fitted model: `weights[feature * classes + c]`, `bias[c]`. */
export interface SoftmaxModel {
  features: number;
  classes: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** The fit's outcome besides the model, for the training summary. */
export interface FitReport {
  model: SoftmaxModel;
  loss: number;
  iterations: number;
  converged: boolean;
}

/** In-place numerically stable softmax of `z` (subtracts the max before exponentiating). */
export function softmaxInPlace(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c]! - max);
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

/** Per-row sample weights: all 1, or balanced so each class carries the same total weight. */
export function sampleWeights(labels: readonly number[], classes: number, mode: 'none' | 'balanced'): Float64Array {
  if (mode === 'none') return new Float64Array(labels.length).fill(1);
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]!++;
  return Float64Array.from(labels, (y) => labels.length / (classes * counts[y]!));
}

/** The loss and gradient over the packed parameters [W (features × classes), b (classes)]. */
function crossEntropyObjective(x: CsrMatrix, labels: readonly number[], classes: number, weights: Float64Array, l2: number, smoothing: number) {
  // Target of class c for a row labelled y: (1 − ε)·[c = y] + ε/classes. With ε = 0 the loss
  // reduces to −log p_y and the gradient to p − one-hot, the plain cross-entropy.
  const spread = smoothing / classes;
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const biasAt = x.columns * classes;
  const z = new Float64Array(classes);
  return (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < classes; c++) z[c] = theta[biasAt + c]!;
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) {
        const row = x.columnIndex[k]! * classes;
        const v = x.values[k]!;
        for (let c = 0; c < classes; c++) z[c]! += v * theta[row + c]!;
      }
      softmaxInPlace(z);
      const scale = weights[i]! / totalWeight;
      const y = labels[i]!;
      loss -= scale * (1 - smoothing) * Math.log(Math.max(z[y]!, 1e-300));
      if (spread > 0) {
        for (let c = 0; c < classes; c++) {
          loss -= scale * spread * Math.log(Math.max(z[c]!, 1e-300));
          z[c]! -= spread;
        }
      }
      z[y]! -= 1 - smoothing;
      for (let c = 0; c < classes; c++) gradient[biasAt + c]! += scale * z[c]!;
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) {
        const row = x.columnIndex[k]! * classes;
        const v = scale * x.values[k]!;
        for (let c = 0; c < classes; c++) gradient[row + c]! += v * z[c]!;
      }
    }
    for (let j = 0; j < biasAt; j++) {
      loss += 0.5 * l2 * theta[j]! * theta[j]!;
      gradient[j]! += l2 * theta[j]!;
    }
    return loss;
  };
}

/** Fits the model to rows `x` with class indices `labels`. */
export function fitSoftmaxRegression(
  x: CsrMatrix,
  labels: readonly number[],
  classes: number,
  options: SoftmaxRegressionOptions,
): FitReport {
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`label smoothing must be in [0, 1), got ${smoothing}`);
  const weights = sampleWeights(labels, classes, options.classWeight);
  if (options.rowWeights) {
    if (options.rowWeights.length !== labels.length) throw new RangeError(`${options.rowWeights.length} row weights for ${labels.length} rows`);
    options.rowWeights.forEach((w, i) => (weights[i]! *= w));
  }
  const objective = crossEntropyObjective(x, labels, classes, weights, options.l2, smoothing);
  const parameters = (x.columns + 1) * classes;
  const l1 = options.l1 ?? 0;
  const result = minimizeLbfgs(objective, new Float64Array(parameters), {
    maxIterations: options.maxIterations,
    gradientTolerance: 1e-6,
    memory: 10,
    // The bias (the last `classes` parameters) is not penalised.
    ...(l1 > 0 ? { l1: new Float64Array(parameters).fill(l1, 0, x.columns * classes) } : {}),
    ...(options.onIteration ? { onIteration: options.onIteration } : {}),
  });
  const biasAt = x.columns * classes;
  const model = {
    features: x.columns,
    classes,
    weights: result.x.slice(0, biasAt),
    bias: result.x.slice(biasAt),
  };
  return { model, loss: result.loss, iterations: result.iterations, converged: result.converged };
}

/** Raw scores (before softmax) of one sparse vector. */
export function logitsOf(model: SoftmaxModel, vector: SparseVector): Float64Array {
  const z = Float64Array.from(model.bias);
  vector.ids.forEach((id, k) => {
    for (let c = 0; c < model.classes; c++) z[c]! += vector.values[k]! * model.weights[id * model.classes + c]!;
  });
  return z;
}

/** Class probabilities of one sparse vector. */
export function probabilitiesOf(model: SoftmaxModel, vector: SparseVector): Float64Array {
  return softmaxInPlace(logitsOf(model, vector));
}

/**
 * Divides weights and bias by a temperature: softmax(z / T) becomes the model's own output, so
 * calibration costs nothing at serving time and the ONNX graph stays a plain softmax regression.
 */
export function withTemperature(model: SoftmaxModel, temperature: number): SoftmaxModel {
  return {
    ...model,
    weights: model.weights.map((w) => w / temperature),
    bias: model.bias.map((b) => b / temperature),
  };
}
