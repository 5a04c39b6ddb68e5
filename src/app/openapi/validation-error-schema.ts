/**
 * The schema of a 422 response, as FastAPI documents it (`HTTPValidationError`), so generated
 * clients know the shape of `{"detail": [{"loc", "msg", "type"}]}`.
 */
import type { SchemaObject } from 'openapi3-ts/oas31';

/** Component schemas every document with validated routes includes. */
export const VALIDATION_ERROR_SCHEMAS: Record<string, SchemaObject> = {
  ValidationError: {
    type: 'object',
    title: 'ValidationError',
    required: ['loc', 'msg', 'type'],
    properties: {
      loc: { type: 'array', title: 'Location', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      msg: { type: 'string', title: 'Message' },
      type: { type: 'string', title: 'Error Type' },
      input: { title: 'Input' },
      ctx: { type: 'object', title: 'Context' },
    },
  },
  HTTPValidationError: {
    type: 'object',
    title: 'HTTPValidationError',
    properties: { detail: { type: 'array', title: 'Detail', items: { $ref: '#/components/schemas/ValidationError' } } },
  },
};
