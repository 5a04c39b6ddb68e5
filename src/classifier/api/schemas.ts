/**
 * The JSON Schemas of the tagifai API: request bodies, WebSocket messages and response shapes.
 *
 * These are the contract of issue 7 written as data. Request schemas are TypeBox: the framework's
 * declared routes validate REST bodies with them (and document them), and `input-validation.ts`
 * checks WebSocket messages and V2 inputs against the same definitions; response schemas feed the
 * OpenAPI document, so `/docs` shows exactly what the validators enforce.
 */
import { Type } from '@sinclair/typebox';

/** Longest title and description accepted, in characters. */
export const TITLE_MAX = 1000;
export const DESCRIPTION_MAX = 10_000;
/** Items accepted by `/predict/batch`. */
export const BATCH_MIN = 1;
export const BATCH_MAX = 1000;

/** One project to classify; keys other than these two are ignored. */
export const PROJECT_SCHEMA = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: TITLE_MAX, description: 'The project title.' }),
    description: Type.Optional(Type.String({ minLength: 0, maxLength: DESCRIPTION_MAX, default: '', description: 'The project description.' })),
  },
  { examples: [{ title: 'Transfer learning with transformers', description: 'Using transformers for transfer learning on text classification tasks.' }] },
);

/** The body of `POST /predict/batch`. */
export const BATCH_SCHEMA = Type.Object({ items: Type.Array(PROJECT_SCHEMA, { minItems: BATCH_MIN, maxItems: BATCH_MAX }) });

/**
 * The `id` of a `/ws/predict` message: a string or a number, echoed in the reply (`null` counts as
 * absent, as it always did). Anything else is
 * a 422 `id_type` and is not echoed: echoing any JSON value let one message nest an id 20 000
 * levels deep, which overflowed the stack when the reply was serialised. (JSON Schema's list of
 * types, not `anyOf`, so a wrong id is one issue rather than one per branch.)
 */
export const WS_ID_SCHEMA = Type.Unsafe<string | number | null>({ type: ['string', 'number', 'null'], description: 'Echoed in the reply; `null` there when absent.' });

/** One `/ws/predict` message: an optional `id`, then a project. */
export const WS_MESSAGE_SCHEMA = Type.Object({ id: Type.Optional(WS_ID_SCHEMA), ...PROJECT_SCHEMA.properties });

/**
 * One tensor of the Open Inference Protocol (KServe V2): requests and responses carry the same
 * shape. `data` may be any JSON array here; the V2 route checks that `title`/`description` are
 * BYTES of shape `[N]` holding N strings, so its 400s can name the tensor.
 */
export const V2_TENSOR_SCHEMA = Type.Object({
  name: Type.String({ description: 'Tensor name: `title` or `description` in requests; `label` or `probabilities` in responses.' }),
  datatype: Type.String({ description: '`BYTES` for text and labels, `FP32` for probabilities.' }),
  shape: Type.Array(Type.Integer(), { description: '`[N]` for N projects; `[N, 4]` for probabilities.' }),
  data: Type.Array(Type.Unknown(), { description: 'The elements, row-major (nested arrays are flattened).' }),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** The body of `POST /v2/models/{name}[/versions/{version}]/infer`. */
export const V2_INFER_REQUEST_SCHEMA = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'Echoed in the response.' })),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    inputs: Type.Array(V2_TENSOR_SCHEMA, { description: '`title` (required) and `description` (optional), BYTES, shape `[N]`.' }),
    outputs: Type.Optional(Type.Array(
      Type.Object({ name: Type.String(), parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
      { description: 'The outputs wanted (`label`, `probabilities`); all when left out.' },
    )),
  },
  { examples: [{ id: 'r1', inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: ['Pose estimation in sports'] }] }] },
);

/** The answer of a V2 `infer`. */
export const V2_INFER_RESPONSE_SCHEMA = Type.Object({
  model_name: Type.String(),
  model_version: Type.String(),
  id: Type.Optional(Type.String()),
  outputs: Type.Array(V2_TENSOR_SCHEMA),
});

/** The label → probability map every prediction carries. */
export const PROBABILITIES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
  description: 'Probability of each label (computer-vision, mlops, natural-language-processing, other); they sum to 1.',
} as const;

export const RESULT_SCHEMA = {
  type: 'object',
  properties: { prediction: { type: 'string' }, probabilities: PROBABILITIES_SCHEMA },
  required: ['prediction', 'probabilities'],
} as const;

export const MODEL_REF_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, version: { type: 'string' } },
  required: ['id', 'version'],
} as const;

export const MODEL_SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    metrics: { type: 'object', description: "The model's cross-validation record." },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'version', 'labels', 'metrics', 'created_at'],
} as const;

/** Wraps a `data` schema in the success envelope. */
export function envelopeSchema(data: object): object {
  return {
    type: 'object',
    properties: {
      message: { type: 'string', const: 'OK' },
      method: { type: 'string' },
      'status-code': { type: 'integer' },
      timestamp: { type: 'string', format: 'date-time' },
      url: { type: 'string' },
      data,
    },
    required: ['message', 'method', 'status-code', 'timestamp', 'url', 'data'],
  };
}

/** `{"detail": ...}`: the error body of the enveloped endpoints. */
export const ERROR_SCHEMA = {
  type: 'object',
  properties: { detail: {} },
  required: ['detail'],
} as const;

/** The 422 body: every problem found, each with where (`loc`), what (`msg`) and a stable `type`. */
export const VALIDATION_ERROR_SCHEMA = {
  type: 'object',
  properties: {
    detail: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          loc: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
          msg: { type: 'string' },
          type: { type: 'string' },
        },
        required: ['loc', 'msg', 'type'],
      },
    },
  },
  required: ['detail'],
} as const;
