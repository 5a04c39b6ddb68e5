/**
 * How the framework's body errors read in the tagifai API (issue 7's exact contract).
 *
 * The declared routes in `routes/rest-routes.ts` let `tsgi/app` read and validate bodies; its
 * errors are FastAPI-shaped already, with two places where issue 7 (older than the framework's
 * validation) says otherwise, and clients depend on it:
 *
 *   - malformed JSON → 400 with `detail` a sentence (where parsing stopped, and why), not a list;
 *   - a body or batch item that is not an object → `type: "dict_type"` (Pydantic's
 *     `model_attributes_type` in the framework).
 *
 * Everything else (415, 413, the other 422 types and `loc` paths) passes through unchanged.
 */
import {
  JSONResponse, MalformedJSONError, RequestValidationError, type ErrorDetail, type Request,
} from '../../app/index.js';

/** The issue-7 spelling of one framework error detail. */
function toContractDetail(detail: ErrorDetail): ErrorDetail {
  if (detail.type !== 'model_attributes_type') return detail;
  return { loc: detail.loc, msg: 'Input should be a valid dictionary or object', type: 'dict_type' };
}

/** 422 `{"detail": [...]}`, every problem listed. */
export function validationErrorResponse(_request: Request, error: RequestValidationError): JSONResponse {
  return new JSONResponse({ detail: error.errors.map(toContractDetail) }, { status: 422 });
}

/** 400 `{"detail": "JSON decode error at line 1 column 11 (position 10): ..."}`. */
export function malformedJsonResponse(_request: Request, error: MalformedJSONError): JSONResponse {
  const details = error.detail as ErrorDetail[];
  return new JSONResponse({ detail: details.map((d) => d.msg).join('; ') }, { status: 400 });
}
