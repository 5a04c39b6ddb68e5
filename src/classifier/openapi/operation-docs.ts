/**
 * What the OpenAPI document says about each operation beyond its path and body (the routes declare
 * their bodies, so the framework both validates and documents them): success response,
 * error responses and whether the API key applies. Keyed by `METHOD template`; routes take their
 * part of a declaration from here with `documented(...)`, which fails loudly at startup for a
 * route without an entry, so a new endpoint cannot go undocumented. The document itself, and
 * `/docs` and `/redoc`, come from the framework's `installDocs` over the route table (`app.ts`).
 */
import type { Dependency, ResponseDeclaration } from '../../app/index.js';
import type { TSchema } from '@sinclair/typebox';
import {
  ERROR_SCHEMA, MODEL_REF_SCHEMA, MODEL_SUMMARY_SCHEMA, RESULT_SCHEMA, V2_INFER_RESPONSE_SCHEMA, VALIDATION_ERROR_SCHEMA, envelopeSchema,
} from '../api/schemas.js';

/** The documentation of one operation. */
export interface OperationDoc {
  /** Media type and schema of the 200 answer. */
  ok: { type: string; schema: object; description: string };
  /** Error statuses and what they mean. */
  errors: Record<string, string>;
  /** Runs the service's security dependencies: the API key and the rate limit, when configured. */
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
const ANY_OBJECT = { type: 'object' };

const v2Meta: OperationDoc = { ok: json(ANY_OBJECT, 'Model metadata: inputs title/description BYTES [-1], outputs label BYTES [-1] and probabilities FP32 [-1, 4]'), errors: { '404': 'Unknown model or version' }, v2: true };
const v2Ready: OperationDoc = { ok: json(ANY_OBJECT, 'Ready'), errors: { '404': 'Unknown model or version', '503': 'Not ready' }, v2: true };
const v2Infer: OperationDoc = { ok: json(V2_INFER_RESPONSE_SCHEMA, 'Inference result'), errors: { '400': 'Malformed JSON, a body not matching the schema, or bad tensors', '401': 'No API key', '403': 'Wrong API key', '404': 'Unknown model or version', '413': 'Body too large', '415': 'Not JSON', '429': 'Rate limit exceeded (Retry-After)', '503': 'Overloaded' }, secured: true, v2: true };

/** Every documented operation. */
export const OPERATION_DOCS: Record<string, OperationDoc> = {
  'GET /': { ok: json(envelopeSchema({ type: 'object', properties: { service: { type: 'string' }, version: { type: 'string' }, models: { type: 'array', items: { type: 'string' } }, default_model: { type: 'string' } } })), errors: {} },
  'GET /healthz': { ok: json({ type: 'object', properties: { status: { const: 'ok' } } }, 'The process is alive'), errors: {} },
  'GET /readyz': { ok: json({ type: 'object', properties: { status: { const: 'ready' } } }, 'Taking traffic'), errors: { '503': 'Shutting down: {"status": "shutting-down"}' } },
  'GET /metrics': { ok: { type: 'text/plain', schema: { type: 'string' }, description: 'Prometheus text format 0.0.4, summed over all workers' }, errors: {} },
  'GET /models': { ok: json(envelopeSchema({ type: 'object', properties: { models: { type: 'array', items: MODEL_SUMMARY_SCHEMA } } })), errors: {} },
  'GET /models/{model_id}': { ok: json(envelopeSchema({ ...MODEL_SUMMARY_SCHEMA, properties: { ...MODEL_SUMMARY_SCHEMA.properties, card: { type: 'string' } } })), errors: { '404': 'Unknown model' } },
  'POST /predict': { ok: json(envelopeSchema(PREDICT_DATA)), errors: BODY_ERRORS, secured: true },
  'POST /models/{model_id}/predict': { ok: json(envelopeSchema(PREDICT_DATA)), errors: { ...BODY_ERRORS, '404': 'Unknown model' }, secured: true },
  'POST /predict/batch': { ok: json(envelopeSchema(PREDICT_DATA), 'Results in input order'), errors: BODY_ERRORS, secured: true },
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

/** The API's description in the OpenAPI document: what the paths cannot say (WebSocket, auth). */
export const API_DESCRIPTION = `Classifies ML projects (title + description) into computer-vision, mlops, natural-language-processing or other.

**WebSocket** \`/ws/predict\`: send text messages \`{"id"?: any, "title": "...", "description"?: "..."}\`; each gets one reply \`{"id", "prediction", "probabilities"}\` in order (invalid → \`{"id", "error": {"status": 422, "detail": [...]}}\`, connection stays open; binary → close 1003; over 1 MiB → close 1009).

**Auth** (when API keys are configured): \`Authorization: Bearer <key>\` on prediction endpoints; WebSocket clients may offer the subprotocols \`bearer, <key>\`.`;

const V2_ERROR_SCHEMA = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

/**
 * The part of a route's declaration the document needs: responses and, for a secured operation,
 * the security dependencies (API key, rate limit) — the framework runs them before the body and
 * lists their scheme, so what the document says is what the route checks.
 */
export function documented(
  method: 'GET' | 'POST',
  path: string,
  security?: { dependencies: Array<Dependency<unknown>> },
): { responses: Record<number, ResponseDeclaration>; dependencies?: Array<Dependency<unknown>>; documentValidationErrors?: false } {
  const doc = OPERATION_DOCS[`${method} ${path}`];
  if (doc === undefined) throw new Error(`no OpenAPI documentation for ${method} ${path}`);
  const schema = (value: object) => value as unknown as TSchema;
  const responses: Record<number, ResponseDeclaration> = { 200: { description: doc.ok.description, ...(doc.ok.type === 'application/json' ? { schema: schema(doc.ok.schema) } : {}) } };
  for (const [status, description] of Object.entries(doc.errors)) {
    responses[Number(status)] = { description, schema: schema(status === '422' ? VALIDATION_ERROR_SCHEMA : doc.v2 ? V2_ERROR_SCHEMA : ERROR_SCHEMA) };
  }
  // V2 answers invalid input with 400 {"error"} (its own protocol), never the framework's 422.
  const v2 = doc.v2 ? { documentValidationErrors: false as const } : {};
  if (!doc.secured) return { responses, ...v2 };
  if (security === undefined) throw new Error(`${method} ${path} is a secured operation: pass the service's security dependencies`);
  return { responses, dependencies: security.dependencies, ...v2 };
}
