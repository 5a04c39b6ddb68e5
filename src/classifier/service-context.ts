/**
 * ServiceContext: what every route of the service shares — configuration, the loaded models, the
 * metrics, the security dependencies, the prediction log and the batch-predictions database.
 *
 * It is created with the app and filled by the lifespan (models load there, before the port
 * opens). Handlers receive it when they are registered, so they read like plain functions of
 * `(request, context)`; nothing is looked up by name at request time.
 */
import { HTTPException } from '../app/index.js';
import type { ProjectInput } from './api/input-validation.js';
import { PredictionStore } from './batch/prediction-store.js';
import type { ClassifierConfig } from './config.js';
import type { ModelCatalog, ServedModel } from './model-catalog.js';
import type { Prediction } from './model/index.js';
import { noPredictionLog, type PredictionLog } from './prediction-log.js';
import { ApiKeyAuth } from './security/api-key-auth.js';
import { PredictionSecurity } from './security/prediction-security.js';
import type { ServiceMetrics } from './service-metrics.js';
import type { ReadinessExtension } from '../protocol/index.js';

/** Shared state and helpers of the service's routes. */
export class ServiceContext {
  /** API key and rate limit of the prediction endpoints (framework dependencies). */
  readonly security: PredictionSecurity;
  /** Set by the lifespan once the models are loaded. */
  catalog: ModelCatalog | undefined;
  predictionLog: PredictionLog = noPredictionLog;
  /** Set when the app's own shutdown starts (for servers without the readiness extension). */
  shuttingDown = false;
  private store: PredictionStore | undefined;

  constructor(
    readonly config: ClassifierConfig,
    readonly metrics: ServiceMetrics,
  ) {
    this.security = new PredictionSecurity(new ApiKeyAuth(config.apiKeys), config.rateLimit);
  }

  /** The loaded models; 503 if a request somehow arrives before startup finished. */
  models(): ModelCatalog {
    if (this.catalog === undefined) throw new HTTPException(503, 'The model is not loaded yet', { 'Retry-After': '1' });
    return this.catalog;
  }

  /** A model by id, or the 404 naming the ids that exist. */
  model(id: string): ServedModel {
    const model = this.models().get(id);
    if (model === undefined) {
      throw new HTTPException(404, `Model "${id}" not found; available: ${this.models().list().map((m) => m.id).join(', ')}`);
    }
    return model;
  }

  /** Whether the service takes new work: not once shutdown began (server- or app-side). */
  isReady(readiness: ReadinessExtension | undefined): boolean {
    return !this.shuttingDown && this.catalog !== undefined && (readiness?.isReady() ?? true);
  }

  /** Predicts through the model's batcher, then counts and logs each prediction. */
  async predict(model: ServedModel, items: ProjectInput[]): Promise<Prediction[]> {
    const results = await model.predict(items);
    if (results.length === 1) {
      this.metrics.predictions.inc({ model: model.id, label: results[0]!.prediction });
    } else {
      // A batch is counted once per label it produced, not once per item.
      const perLabel = new Map<string, number>();
      for (const result of results) perLabel.set(result.prediction, (perLabel.get(result.prediction) ?? 0) + 1);
      for (const [label, count] of perLabel) this.metrics.predictions.inc({ model: model.id, label }, count);
    }
    if (this.predictionLog !== noPredictionLog) for (let i = 0; i < results.length; i++) this.predictionLog.record(model.id, items[i]!, results[i]!);
    return results;
  }

  /** The batch-predictions database, opened read-only on first use (it may appear after start). */
  predictionStore(): PredictionStore | undefined {
    this.store ??= PredictionStore.openForReading(this.config.database);
    return this.store;
  }

  /** Releases the database handle. */
  close(): void {
    this.store?.close();
    this.store = undefined;
  }
}
