/**
 * The errors request validation raises, as typed classes the exception handlers already know.
 *
 * All are `HTTPException`s, so the framework's default handler answers them with no extra wiring:
 * 422 for values that break their schema (FastAPI's `RequestValidationError`) and 400 for a body
 * that is not JSON at all (with the position where parsing stopped), each a `{"detail": [...]}`
 * list in Pydantic's shape; 415 for a body that is not declared JSON. A response that breaks its
 * declared schema is the server's fault: 500, its details kept for the log.
 */
import { HTTPException } from '../errors.js';
import type { ErrorDetail } from './error-details.js';
import type { JsonErrorPosition } from './json-error-position.js';

/** 422: one or more request values broke their declared schema; `detail` lists every one. */
export class RequestValidationError extends HTTPException {
  /** @param errors Every failed check, sent as the response's `detail`. */
  constructor(readonly errors: ErrorDetail[]) {
    super(422, errors, undefined, { code: 'request_validation' });
  }
}

/** 400: the body was declared JSON but could not be parsed; `detail` says where parsing stopped. */
export class MalformedJSONError extends HTTPException {
  constructor(reason: string, where: JsonErrorPosition | undefined) {
    super(400, [{
      loc: where === undefined ? ['body'] : ['body', where.position],
      msg: where === undefined ? `JSON decode error: ${reason}` : `JSON decode error at line ${where.line} column ${where.column} (position ${where.position}): ${reason}`,
      type: 'json_invalid',
      ctx: { error: reason, ...where },
    }], undefined, { code: 'malformed_json' });
  }
}

/** 415: a declared JSON body arrived with no Content-Type or a non-JSON one. */
export class UnsupportedMediaTypeError extends HTTPException {
  constructor(contentType: string | null) {
    super(415, contentType === null
      ? 'Request body must be JSON: the Content-Type header is missing (expected application/json)'
      : `Request body must be JSON: Content-Type '${contentType}' is not application/json or */*+json`,
    undefined, { code: 'unsupported_media_type' });
  }
}

/** 500 (details hidden): in development mode, a handler returned a value its response schema rejects. */
export class ResponseValidationError extends HTTPException {
  /**
   * @param responseStatus The status of the response that broke its schema.
   * @param errors What the schema rejected (kept in the message for logs, never sent to the client).
   */
  constructor(readonly responseStatus: number, readonly errors: ErrorDetail[]) {
    super(500, 'Internal Server Error', undefined, { code: 'response_validation' });
    this.message = `Response for status ${responseStatus} breaks its declared schema: ${JSON.stringify(errors)}`;
  }
}
