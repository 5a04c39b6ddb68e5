/**
 * Request id and timing middleware: every response says which request it answered and how long
 * the app took.
 *
 * The id comes from the incoming `x-request-id` header when it looks like an id (letters, digits,
 * `._:-`, at most 128 characters — anything else could forge log lines or headers), and is a fresh
 * UUID otherwise. It is echoed in the response, and stored as `requestId` in the scope's `state` so
 * handlers and logs can use it. The time from the request entering this middleware to the response
 * start goes out as `server-timing: app;dur=<ms>` (the W3C Server-Timing header, which browser dev
 * tools display).
 */
import { randomUUID } from 'node:crypto';
import type { App, Middleware } from '../../protocol/app.js';
import type { SendEvent } from '../../protocol/events.js';
import { findHeader } from '../headers.js';

/** Options of `requestId`. */
export interface RequestIdOptions {
  /** Header carrying the id in and out (default `x-request-id`). */
  header?: string;
  /** Makes a new id (default `crypto.randomUUID`). */
  generate?: () => string;
  /** Add `server-timing` (default `true`). */
  timing?: boolean;
}

const ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * @example
 * ```ts
 * new App({ middleware: [requestId()] }).get('/', (request) => ({ id: request.state.requestId }));
 * ```
 */
export function requestId(options: RequestIdOptions = {}): Middleware {
  const header = (options.header ?? 'x-request-id').toLowerCase();
  const generate = options.generate ?? randomUUID;
  const timing = options.timing ?? true;
  return (next: App): App =>
    async (scope, receive, send) => {
      if (scope.type === 'lifespan') return next(scope, receive, send);
      const started = performance.now();
      const incoming = findHeader(scope.headers, header);
      const id = incoming !== null && ID_SHAPE.test(incoming) ? incoming : generate();
      (scope.state ??= {}).requestId = id;
      if (scope.type !== 'http') return next(scope, receive, send);
      return next(scope, receive, (event: SendEvent) => {
        if (event.type !== 'http.response.start') return send(event);
        const added: Array<[string, string]> = [[header, id]];
        if (timing) added.push(['server-timing', `app;dur=${(performance.now() - started).toFixed(2)}`]);
        return send({ ...event, headers: [...(event.headers ?? []), ...added] });
      });
    };
}
