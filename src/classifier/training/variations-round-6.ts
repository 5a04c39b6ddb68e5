/**
 * The sixth round of model variations (docs/model.md, "Sixth round"): a new model family on v1's
 * own features — a one-hidden-layer network (`mlp.ts`) over the same word 1-2 + char 3-5 TF-IDF
 * vectors — alone, and averaged with v1 (two families, one vote each).
 *
 * Everything is fitted on the fold's training rows only. The network's epoch count is chosen by
 * early stopping on a stratified fifth of those rows (`mlp-early-stopping.ts`); the ensembles fit
 * one temperature per member on that same held-out fifth, so the two members' probabilities are
 * on one scale before they are averaged (v1's released temperature is 0.72, the network's is
 * its own). The fold's test rows take part in no choice.
 *
 * A network's fit is cached per fold (its test rows' logits and its validation logits), so the
 * network alone and the ensemble built on it cost one training, not two.
 */
import type { SparseVector } from '../model/featurizer.js';
import { argmax } from './cross-validation.js';
import { fitMlpWithEarlyStopping, type EarlyStoppingOptions, type ValidationSplit } from './mlp-early-stopping.js';
import { mlpLogits, type MlpOptions } from './mlp.js';
import { logitsOf, softmaxInPlace } from './softmax-regression.js';
import { fitTemperature } from './temperature-scaling.js';
import { fitFeatures, fitLinear, fitWeights, type LinearSpec, type Variation, type VariationContext } from './variation-harness.js';

/** A network's settings, without the seed (derived from the run's seed). */
export type MlpSettings = Omit<MlpOptions, 'seed' | 'epochs'>;

// Up to 100 epochs: with L2 1e-4 the best epoch on a fold's fifth was 26–60 in a first look.
const STOPPING: EarlyStoppingOptions = { maxEpochs: 100, patience: 6, validationFolds: 5 };

/** What one fold's network fit leaves behind for the variations that use it. */
interface FoldNetwork {
  /** Logits of every test row, by row. */
  testLogits: Map<number, Float64Array>;
  /** Out-of-sample logits of the held-out validation rows at the chosen epoch. */
  validationLogits: Float64Array[];
  /** The held-out split, as rows of the dataset. */
  validationRows: number[];
  fitRows: number[];
  epochs: number;
}

const networkCache = new WeakMap<VariationContext, Map<string, FoldNetwork>>();

/** Rows as positions of `rows` → the rows themselves. */
function rowsOf(rows: readonly number[], positions: readonly number[]): number[] {
  return positions.map((i) => rows[i]!);
}

