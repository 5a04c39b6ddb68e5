/**
 * How the framework's refusals (body errors, and the security dependencies' 401/403/429) read in
 * the tagifai API (issue 7's exact contract).
 *
 * The declared routes (`routes/rest-routes.ts`, `routes/v2-routes.ts`) let `tsgi/app` read and
 * validate bodies; its errors are FastAPI-shaped already, with places where the contract says
 * otherwise, and clients depend on it:
 *
 *   - malformed JSON → 400 with `detail` a sentence (where parsing stopped, and why), not a list;
 *   - a body or batch item that is not an object → `type: "dict_type"` (Pydantic's
 *     `model_attributes_type` in the framework);
 *   - on the Open Inference Protocol endpoints (`/v2/...`) every error is `{"error": "..."}`, and
 *     a body that does not match the infer schema is a 400 (the protocol's "bad request"), its
 *     problems joined into one sentence.
 *
 * Everything else (415, 413, the other 422 types and `loc` paths) keeps its status; only V2 changes
 * the body's shape. These run as the app's exception handlers, before any route handler saw the
 * request, so the path is what tells a V2 request apart.
 */
import {
  AppError, HTTPException, JSONResponse, MalformedJSONError, RequestValidationError, type ErrorDetail, type Request, type ResponseInit,
} from '../../app/index.js';

/** Whether a request is one of the Open Inference Protocol endpoints. */
export function isV2Request(request: Request): boolean {
  return request.scope.path.startsWith('/v2/');
}

/** `{"error": message}`: the protocol's error body. */
export function v2ErrorResponse(status: number, message: string, headers: ResponseInit['headers'] = {}): JSONResponse {
  return new JSONResponse({ error: message }, { status, headers });
}

/**
 * The issue-7 spelling of one framework error detail. Only `type` and `msg` change: `input` (the
 * value that was not an object, made safe to send by the framework) stays, as FastAPI sends it.
 */
function toContractDetail(detail: ErrorDetail): ErrorDetail {
  if (detail.type !== 'model_attributes_type') return detail;
  return { loc: detail.loc, msg: 'Input should be a valid dictionary or object', type: 'dict_type', input: detail.input };
}

/** 422 `{"detail": [...]}`, every problem listed; V2: 400 `{"error": "body.inputs: Field required; ..."}`. */
export function validationErrorResponse(request: Request, error: RequestValidationError): JSONResponse {
  if (isV2Request(request)) return v2ErrorResponse(400, error.errors.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '));
  return new JSONResponse({ detail: error.errors.map(toContractDetail) }, { status: 422 });
}

/** 400 `{"detail": "JSON decode error at line 1 column 11 (position 10): ..."}` (V2: `{"error": ...}`). */
export function malformedJsonResponse(request: Request, error: MalformedJSONError): JSONResponse {
  const message = (error.detail as ErrorDetail[]).map((d) => d.msg).join('; ');
  return isV2Request(request) ? v2ErrorResponse(400, message) : new JSONResponse({ detail: message }, { status: 400 });
}

/**
 * A request refused before its handler ran — 401/403 by the API key, 429 by the rate limit, 413
 * over the body limit, 415 not JSON — in the endpoint's error shape, headers kept.
 */
export function refusalResponse(request: Request, error: AppError): JSONResponse {
  const headers = error instanceof HTTPException ? error.headers : [];
  if (isV2Request(request)) return v2ErrorResponse(error.status, error.message, headers);
  return new JSONResponse({ detail: error instanceof HTTPException ? error.detail : error.message }, { status: error.status, headers });
}
