/**
 * Route dispatch: from a matched (or unmatched) path to a handler call and a response.
 *
 * This is the router stage of a request's path (docs/lifecycle.md). Given the app's routing table it:
 *  - finds the route (`Router.match` on the path below `rootPath`);
 *  - answers what the table alone decides: 404, 307 to the other trailing-slash form, 405 with
 *    `Allow`, `OPTIONS` (204 with `Allow`), and HEAD through the GET handler (body dropped);
 *  - hands mounts their own scope (`rootPath` extended by the mount's prefix, `path` unchanged);
 *  - calls the handler and sends what it returns: a `Response` as is, anything else as JSON;
 *  - runs background tasks once the response is complete.
 * Errors raised by a handler go through the app's exception handlers right here, where it is known
 * that nothing was sent yet.
 */
import type { App as TsgiApp, Receive, Send } from '../../protocol/app.js';
import type { HttpScope, Scope, WebSocketScope } from '../../protocol/scope.js';
import { HTTPException, WebSocketDisconnect } from '../errors.js';
import { respondWithError, StartWatcher, type ErrorLogger, type ExceptionHandlers } from '../exception-handlers.js';
import { Request, type RequestContext } from '../request.js';
import type { RouteHandler, RouteRecord, WebSocketHandler } from '../route-types.js';
import { isFulfilledSend, RedirectResponse, Response, sendJsonText } from '../responses/response.js';
import type { JsonSerializer } from '../responses/json-serializer.js';
import { WebSocket } from '../websockets.js';
import type { BackgroundTasks } from '../background.js';
import type { RouteMatch, Router } from './router.js';
import { slashRedirectTarget } from './slash-redirect.js';

/** What the routing table stores for each registration (handlers of any state type, hence `any`). */
export type RouteTarget =
  | {
    readonly kind: 'http'; readonly record: RouteRecord; readonly handler: RouteHandler<any>;
    /** Writes the handler's plain return values: compiled from a declared response schema, else `JSON.stringify`. */
    readonly serialize: JsonSerializer;
  }
  | { readonly kind: 'websocket'; readonly record: RouteRecord; readonly handler: WebSocketHandler<any> }
  | { readonly kind: 'mount'; readonly record: RouteRecord; readonly app: TsgiApp };

type HttpTarget = RouteTarget & { kind: 'http' };

/** Everything dispatch reads from the app. */
export interface DispatchTable {
  readonly http: Router<RouteTarget>;
  readonly websocket: Router<RouteTarget>;
  readonly redirectSlashes: boolean;
  readonly exceptionHandlers: ExceptionHandlers;
  readonly logger: ErrorLogger;
  readonly requestContext: RequestContext;
}

/** The path the router sees: the request path with this app's `rootPath` removed. */
export function routingPath(scope: HttpScope | WebSocketScope): string {
  const root = scope.rootPath;
  if (root === '') return scope.path;
  if (!scope.path.startsWith(root)) return scope.path;
  return scope.path.length === root.length ? '/' : scope.path.slice(root.length);
}

/**
 * The router stage as a TSGI app: HTTP and WebSocket scopes dispatched through `table`. HTTP
 * dispatch is synchronous up to its first await (the fast path); anything it throws on the way
 * still reaches the caller as a rejected promise, as from an async app.
 */
export function routerApp(table: DispatchTable): TsgiApp {
  return (scope, receive, send) => {
    try {
      if (scope.type === 'http') return dispatchHttp(table, scope, receive, send);
      return scope.type === 'websocket' ? dispatchWebSocket(table, scope, receive, send) : Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * Dispatches one HTTP request. Written without `async` up to the handler call and for a handler
 * that answers synchronously with a plain value: that path (most GET routes) allocates no promise
 * of its own and returns the promise of the response's last `send`.
 */
export function dispatchHttp(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  const match = table.http.match(routingPath(scope));
  if (match === null) return notFound(table, scope, receive, send);
  if (match.kind === 'mount') return dispatchMount(table, match, scope, receive, send);
  const endpoint = match.endpoint;
  let target = endpoint.byMethod.get(scope.method) as HttpTarget | undefined;
  if (target === undefined) {
    if (scope.method === 'HEAD') target = endpoint.byMethod.get('GET') as HttpTarget | undefined;
    else if (scope.method === 'OPTIONS') return new Response('', { status: 204, headers: [['allow', endpoint.allow]] }).send(scope, receive, send);
    if (target === undefined) {
      const error = new HTTPException(405, 'Method Not Allowed', [['allow', endpoint.allow]]);
      return respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error);
    }
  }
  const request = new Request(scope, receive, match.params, table.requestContext);
  request.route = target.record;
  let result: unknown;
  try {
    result = target.handler(request);
  } catch (error) {
    return respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error, request);
  }
  if (result instanceof Promise) return awaitResult(table, scope, receive, send, request, target, result);
  return respond(table, scope, receive, send, request, target, result);
}

function awaitResult(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send, request: Request, target: HttpTarget, pending: Promise<unknown>): Promise<void> {
  return pending.then(
    (result) => respondAfter(table, scope, receive, send, request, target, result),
    (error: unknown) => respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error, request),
  );
}

/**
 * `respond` for a value that arrived later. A promise returned from a `then` callback is adopted
 * through two extra microtasks; one already seen fulfilled (the server's shared one) is not
 * returned, as there is nothing left to wait for.
 */
