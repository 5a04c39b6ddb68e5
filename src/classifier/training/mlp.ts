/**
 * A one-hidden-layer neural network (multi-layer perceptron) over the sparse TF-IDF features: the
 * sixth round's new model family (docs/model.md, "Sixth round").
 *
 *   a = x·W₁ + b₁,  h = ReLU(a),  z = h·W₂ + b₂,  p = softmax(z)
 *
 * It is the softmax regression of `softmax-regression.ts` with a learnt, non-linear re-description
 * of the input in between: where v1 adds up one vote per n-gram, the hidden units can respond to
 * combinations of n-grams ("transformer" together with "image"). The price is a non-convex loss, so
 * the answer depends on the starting point and the order of the steps; both come from one seeded
 * generator, which makes training deterministic (same seed, same weights, bit for bit).
 *
 * Training minimises the same objective as v1 — the class-weighted mean cross-entropy (balanced
 * weights n / (classes · n_class)) plus (λ/2)·(‖W₁‖² + ‖W₂‖²) — by Adam (Kingma & Ba, 2015) on
 * seeded mini-batches, with two dropouts (Srivastava et al., 2014) that only training applies:
 * each non-zero input feature is dropped with probability `inputDropout` (on TF-IDF rows this is
 * much like deleting n-grams from the project), each hidden unit with probability `hiddenDropout`;
 * survivors are scaled by 1 / (1 − rate) so prediction needs no rescaling. How many epochs to run
 * is chosen elsewhere (`mlp-early-stopping.ts`), on rows the fit does not see.
 *
 * W₁ is stored feature-major (row j = feature j's weight into every hidden unit): a sparse project
 * gathers only its own rows, as the ONNX graph of v1 gathers rows of its weight matrix.
 */
import type { SparseVector } from '../model/featurizer.js';
import { seededRandom, shuffled } from './random.js';
import { sampleWeights, softmaxInPlace } from './softmax-regression.js';
import type { CsrMatrix } from './sparse-matrix.js';

/** The shape of a network and how it is trained. */
export interface MlpOptions {
  /** Hidden ReLU units. */
  hidden: number;
  /** Probability that a non-zero input feature is dropped in a training step, in [0, 1). */
  inputDropout: number;
  /** Probability that a hidden unit is dropped in a training step, in [0, 1). */
  hiddenDropout: number;
  /** L2 penalty λ on W₁ and W₂ (not on the biases). */
  l2: number;
  /** Adam's step size. */
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  classWeight: 'none' | 'balanced';
}

/** A network's sizes and all its parameters in one array (see `mlpParts` for the layout). */
export interface MlpModel {
  features: number;
  hidden: number;
  classes: number;
  parameters: Float64Array;
}

/** Views into a parameter (or gradient) array: W₁ feature-major, then b₁, W₂ hidden-major, b₂. */
export interface MlpParts {
  inputWeights: Float64Array;
  hiddenBias: Float64Array;
  outputWeights: Float64Array;
  outputBias: Float64Array;
}

/** Number of parameters of a network of these sizes. */
export function mlpParameterCount(features: number, hidden: number, classes: number): number {
  return features * hidden + hidden + hidden * classes + classes;
}

/** Splits a packed parameter array into its four parts (views, no copies). */
export function mlpParts(model: Pick<MlpModel, 'features' | 'hidden' | 'classes'>, packed: Float64Array): MlpParts {
  const { features: f, hidden: h, classes: c } = model;
  return {
    inputWeights: packed.subarray(0, f * h),
    hiddenBias: packed.subarray(f * h, f * h + h),
    outputWeights: packed.subarray(f * h + h, f * h + h + h * c),
    outputBias: packed.subarray(f * h + h + h * c, f * h + h + h * c + c),
  };
}

/**
 * A new network with seeded Glorot-uniform weights (±√(6 / (fan in + fan out))) and zero biases.
 * The symmetric random start is what lets hidden units learn different things.
 */
export function initialMlp(features: number, hidden: number, classes: number, random: () => number): MlpModel {
  const model = { features, hidden, classes, parameters: new Float64Array(mlpParameterCount(features, hidden, classes)) };
  const parts = mlpParts(model, model.parameters);
  const fill = (weights: Float64Array, fanIn: number, fanOut: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < weights.length; i++) weights[i] = (2 * random() - 1) * limit;
  };
  fill(parts.inputWeights, features, hidden);
  fill(parts.outputWeights, hidden, classes);
  return model;
}

