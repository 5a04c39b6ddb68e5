/**
 * Errors of the application framework, in one catalogue.
 *
 * Every error is a class with an HTTP `status`, a stable `code` that tests and clients can rely on,
 * and `expose`: whether its message may reach the client (4xx yes, 5xx no — the stack goes to the
 * log instead). `HTTPException` is the one handlers throw on purpose; the others are raised by the
 * framework itself, most of them at registration time so a bad route fails at startup.
 */
import type { HeaderList } from '../protocol/scope.js';

/** Snake-case names for the statuses the framework raises itself, used as default `code`s. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  499: 'client_closed_request',
  500: 'internal_server_error',
  503: 'service_unavailable',
};

/** Base class: anything the framework raises carries a status, a code and an exposure flag. */
export class AppError extends Error {
  /** The HTTP status the error turns into when it reaches the exception handler. */
  readonly status: number;
  /** Stable, snake-case identifier (e.g. `not_found`) that tests and clients match on. */
  readonly code: string;
  /** Whether `message` may be shown to the client: true for 4xx, false for 5xx. */
  readonly expose: boolean;
  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.expose = status < 500;
  }
}

/** Headers an exception adds to its response, as a list or a plain object. */
export type ExceptionHeaders = HeaderList | Record<string, string>;

/**
 * An error that becomes an HTTP response: `{"detail": detail}` with `status` and `headers`.
 *
 * @example
 * ```ts
 * app.get('/items/{id:int}', (request) => {
 *   const item = items.get(request.pathParams.id as number);
 *   if (!item) throw new HTTPException(404, 'Item not found');
 *   return item;
 * });
 * ```
 */
export class HTTPException extends AppError {
  /** What the client sees under `detail` in the JSON body; any JSON-serialisable value. */
  readonly detail: unknown;
  /** Extra response headers, e.g. `www-authenticate` for a 401. */
  readonly headers: HeaderList;
  constructor(status: number, detail?: unknown, headers?: ExceptionHeaders, options: { code?: string } = {}) {
    const text = detail === undefined ? defaultDetail(status) : detail;
    super(typeof text === 'string' ? text : describe(text), status, options.code ?? STATUS_CODES[status] ?? `http_${status}`);
    this.detail = text;
    this.headers = headers === undefined ? [] : Array.isArray(headers) ? headers : Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]);
  }
}

/**
 * A detail that is not a string, as the error's message (for logs). The detail may hold a
 * client's value (a 422 echoes it); should it still not serialise (too deep, a cycle), the message
 * says so rather than the constructor throwing — an error about bad input must not become a 500.
 */
function describe(detail: unknown): string {
  try {
    return JSON.stringify(detail) ?? String(detail);
  } catch {
    return '[detail that cannot be written as JSON]';
  }
}

function defaultDetail(status: number): string {
  const code = STATUS_CODES[status];
  if (code === undefined) return `HTTP ${status}`;
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A route template that cannot be parsed (unbalanced braces, unknown converter, `path` not last...). */
export class RouteDefinitionError extends AppError {
  constructor(template: string, problem: string) {
    super(`invalid route "${template}": ${problem}`, 500, 'invalid_route');
  }
}

/**
 * Two different schemas declare the same `$id`; raised when the second is registered. Validators
 * resolve schemas by `$id`, so the second would silently be checked (and documented) as the first.
 */
export class SchemaIdConflictError extends AppError {
  constructor(id: string) {
    super(`schema $id "${id}" is already used by a different schema: give each schema its own $id`, 500, 'schema_id_conflict');
  }
}

/** Two routes that would match the same requests; raised when the second one is registered. */
export class RouteConflictError extends AppError {
  constructor(message: string) {
    super(message, 500, 'route_conflict');
  }
}

/**
 * Two operations declare the same OpenAPI `operationId`; raised when the second is registered (or
 * the document is built). The document would be invalid, and generated clients would lose one.
 */
export class DuplicateOperationIdError extends AppError {
  constructor(id: string, first: string, second: string) {
    super(`operationId "${id}" of ${second} is already used by ${first}: give each operation its own operationId`, 500, 'duplicate_operation_id');
  }
}

/** `urlPathFor` was asked for a route name that does not exist or given the wrong parameters. */
export class NoMatchFound extends AppError {
  constructor(message: string) {
    super(message, 500, 'no_match_found');
  }
}

/** The app was changed (route, middleware) after it started serving. */
export class AppFrozenError extends AppError {
  constructor(what: string) {
    super(`cannot ${what} after the app has started handling requests`, 500, 'app_frozen');
  }
}

/**
 * The client went away during a WebSocket session; `receive*` methods throw it.
 *
 * @example
 * ```ts
 * try { for (;;) await ws.sendText(await ws.receiveText()); }
 * catch (error) { if (!(error instanceof WebSocketDisconnect)) throw error; }
 * ```
 */
export class WebSocketDisconnect extends AppError {
  /** The WebSocket close code from the client (1000 = normal, 1001 = going away, ...). */
  readonly closeCode: number;
  /** The close reason the client gave, `''` if none. */
  readonly reason: string;
  constructor(closeCode = 1000, reason = '') {
    super(`websocket disconnected with code ${closeCode}`, 400, 'websocket_disconnect');
    this.closeCode = closeCode;
    this.reason = reason;
  }
}

/** A WebSocket method called in a state where it makes no sense (send before accept, ...). */
export class WebSocketStateError extends AppError {
  constructor(message: string) {
    super(message, 500, 'websocket_state');
  }
}

/**
 * `WebSocket.sendJson` was given a value `JSON.stringify` cannot write: a cycle, a `BigInt`, or
 * nesting deep enough to overflow the stack (a structure a client sent, echoed back). Nothing
 * was sent and the session goes on, so the handler may answer otherwise. 500 and not exposed:
 * the value came from the handler, so it is the server's fault; the original error is `cause`.
 *
 * @example
 * ```ts
 * await ws.sendJson(reply).catch((error: unknown) => {
 *   if (error instanceof WebSocketSerializationError) return ws.sendJson({ error: 'reply not serialisable' });
 *   throw error;
 * });
 * ```
 */
export class WebSocketSerializationError extends AppError {
  constructor(cause: unknown) {
    super(`sendJson cannot serialise the value: ${cause instanceof Error ? cause.message : String(cause)}`, 500, 'websocket_json_unserializable');
    this.cause = cause;
  }
}

/**
 * The client disconnected before the request body was fully read.
 *
 * Its status is 499, nginx's "client closed request": nobody receives the response (the client
 * is gone), but middleware that counts statuses sees it, and a 400 there would blame a request
 * no client was ever refused. 4xx, so it is expected, not logged as a failure.
 */
export class ClientDisconnect extends AppError {
  constructor() {
    super('the client disconnected before the request body was read', 499, 'client_disconnect');
  }
}
