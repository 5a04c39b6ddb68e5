/**
 * The Predictor: one loaded model version, turning projects into labels and probabilities.
 *
 * `Predictor.load` reads `metadata.json`, rebuilds the featurizer from its vocabularies (the same
 * code the trainer used) and opens `model.onnx` in an onnxruntime-node session once. A prediction
 * is two steps the service can time separately: `featurize` (text → padded sparse batch, in
 * JavaScript) and `runBatch` (one onnxruntime run for the whole batch → probabilities). The
 * optional threshold mirrors the reference service: when the model's top probability is below it,
 * the label becomes `other`, while the probabilities are reported unchanged.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ModelLoadError } from './errors.js';
import { Featurizer, type PaddedBatch, type PredictionInput } from './featurizer.js';
import { parseModelMetadata, type ModelMetadata } from './metadata.js';

export type { PredictionInput } from './featurizer.js';

/** The model's answer for one project. */
export interface Prediction {
  prediction: string;
  /** Probability per label, summing to 1. */
  probabilities: Record<string, number>;
}

/** Options of `Predictor.load`. */
export interface PredictorOptions {
  /** onnxruntime intra-op threads (default 1: the service scales with workers, not threads). */
  intraOpThreads?: number;
  /** Below this top probability the prediction becomes `other` (default 0: never). */
  threshold?: number;
}

/** The label a low-confidence prediction falls back to. */
export const FALLBACK_LABEL = 'other';

/** A loaded model version. */
export class Predictor {
  /** The version directory name, e.g. `v1`. */
  readonly id: string;
  /** Labels in model output order. */
  readonly labels: string[];
  readonly metadata: ModelMetadata;
  readonly threshold: number;
  private readonly featurizer: Featurizer;
  private readonly session: ort.InferenceSession;

  private constructor(id: string, metadata: ModelMetadata, session: ort.InferenceSession, threshold: number) {
    this.id = id;
    this.metadata = metadata;
    this.labels = [...metadata.labels];
    this.session = session;
    this.threshold = threshold;
    this.featurizer = new Featurizer(metadata.features.blocks, metadata.vocabularies);
  }

  /**
   * Loads the model in `modelDir` (a version directory such as `models/tagifai/v1`).
   *
   * @throws ModelLoadError naming `metadata.json` or `model.onnx` when either is missing or corrupt.
   * @example
   * const predictor = await Predictor.load('models/tagifai/v1');
   * const [result] = await predictor.predict([{ title: 'YOLOv8 for drones' }]);
   */
  static async load(modelDir: string, options: PredictorOptions = {}): Promise<Predictor> {
    const metadataPath = join(modelDir, 'metadata.json');
    const modelPath = join(modelDir, 'model.onnx');
    let metadata: ModelMetadata;
    try {
      metadata = parseModelMetadata(readFileSync(metadataPath, 'utf8'));
    } catch (error) {
      throw new ModelLoadError(metadataPath, (error as Error).message, { cause: error });
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(readFileSync(modelPath), {
        intraOpNumThreads: options.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new ModelLoadError(modelPath, (error as Error).message, { cause: error });
    }
    const expected = [metadata.model.inputs.featureIds, metadata.model.inputs.featureValues];
    if (expected.some((name) => !session.inputNames.includes(name)) || !session.outputNames.includes(metadata.model.output)) {
      await session.release();
      throw new ModelLoadError(modelPath, `graph inputs/outputs do not match ${metadataPath}`);
    }
    return new Predictor(basename(resolve(modelDir)), metadata, session, options.threshold ?? 0);
  }

  /** Text → the graph's padded sparse input (pure JavaScript, no onnxruntime). */
  featurize(items: readonly PredictionInput[]): PaddedBatch {
    return this.featurizer.featurizeBatch(items);
  }

  /** One onnxruntime run over a featurized batch; returns probabilities row-major (`rows × labels`). */
  async runBatch(batch: PaddedBatch): Promise<Float32Array> {
    const { inputs, output } = this.metadata.model;
    const feeds = {
      [inputs.featureIds]: new ort.Tensor('int64', batch.ids, [batch.rows, batch.width]),
      [inputs.featureValues]: new ort.Tensor('float32', batch.values, [batch.rows, batch.width]),
    };
    const results = await this.session.run(feeds);
    return results[output]!.data as Float32Array;
  }

  /** Turns row-major probabilities into predictions, applying the threshold. */
  decode(probabilities: Float32Array, rows: number): Prediction[] {
    const width = this.labels.length;
    const predictions: Prediction[] = [];
    for (let row = 0; row < rows; row++) {
      const base = row * width;
      const record: Record<string, number> = {};
      let top = 0;
      for (let c = 0; c < width; c++) {
        record[this.labels[c]!] = probabilities[base + c]!;
        if (probabilities[base + c]! > probabilities[base + top]!) top = c;
      }
      const confident = probabilities[base + top]! >= this.threshold;
      predictions.push({ prediction: confident ? this.labels[top]! : FALLBACK_LABEL, probabilities: record });
    }
    return predictions;
  }

  /** Predicts every item with one onnxruntime run. An empty list gives an empty list. */
  async predict(items: readonly PredictionInput[]): Promise<Prediction[]> {
    if (items.length === 0) return [];
    const batch = this.featurize(items);
    return this.decode(await this.runBatch(batch), batch.rows);
  }

  /** Releases the onnxruntime session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