/** Random choices of one training step; absent at prediction time (no dropout). */
interface Dropout {
  random: () => number;
  input: number;
  hidden: number;
}

/** Forward pass of one row: writes its hidden activations (after ReLU and dropout) and its logits. */
function forwardRow(model: MlpModel, parts: MlpParts, ids: ArrayLike<number>, values: ArrayLike<number>, dropout: Dropout | undefined, hiddenOut: Float64Array, logits: Float64Array): void {
  const { hidden: h, classes: c } = model;
  hiddenOut.set(parts.hiddenBias);
  for (let k = 0; k < ids.length; k++) {
    const value = values[k]!;
    if (value === 0) continue;
    const row = ids[k]! * h;
    for (let u = 0; u < h; u++) hiddenOut[u]! += value * parts.inputWeights[row + u]!;
  }
  const keepHidden = dropout ? 1 - dropout.hidden : 1;
  for (let u = 0; u < h; u++) {
    const active = hiddenOut[u]! > 0 ? hiddenOut[u]! : 0;
    // A dropped unit is stored as 0: its gradient is then 0 too, exactly as for an inactive ReLU.
    hiddenOut[u] = dropout && dropout.hidden > 0 ? (dropout.random() < keepHidden ? active / keepHidden : 0) : active;
  }
  logits.set(parts.outputBias);
  for (let u = 0; u < h; u++) {
    const activation = hiddenOut[u]!;
    if (activation === 0) continue;
    for (let j = 0; j < c; j++) logits[j]! += activation * parts.outputWeights[u * c + j]!;
  }
}

/** Raw scores (before softmax) of one sparse vector, without dropout: what prediction uses. */
export function mlpLogits(model: MlpModel, vector: SparseVector): Float64Array {
  const logits = new Float64Array(model.classes);
  forwardRow(model, mlpParts(model, model.parameters), vector.ids, vector.values, undefined, new Float64Array(model.hidden), logits);
  return logits;
}

/** Class probabilities of one sparse vector. */
export function mlpProbabilities(model: MlpModel, vector: SparseVector): Float64Array {
  return softmaxInPlace(mlpLogits(model, vector));
}

/** Which rows a loss is taken over, with their classes and per-row loss weights. */
export interface MlpBatch {
  x: CsrMatrix;
  rows: readonly number[];
  labels: readonly number[];
  /** Loss weight of every row of `x` (class weights); the batch's weights are normalised to sum 1. */
  rowWeights: Float64Array;
}

/**
 * The objective over one batch — weighted mean cross-entropy + (λ/2)·‖W‖² — and its gradient,
 * written into `gradient` (same layout as the parameters). With `dropout`, the masks are drawn
 * from its generator, so two calls with generators in the same state see the same masks (which
 * is how the gradient check in the tests holds the network fixed).
 */
