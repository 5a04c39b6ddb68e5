/**
 * What the OpenAPI document says about each operation beyond its path: request body, success
 * response and error responses. Keyed by `METHOD template`, matching the app's route table; the
 * document builder fails loudly if a route has no entry here, so a new endpoint cannot go
 * undocumented.
 */
import {
  BATCH_SCHEMA, ERROR_SCHEMA, MODEL_REF_SCHEMA, MODEL_SUMMARY_SCHEMA, PROJECT_SCHEMA, RESULT_SCHEMA, VALIDATION_ERROR_SCHEMA, envelopeSchema,
} from '../api/schemas.js';

/** The documentation of one operation. */
export interface OperationDoc {
  body?: object;
  /** Media type and schema of the 200 answer. */
  ok: { type: string; schema: object; description: string };
  /** Error statuses and what they mean. */
  errors: Record<string, string>;
  /** Needs the API key (when keys are configured). */
  secured?: boolean;
  /** Errors use `{"error"}` (V2) instead of `{"detail"}`. */
  v2?: boolean;
}

const json = (schema: object, description = 'Success') => ({ type: 'application/json', schema, description });
const PREDICT_DATA = { type: 'object', properties: { results: { type: 'array', items: RESULT_SCHEMA }, model: MODEL_REF_SCHEMA }, required: ['results', 'model'] };
const BODY_ERRORS = {
  '400': 'Malformed JSON', '401': 'No API key (when keys are configured)', '403': 'Wrong API key', '413': 'Body over the limit (10 MiB by default): split the batch',
  '415': 'Body sent without Content-Type: application/json', '422': 'Validation failed; every problem is listed', '429': 'Rate limit exceeded (Retry-After)',
  '503': 'Inference queue full or shutting down (Retry-After)',
};
const V2_TENSOR = { type: 'object', properties: { name: { type: 'string' }, datatype: { type: 'string' }, shape: { type: 'array', items: { type: 'integer' } }, data: { type: 'array' } }, required: ['name', 'datatype', 'shape', 'data'] };
const V2_INFER_REQUEST = { type: 'object', properties: { id: { type: 'string' }, inputs: { type: 'array', items: V2_TENSOR }, outputs: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } }, required: ['inputs'] };
const V2_INFER_RESPONSE = { type: 'object', properties: { model_name: { type: 'string' }, model_version: { type: 'string' }, id: { type: 'string' }, outputs: { type: 'array', items: V2_TENSOR } }, required: ['model_name', 'outputs'] };
const ANY_OBJECT = { type: 'object' };

const v2Meta: OperationDoc = { ok: json(ANY_OBJECT, 'Model metadata: inputs title/description BYTES [-1], outputs label BYTES [-1] and probabilities FP32 [-1, 4]'), errors: { '404': 'Unknown model or version' }, v2: true };
const v2Ready: OperationDoc = { ok: json(ANY_OBJECT, 'Ready'), errors: { '404': 'Unknown model or version', '503': 'Not ready' }, v2: true };
const v2Infer: OperationDoc = { body: V2_INFER_REQUEST, ok: json(V2_INFER_RESPONSE, 'Inference result'), errors: { '400': 'Bad tensors', '401': 'No API key', '403': 'Wrong API key', '404': 'Unknown model or version', '413': 'Body too large', '415': 'Not JSON', '503': 'Overloaded' }, secured: true, v2: true };

/** Every documented operation. */
export const OPERATION_DOCS: Record<string, OperationDoc> = {
  'GET /': { ok: json(envelopeSchema({ type: 'object', properties: { service: { type: 'string' }, version: { type: 'string' }, models: { type: 'array', items: { type: 'string' } }, default_model: { type: 'string' } } })), errors: {} },
  'GET /healthz': { ok: json({ type: 'object', properties: { status: { const: 'ok' } } }, 'The process is alive'), errors: {} },
  'GET /readyz': { ok: json({ type: 'object', properties: { status: { const: 'ready' } } }, 'Taking traffic'), errors: { '503': 'Shutting down: {"status": "shutting-down"}' } },
  'GET /metrics': { ok: { type: 'text/plain', schema: { type: 'string' }, description: 'Prometheus text format 0.0.4, summed over all workers' }, errors: {} },
  'GET /models': { ok: json(envelopeSchema({ type: 'object', properties: { models: { type: 'array', items: MODEL_SUMMARY_SCHEMA } } })), errors: {} },
  'GET /models/{model_id}': { ok: json(envelopeSchema({ ...MODEL_SUMMARY_SCHEMA, properties: { ...MODEL_SUMMARY_SCHEMA.properties, card: { type: 'string' } } })), errors: { '404': 'Unknown model' } },
  'POST /predict': { body: PROJECT_SCHEMA, ok: json(envelopeSchema(PREDICT_DATA)), errors: BODY_ERRORS, secured: true },
  'POST /models/{model_id}/predict': { body: PROJECT_SCHEMA, ok: json(envelopeSchema(PREDICT_DATA)), errors: { ...BODY_ERRORS, '404': 'Unknown model' }, secured: true },
  'POST /predict/batch': { body: BATCH_SCHEMA, ok: json(envelopeSchema(PREDICT_DATA), 'Results in input order'), errors: BODY_ERRORS, secured: true },
  'GET /predictions/{project_id}': {
    ok: json(envelopeSchema({ type: 'object', properties: { project_id: { type: 'string' }, prediction: { type: 'string' }, probabilities: RESULT_SCHEMA.properties.probabilities, model: MODEL_REF_SCHEMA, generated_at: { type: 'string' } } })),
    errors: { '404': 'No stored prediction for this project (run npm run batch)' },
  },
  'GET /v2': { ok: json(ANY_OBJECT, 'Server metadata'), errors: {}, v2: true },
  'GET /v2/health/live': { ok: json(ANY_OBJECT, 'Live'), errors: {}, v2: true },
  'GET /v2/health/ready': { ok: json(ANY_OBJECT, 'Ready'), errors: { '503': 'Not ready' }, v2: true },
  'GET /v2/models/{model_name}': v2Meta,
  'GET /v2/models/{model_name}/versions/{model_version}': v2Meta,
  'GET /v2/models/{model_name}/ready': v2Ready,
  'GET /v2/models/{model_name}/versions/{model_version}/ready': v2Ready,
  'POST /v2/models/{model_name}/infer': v2Infer,
  'POST /v2/models/{model_name}/versions/{model_version}/infer': v2Infer,
};

export { ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA };
