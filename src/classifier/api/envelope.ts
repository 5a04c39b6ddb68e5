/**
 * The success envelope of the tagifai REST endpoints (issue 7, "Envelope"):
 *
 *   {"message": "OK", "method": "POST", "status-code": 200,
 *    "timestamp": "2026-01-01T00:00:00.000Z", "url": "http://host/predict", "data": {...}}
 *
 * It repeats what the client asked (method, full URL) and when the answer was made, so a logged
 * response is self-describing. Errors do not use it: they are `{"detail": ...}`.
 */
import { JSONResponse, type Request } from '../../app/index.js';

/** Wraps `data` in the envelope, with the request's method and full URL. */
export function envelope(request: Request<object>, data: unknown, status = 200): JSONResponse {
  return new JSONResponse(
    { message: 'OK', method: request.method, 'status-code': status, timestamp: new Date().toISOString(), url: request.url.href, data },
    { status },
  );
}