export function mlpLossAndGradient(model: MlpModel, batch: MlpBatch, l2: number, gradient: Float64Array, dropout?: Dropout): number {
  const { hidden: h, classes: c } = model;
  const parts = mlpParts(model, model.parameters);
  const grad = mlpParts(model, gradient);
  gradient.fill(0);
  const hiddenOut = new Float64Array(h);
  const logits = new Float64Array(c);
  const hiddenGradient = new Float64Array(h);
  let totalWeight = 0;
  for (const row of batch.rows) totalWeight += batch.rowWeights[row]!;
  let loss = 0;
  const keepInput = dropout ? 1 - dropout.input : 1;
  for (const row of batch.rows) {
    const start = batch.x.rowStart[row]!;
    const ids = batch.x.columnIndex.subarray(start, batch.x.rowStart[row + 1]!);
    const values = Float64Array.from(batch.x.values.subarray(start, batch.x.rowStart[row + 1]!));
    if (dropout && dropout.input > 0) {
      for (let k = 0; k < values.length; k++) values[k] = dropout.random() < keepInput ? values[k]! / keepInput : 0;
    }
    forwardRow(model, parts, ids, values, dropout, hiddenOut, logits);
    softmaxInPlace(logits);
    const scale = batch.rowWeights[row]! / totalWeight;
    const label = batch.labels[row]!;
    loss -= scale * Math.log(Math.max(logits[label]!, 1e-300));
    // ∂loss/∂z = scale · (p − one-hot); from here back through W₂, the ReLU and W₁.
    logits[label]! -= 1;
    for (let j = 0; j < c; j++) {
      logits[j]! *= scale;
      grad.outputBias[j]! += logits[j]!;
    }
    for (let u = 0; u < h; u++) {
      const activation = hiddenOut[u]!;
      let back = 0;
      for (let j = 0; j < c; j++) {
        grad.outputWeights[u * c + j]! += activation * logits[j]!;
        back += parts.outputWeights[u * c + j]! * logits[j]!;
      }
      // An inactive or dropped unit passes nothing back; a kept one carries its dropout scale.
      hiddenGradient[u] = activation > 0 ? back * (dropout && dropout.hidden > 0 ? 1 / (1 - dropout.hidden) : 1) : 0;
      grad.hiddenBias[u]! += hiddenGradient[u]!;
    }
    for (let k = 0; k < ids.length; k++) {
      const value = values[k]!;
      if (value === 0) continue;
      const offset = ids[k]! * h;
      for (let u = 0; u < h; u++) grad.inputWeights[offset + u]! += value * hiddenGradient[u]!;
    }
  }
  for (const [weights, weightGradient] of [[parts.inputWeights, grad.inputWeights], [parts.outputWeights, grad.outputWeights]] as const) {
    for (let i = 0; i < weights.length; i++) {
      loss += 0.5 * l2 * weights[i]! * weights[i]!;
      weightGradient[i]! += l2 * weights[i]!;
    }
  }
  return loss;
}

/** Adam's running moments, one pair per parameter. */
class AdamState {
  private readonly first: Float64Array;
  private readonly second: Float64Array;
  private step = 0;
  constructor(size: number, private readonly learningRate: number) {
    this.first = new Float64Array(size);
    this.second = new Float64Array(size);
  }
  /** One bias-corrected Adam update of `parameters` along `gradient` (β₁ 0.9, β₂ 0.999, ε 1e-8). */
  update(parameters: Float64Array, gradient: Float64Array): void {
    this.step++;
    const correction1 = 1 - 0.9 ** this.step;
    const correction2 = 1 - 0.999 ** this.step;
    const rate = this.learningRate * Math.sqrt(correction2) / correction1;
    for (let i = 0; i < parameters.length; i++) {
      const g = gradient[i]!;
      const m = (this.first[i] = 0.9 * this.first[i]! + 0.1 * g);
      const v = (this.second[i] = 0.999 * this.second[i]! + 0.001 * g * g);
      parameters[i]! -= rate * m / (Math.sqrt(v) + 1e-8);
    }
  }
}

/**
 * After each epoch: sees the model (early stopping measures the validation loss there) and
 * returns `'stop'` to end training early.
 */
export type EpochCallback = (epoch: number, model: MlpModel) => 'stop' | 'continue';

/**
 * Trains a network on all rows of `x` for `options.epochs` epochs (fewer if `onEpoch` stops it).
 * One seeded generator draws the initial weights, then every epoch's row order and every dropout
 * mask, in that order.
 */
export function fitMlp(x: CsrMatrix, labels: readonly number[], classes: number, options: MlpOptions, onEpoch?: EpochCallback): MlpModel {
  for (const [name, rate] of [['input', options.inputDropout], ['hidden', options.hiddenDropout]] as const) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`${name} dropout must be in [0, 1), got ${rate}`);
  }
  const random = seededRandom(options.seed);
  const model = initialMlp(x.columns, options.hidden, classes, random);
  const rowWeights = sampleWeights(labels, classes, options.classWeight);
  const gradient = new Float64Array(model.parameters.length);
  const adam = new AdamState(model.parameters.length, options.learningRate);
  const dropout: Dropout = { random, input: options.inputDropout, hidden: options.hiddenDropout };
  const allRows = Array.from({ length: x.rows }, (_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffled(allRows, random);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = { x, rows: order.slice(start, start + options.batchSize), labels, rowWeights };
      mlpLossAndGradient(model, batch, options.l2, gradient, dropout);
      adam.update(model.parameters, gradient);
    }
    if (onEpoch?.(epoch, model) === 'stop') break;
  }
  return model;
}
