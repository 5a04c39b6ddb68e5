/**
 * The success envelope of the tagifai REST endpoints (issue 7, "Envelope"):
 *
 *   {"message": "OK", "method": "POST", "status-code": 200,
 *    "timestamp": "2026-01-01T00:00:00.000Z", "url": "http://host/predict", "data": {...}}
 *
 * It repeats what the client asked (method, full URL) and when the answer was made, so a logged
 * response is self-describing. Errors do not use it: they are `{"detail": ...}`.
 *
 * It is built on every prediction, so two of its fields are made cheaply: the timestamp string is
 * reused within the same millisecond (at thousands of requests a second most share one), and the
 * URL is joined from the scope's parts rather than parsed into a WHATWG `URL` object (`request.url`)
 * only to be printed again — the request line's path is already percent-encoded as sent.
 */
import { JSONResponse, requestedPath, type Request } from '../../app/index.js';

let lastMillisecond = -1;
let lastTimestamp = '';

/** `new Date().toISOString()`, formatted once per millisecond. */
export function isoTimestamp(now = Date.now()): string {
  if (now !== lastMillisecond) {
    lastMillisecond = now;
    lastTimestamp = new Date(now).toISOString();
  }
  return lastTimestamp;
}

/**
 * The full URL the client asked for: scheme, `Host` (else the server address), path, query. The
 * path is `requestedPath`: behind a proxy that strips a root path (`--root-path /api`) the client
 * asked for `/api/predict`, while the scope's `rawPath` holds `/predict`.
 */
export function requestUrl(request: Request<object>): string {
  const { scope } = request;
  const host = request.headers.get('host') ?? (scope.server ? `${scope.server[0]}:${scope.server[1] ?? ''}` : 'localhost');
  return `${scope.scheme}://${host}${requestedPath(scope)}${scope.queryString === '' ? '' : `?${scope.queryString}`}`;
}

/** Wraps `data` in the envelope, with the request's method and full URL. */
export function envelope(request: Request<object>, data: unknown, status = 200): JSONResponse {
  return new JSONResponse(
    { message: 'OK', method: request.method, 'status-code': status, timestamp: isoTimestamp(), url: requestUrl(request), data },
    { status },
  );
}
