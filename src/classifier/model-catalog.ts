/**
 * ModelCatalog: every model version the service serves, loaded once at startup.
 *
 * Each version under the models folder (`models/tagifai/v1`, `v2`, ...) gets a Predictor (one
 * onnxruntime session) and its own MicroBatcher, so concurrent requests for the same model share
 * runs. The default model is the configured one, else the newest. Loading happens in the lifespan,
 * before the server opens its port: a missing or corrupt model throws `ModelLoadError` naming the
 * file, and the process exits instead of serving errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MicroBatcher } from './batching/micro-batcher.js';
import type { ProjectInput } from './api/input-validation.js';
import { listModelVersions, ModelLoadError, Predictor, type ModelMetadata, type Prediction } from './model/index.js';
import type { ClassifierConfig } from './config.js';
import type { ServiceMetrics } from './service-metrics.js';

/** One served model version. */
export interface ServedModel {
  /** The version directory name, used in URLs (`v1`). */
  id: string;
  /** The version the trainer recorded in `metadata.json`. */
  version: string;
  labels: string[];
  metadata: ModelMetadata;
  /** `MODEL_CARD.md`, or `''` when the version has none. */
  card: string;
  /** Predicts through the batcher: coalesced with concurrent requests, bounded queue. */
  predict(items: ProjectInput[]): Promise<Prediction[]>;
}

/** Settings the catalog needs: the model and batching part of the service configuration. */
export type CatalogOptions = Pick<
  ClassifierConfig,
  'modelsDir' | 'defaultModel' | 'batching' | 'maxBatchSize' | 'maxWaitMs' | 'maxQueue' | 'intraOpThreads' | 'threshold'
>;

/** The loaded models. */
export class ModelCatalog {
  private constructor(
    private readonly models: Map<string, ServedModel>,
    private readonly closers: Array<() => Promise<void>>,
    /** The id `/predict` uses. */
    readonly defaultId: string,
  ) {}

  /**
   * Loads every version under `options.modelsDir`.
   *
   * @throws ModelLoadError when there is no version, the default is missing, or a file is corrupt.
   */
  static async load(options: CatalogOptions, metrics: ServiceMetrics): Promise<ModelCatalog> {
    let ids: string[];
    try {
      ids = listModelVersions(options.modelsDir);
    } catch (error) {
      // A file where the folder should be (ENOTDIR), or a folder that cannot be read (EACCES).
      throw new ModelLoadError(options.modelsDir, `cannot list the model versions: ${(error as Error).message}`, { cause: error });
    }
    if (ids.length === 0) throw new ModelLoadError(join(options.modelsDir, 'v1', 'model.onnx'), 'no model version found (expected <models dir>/v<N>/model.onnx)');
    const defaultId = options.defaultModel ?? ids.at(-1)!;
    // The id is matched against the folders found, never joined into a path: `../v1` names no version.
    if (!ids.includes(defaultId)) throw new ModelLoadError(options.modelsDir, `the configured default model ${JSON.stringify(defaultId)} is not one of its versions (${ids.join(', ')})`);
    const models = new Map<string, ServedModel>();
    const closers: Array<() => Promise<void>> = [];
    try {
      for (const id of ids) {
        const started = performance.now();
        const predictor = await Predictor.load(join(options.modelsDir, id), { intraOpThreads: options.intraOpThreads, threshold: options.threshold ?? 0 });
        metrics.modelLoad.set({ model: id }, (performance.now() - started) / 1000);
        // One labels object per model, not one per update: the queue depth changes twice a request.
        const modelLabels = { model: id };
        const batcher = new MicroBatcher<ProjectInput, Prediction>((rows) => predictor.predict(rows), {
          enabled: options.batching,
          maxBatchSize: options.maxBatchSize,
          maxWaitMs: options.maxWaitMs,
          maxQueue: options.maxQueue,
          onBatch: (size, ms) => {
            metrics.batchSize.observe(modelLabels, size);
            metrics.inferenceLatency.observe(modelLabels, ms / 1000);
          },
          onQueueDepth: (depth) => metrics.queueDepth.set(modelLabels, depth),
        });
        closers.push(async () => {
          await batcher.close();
          await predictor.close();
        });
        const cardPath = join(options.modelsDir, id, 'MODEL_CARD.md');
        models.set(id, {
          id,
          version: predictor.metadata.version,
          labels: predictor.labels,
          metadata: predictor.metadata,
          card: existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : '',
          predict: (items) => batcher.submit(items),
        });
      }
    } catch (error) {
      for (const close of closers) await close();
      throw error;
    }
    return new ModelCatalog(models, closers, defaultId);
  }

  /** The model with this id, or `undefined`. */
  get(id: string): ServedModel | undefined {
    return this.models.get(id);
  }

  /** The default model. */
  get default(): ServedModel {
    return this.models.get(this.defaultId)!;
  }

  /** Every model, oldest version first. */
  list(): ServedModel[] {
    return [...this.models.values()];
  }

  /** Stops the batchers (failing queued work) and releases the onnxruntime sessions. */
  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
  }
}
