/**
 * The prediction guard: API key (401/403) and per-client rate limit (429 + Retry-After) for the
 * HTTP prediction endpoints, checked BEFORE the request body is read.
 *
 * It sits between the metrics middleware and the router because the framework's declared routes
 * read and validate the body before any dependency runs, while issue 7 wants a client without a
 * key to learn that first (no key + malformed JSON is 401, not 400). Only `POST` to the three
 * REST prediction paths and the two V2 `infer` paths is guarded here (V2 refusals are written
 * `{"error": ...}`, the protocol's shape); the WebSocket checks the same rules at its handshake.
 */
import { HTTPException, JSONResponse } from '../../app/index.js';
import { v2ErrorResponse } from '../api/framework-errors.js';
import type { HttpScope, Middleware } from '../../protocol/index.js';
import type { ServiceContext } from '../service-context.js';

/** `/predict`, `/predict/batch` and `/models/{model_id}/predict`. */
const GUARDED_PATH = /^\/(?:predict(?:\/batch)?|models\/[^/]+\/predict)\/?$/;
/** `/v2/models/{name}/infer` and `/v2/models/{name}/versions/{version}/infer`. */
const GUARDED_V2_PATH = /^\/v2\/models\/[^/]+(?:\/versions\/[^/]+)?\/infer\/?$/;

/** The header's value in a scope, `null` when absent. */
function header(scope: HttpScope, name: string): string | null {
  for (const [key, value] of scope.headers) if (key === name) return value;
  return null;
}

/** Middleware answering `{"detail": ...}` when the guard refuses a prediction request. */
export function predictionGuard(context: ServiceContext): Middleware {
  return (next) => async (scope, receive, send) => {
    if (scope.type !== 'http' || scope.method !== 'POST') return next(scope, receive, send);
    const v2 = GUARDED_V2_PATH.test(scope.path);
    if (!v2 && !GUARDED_PATH.test(scope.path)) return next(scope, receive, send);
    try {
      context.guard({ authorization: header(scope, 'authorization'), client: scope.client });
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      const response = v2
        ? v2ErrorResponse(error.status, error.message, error.headers)
        : new JSONResponse({ detail: error.detail }, { status: error.status, headers: error.headers });
      await response.send(scope, receive, send);
      return;
    }
    return next(scope, receive, send);
  };
}