function respondAfter(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send, request: Request, target: HttpTarget, result: unknown): Promise<void> | undefined {
  const sent = respond(table, scope, receive, send, request, target, result);
  return isFulfilledSend(sent) ? undefined : sent;
}

/** Sends what the handler returned, then runs background tasks. */
function respond(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send, request: Request, target: HttpTarget, result: unknown): Promise<void> {
  if (result instanceof Response) return respondWith(table, scope, receive, send, request, result);
  let json: string;
  try {
    // Serialised here so a value JSON cannot represent (a cycle, a BigInt) is a handled 500.
    json = target.serialize(result);
  } catch (error) {
    const answered = respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error, request);
    return request.hasCleanups ? answered.finally(() => request.runCleanups(error)) : answered;
  }
  const sent = sendJsonText(scope, send, json);
  if (!request.hasBackgroundTasks && !request.hasCleanups) return sent;
  return sent.then(() => afterResponse(request, undefined), (error: unknown) => failedResponse(request, error));
}

async function respondWith(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send, request: Request, response: Response): Promise<void> {
  try {
    await sendResponse(table, scope, receive, send, response, request);
  } catch (error) {
    return failedResponse(request, error);
  }
  await afterResponse(request, response.background);
}

/** After a sent response: its background tasks, the request's, then the request's cleanups. */
async function afterResponse(request: Request, background: BackgroundTasks | undefined): Promise<void> {
  if (background !== undefined) await background.run();
  if (request.hasBackgroundTasks) await request.background.run();
  await request.runCleanups(undefined);
}

/** A response that failed midway: no background tasks, but cleanups still run (with the error). */
async function failedResponse(request: Request, error: unknown): Promise<never> {
  await request.runCleanups(error);
  throw error;
}

async function dispatchMount(table: DispatchTable, match: RouteMatch<RouteTarget> & { kind: 'mount' }, scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  const watcher = new StartWatcher(send);
  try {
    return await callMount(match, scope, receive, watcher.send);
  } catch (error) {
    if (watcher.started) throw error;
    return respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error);
  }
}

/**
 * Sends a handler's `Response`. A fixed-body response cannot fail halfway (only the server's own
 * `send` can, and then there is nobody left to answer); a streaming or file response can fail
 * before it starts (a missing file is a 404) or after (the source throws midway), so its sends are
 * watched to know whether an error response is still possible.
 */
async function sendResponse(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send, response: Response, request: Request): Promise<void> {
  if (response.send === Response.prototype.send) return response.send(scope, receive, send);
  const watcher = new StartWatcher(send);
  try {
    await response.send(scope, receive, watcher.send);
  } catch (error) {
    if (watcher.started) throw error;
    await respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error, request);
  }
}

/** No route: a 307 to the other trailing-slash form if that one exists, else 404. */
async function notFound(table: DispatchTable, scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  const path = routingPath(scope);
  if (table.redirectSlashes && path !== '/') {
    const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    if (table.http.match(other) !== null) return new RedirectResponse(slashRedirectTarget(scope)).send(scope, receive, send);
  }
  return respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, new HTTPException(404, 'Not Found'));
}

/** Calls a mounted app with `rootPath` extended by the prefix the mount consumed. */
function callMount(match: RouteMatch<RouteTarget> & { kind: 'mount' }, scope: HttpScope | WebSocketScope, receive: Receive, send: Send): Promise<void> {
  const target = match.mount.value as RouteTarget & { kind: 'mount' };
  const inner: Scope = { ...scope, rootPath: scope.rootPath + match.matchedPrefix };
  return target.app(inner, receive, send);
}

function isBeforeAccept(websocket: WebSocket): boolean {
  return websocket.state === 'connecting' || websocket.state === 'handshake';
}

/**
 * Dispatches one WebSocket session. No route refuses the upgrade (the server answers 403). A
 * handler that returns leaves the session closed normally; one that throws an `HTTPException` 4xx
 * before accepting is denied with that status; any other error closes it with 1011 (internal
 * error), or 1008 before accepting, and is logged.
 */
export async function dispatchWebSocket(table: DispatchTable, scope: WebSocketScope, receive: Receive, send: Send): Promise<void> {
  const match = table.websocket.match(routingPath(scope));
  if (match !== null && match.kind === 'mount') return callMount(match, scope, receive, send);
  const target = match === null ? undefined : (match.endpoint.byMethod.get('WEBSOCKET') as (RouteTarget & { kind: 'websocket' }) | undefined);
  if (match === null || target === undefined) {
    await new WebSocket(scope, receive, send, {}).close(1008, 'no route');
    return;
  }
  const websocket = new WebSocket(scope, receive, send, match.params);
  websocket.route = target.record;
  try {
    await target.handler(websocket);
    if (websocket.state === 'connected' || websocket.state === 'handshake') await websocket.close(1000);
  } catch (error) {
    if (error instanceof WebSocketDisconnect) return;
    // A 4xx raised before `accept` refuses the session, as it would refuse a request: its status
    // and headers go out as the denial response (a close, 403, on a server without the
    // extension), and it is an ordinary outcome, not an error to log.
    if (error instanceof HTTPException && error.expose && isBeforeAccept(websocket)) {
      await websocket.deny(error).catch(() => undefined);
      return;
    }
    table.logger.error(`tsgi: error in WebSocket handler for ${scope.path}`, error);
    if (websocket.state === 'connected' || websocket.state === 'handshake' || websocket.state === 'connecting') {
      await websocket.close(websocket.state === 'connected' ? 1011 : 1008).catch(() => undefined);
    }
  }
}
