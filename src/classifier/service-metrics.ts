/**
 * The service's metrics: what `/metrics` reports, defined in one place.
 *
 * HTTP traffic (requests by route, method and status; latency by route; requests in flight),
 * predictions by model and label, the micro-batcher's batch sizes and queue depth, and how long
 * each model took to load. Routes are labelled by their template (`/models/{model_id}`), never the
 * raw path, so a client probing random URLs cannot blow up the number of series.
 */
import { LATENCY_BUCKETS, MetricsRegistry, type Counter, type Gauge, type Histogram } from './metrics/registry.js';

/** Batch-size buckets: powers of two up to the largest batch a client can send. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** The metric families of one worker. */
export class ServiceMetrics {
  readonly registry = new MetricsRegistry();
  readonly httpRequests: Counter = this.registry.counter('tagifai_http_requests_total', 'HTTP requests answered, by route template, method and status.', ['route', 'method', 'status']);
  readonly httpLatency: Histogram = this.registry.histogram('tagifai_http_request_duration_seconds', 'Time from request to the end of the response, by route template.', ['route'], LATENCY_BUCKETS);
  readonly inFlight: Gauge = this.registry.gauge('tagifai_http_requests_in_flight', 'HTTP requests being handled now.');
  readonly predictions: Counter = this.registry.counter('tagifai_predictions_total', 'Predictions made, by model and predicted label.', ['model', 'label']);
  readonly batchSize: Histogram = this.registry.histogram('tagifai_inference_batch_size', 'Items per onnxruntime run (micro-batching coalesces concurrent requests).', ['model'], BATCH_BUCKETS);
  readonly inferenceLatency: Histogram = this.registry.histogram('tagifai_inference_duration_seconds', 'Time of one model run (featurize + onnxruntime), by model.', ['model'], LATENCY_BUCKETS);
  readonly queueDepth: Gauge = this.registry.gauge('tagifai_inference_queue_depth', 'Items waiting for the model, by model.', ['model']);
  readonly modelLoad: Gauge = this.registry.gauge('tagifai_model_load_seconds', 'Time taken to load each model at startup.', ['model']);
}