/** Fits (or recalls) the network of `settings` on a fold: featurized by v1's spec fitted on `train`. */
function foldNetwork(v1: LinearSpec, name: string, settings: MlpSettings, train: readonly number[], test: readonly number[], context: VariationContext): FoldNetwork {
  if (!networkCache.has(context)) networkCache.set(context, new Map());
  const cache = networkCache.get(context)!;
  const key = `${name}|${train.join(',')}|${test.join(',')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { featurizer, terms } = fitFeatures(v1, train, context);
  const vectorOf = (row: number): SparseVector => featurizer.vectorize(terms[row]!);
  const options: MlpOptions = { ...settings, epochs: 0, seed: context.seed + 303 };
  const labels = train.map((row) => context.classes[row]!);
  const fitted = fitMlpWithEarlyStopping(train.map(vectorOf), labels, context.labels.length, featurizer.size, options, STOPPING);
  const split: ValidationSplit = fitted.split;
  const network: FoldNetwork = {
    testLogits: new Map(test.map((row) => [row, mlpLogits(fitted.model, vectorOf(row))])),
    validationLogits: fitted.choice.validationLogits,
    validationRows: rowsOf(train, split.validation),
    fitRows: rowsOf(train, split.fit),
    epochs: fitted.choice.epochs,
  };
  cache.set(key, network);
  return network;
}

/** The network alone: the most probable class of its logits. */
export function mlpVariation(id: string, description: string, v1: LinearSpec, settings: MlpSettings): Variation {
  return {
    id,
    description,
    predict: (train, test, context) => {
      const network = foldNetwork(v1, id, settings, train, test, context);
      return test.map((row) => argmax(network.testLogits.get(row)!));
    },
  };
}

/**
 * v1's temperature fitted on the network's held-out rows: v1's weights fitted on the other rows
 * (with the fold's featurizer), its logits on the held-out ones, the NLL-minimising T.
 */
function v1TemperatureOn(v1: LinearSpec, network: FoldNetwork, train: readonly number[], context: VariationContext): number {
  const { featurizer, terms } = fitFeatures(v1, train, context);
  const model = fitWeights(v1, featurizer, network.fitRows.map((row) => terms[row]!), network.fitRows.map((row) => context.classes[row]!), context);
  const logits = network.validationRows.map((row) => logitsOf(model, featurizer.vectorize(terms[row]!)));
  return fitTemperature(logits, network.validationRows.map((row) => context.classes[row]!));
}

/**
 * The mean of v1's and the network's class probabilities. With `calibrated`, each member's logits
 * are first divided by its own temperature, fitted on the network's held-out fifth of the training
 * rows; without, the raw softmax outputs are averaged.
 */
export function ensembleVariation(id: string, description: string, v1: LinearSpec, networkId: string, settings: MlpSettings, calibrated: boolean): Variation {
  return {
    id,
    description,
    predict: (train, test, context) => {
      const network = foldNetwork(v1, networkId, settings, train, test, context);
      const validationLabels = network.validationRows.map((row) => context.classes[row]!);
      const networkT = calibrated ? fitTemperature(network.validationLogits, validationLabels) : 1;
      const v1T = calibrated ? v1TemperatureOn(v1, network, train, context) : 1;
      const linear = fitLinear(v1, train, context);
      return test.map((row) => {
        const fromV1 = softmaxInPlace(linear(row).map((z) => z / v1T));
        const fromNetwork = softmaxInPlace(network.testLogits.get(row)!.map((z) => z / networkT));
        return argmax(fromV1.map((p, c) => p + fromNetwork[c]!));
      });
    },
  };
}

/** Adam step size, batch size, class weights: the same in every network of the round. */
const COMMON = { learningRate: 1e-3, batchSize: 32, classWeight: 'balanced' } as const;

/** The sixth round's variations of `v1` (the released spec: [word 1-2, char 3-5] blocks). */
export function sixthRoundVariations(v1: LinearSpec): Variation[] {
  const mlp64: MlpSettings = { ...COMMON, hidden: 64, inputDropout: 0.2, hiddenDropout: 0.5, l2: 1e-4 };
  return [
    mlpVariation('mlp-64', 'MLP, 64 ReLU units, input dropout 0.2, hidden dropout 0.5, L2 1e-4, early stopping', v1, mlp64),
    mlpVariation('mlp-64-l2-1e-5', 'MLP, 64 units, L2 1e-5, otherwise as mlp-64', v1, { ...mlp64, l2: 1e-5 }),
    mlpVariation('mlp-64-l2-3e-4', 'MLP, 64 units, L2 3e-4, otherwise as mlp-64', v1, { ...mlp64, l2: 3e-4 }),
    mlpVariation('mlp-128', 'MLP, 128 units, otherwise as mlp-64', v1, { ...mlp64, hidden: 128 }),
    ensembleVariation('v1+mlp-64', 'mean of v1 and mlp-64 probabilities, each temperature-scaled on the held-out fifth', v1, 'mlp-64', mlp64, true),
    ensembleVariation('v1+mlp-64-raw', 'mean of v1 and mlp-64 raw probabilities', v1, 'mlp-64', mlp64, false),
    ensembleVariation('v1+mlp-128', 'mean of v1 and mlp-128 probabilities, each temperature-scaled on the held-out fifth', v1, 'mlp-128', { ...mlp64, hidden: 128 }, true),
  ];
}
