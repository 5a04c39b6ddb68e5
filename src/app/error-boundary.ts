/**
 * The error boundary: the outermost layer of an app that has middleware (stage 1 of
 * docs/lifecycle.md), like Starlette's `ServerErrorMiddleware`.
 *
 * A route's errors are answered where they happen, in the router (`routing/route-dispatch.ts`),
 * before anything was sent. Middleware runs outside every route, so an error it throws would
 * otherwise reach the server, which knows nothing of the app's exception handlers and could only
 * answer a bare 500. Here it goes through those handlers like a route's error — unless a response
 * already started, when the only honest thing left is to let the server abort the connection.
 */
import type { App as TsgiApp } from '../protocol/app.js';
import { respondWithError, StartWatcher } from './exception-handlers.js';
import type { DispatchTable } from './routing/route-dispatch.js';

/**
 * `inner` (the middleware stack) wrapped so an HTTP request's error is answered through the app's
 * exception handlers when no response has started. WebSocket and lifespan scopes pass through.
 */
export function errorBoundary(inner: TsgiApp, table: DispatchTable): TsgiApp {
  return async (scope, receive, send) => {
    if (scope.type !== 'http') return inner(scope, receive, send);
    const watcher = new StartWatcher(send);
    try {
      await inner(scope, receive, watcher.send);
    } catch (error) {
      if (watcher.started) throw error;
      await respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error);
    }
  };
}
