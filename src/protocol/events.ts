/**
 * Events: every message that crosses between server and application.
 *
 * Each event is one interface keyed by its ASGI `type` string, kept verbatim so this file reads
 * beside the ASGI spec. The unions at the bottom are grouped by scope and direction, so a
 * `switch (event.type)` narrows and `assertNever` catches an event nobody handled.
 * Spec: `docs/protocol.md` §3.
 */
import type { HeaderList } from './scope.js';

/**
 * A body chunk. `Uint8Array` as in ASGI's bytes; a `string` is also accepted on the send side and
 * is written as UTF-8 — it lets a JSON response skip one encode-then-copy on the hot path.
 */
export type Body = Uint8Array | string;

// ---- http: server → app -------------------------------------------------------------------

/** One chunk of the request body; a body arrives as one or more of these, possibly empty. */
export interface HttpRequestEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'http.request';
  /** The bytes of this chunk (may be empty, e.g. for a bodiless GET). */
  body: Uint8Array;
  /** `true` while more chunks of the request body will follow. */
  moreBody: boolean;
}

/** The client went away (or the response finished); further `receive()` calls return this again. */
export interface HttpDisconnectEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'http.disconnect';
}

// ---- http: app → server -------------------------------------------------------------------

/** Begins the response: status line and headers. Nothing reaches the client until the first body event. */
export interface HttpResponseStartEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'http.response.start';
  /** Final HTTP status code, 200–599 (TSGI 1.0 has no interim 1xx responses). */
  status: number;
  /** Response headers; names should be lower-case. Omitted means none. */
  headers?: HeaderList;
  /** Reserved for trailers; servers without the extension require `false`. */
  trailers?: boolean;
}

/** One chunk of the response body, sent after `http.response.start`. */
export interface HttpResponseBodyEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'http.response.body';
  /** The chunk; omitted means an empty chunk (useful to just end the response). */
  body?: Body;
  /** `true` while more chunks will follow; the response ends with the first `false`. */
  moreBody?: boolean;
}

/** Extension `http.response.pathsend`: the server streams a file instead of the app. */
export interface HttpResponsePathsendEvent {
  /** Event tag, verbatim from the ASGI extension. */
  type: 'http.response.pathsend';
  /** Absolute path of the file to send as the whole body. */
  path: string;
}

// ---- websocket: server → app --------------------------------------------------------------

/** The first event of a WebSocket scope: the client asks to upgrade; answer with accept or close. */
export interface WebSocketConnectEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.connect';
}

/** A message from the client: exactly one of `text` or `bytes` is set. */
export interface WebSocketReceiveEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.receive';
  /** Payload of a text frame. */
  text?: string;
  /** Payload of a binary frame. */
  bytes?: Uint8Array;
}

/** The connection closed, from either side; the session is over. */
export interface WebSocketDisconnectEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.disconnect';
  /** The WebSocket close code (RFC 6455 §7.4), e.g. 1000 for a normal close, 1006 if it was dropped. */
  code: number;
  /** The close reason the peer gave, if any. */
  reason?: string;
}

// ---- websocket: app → server --------------------------------------------------------------

/** Accepts the upgrade; only legal in reply to `websocket.connect`. */
export interface WebSocketAcceptEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.accept';
  /** The one subprotocol chosen from `scope.subprotocols`, or none. */
  subprotocol?: string | null;
  /** Extra headers for the `101 Switching Protocols` response. */
  headers?: HeaderList;
}

/** A message to the client: exactly one of `text` or `bytes` is set. */
export interface WebSocketSendEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.send';
  /** Sent as a text frame. */
  text?: string;
  /** Sent as a binary frame. */
  bytes?: Uint8Array;
}

/** Closes the connection from the app's side (or refuses it, before accept). */
export interface WebSocketCloseEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'websocket.close';
  /** Default 1000. Before accept, closing denies the upgrade (the server answers 403). */
  code?: number;
  /** A short human-readable reason sent in the close frame. */
  reason?: string;
}

/** Extension `websocket.http.response`: deny the upgrade with a full HTTP response. */
export interface WebSocketHttpResponseStartEvent {
  /** Event tag, verbatim from the ASGI extension. */
  type: 'websocket.http.response.start';
  /** HTTP status of the denial, e.g. 401 or 403. */
  status: number;
  /** Headers of the denial response. */
  headers?: HeaderList;
}

/** A body chunk of the denial response begun by `websocket.http.response.start`. */
export interface WebSocketHttpResponseBodyEvent {
  /** Event tag, verbatim from the ASGI extension. */
  type: 'websocket.http.response.body';
  /** The chunk; omitted means empty. */
  body?: Body;
  /** `true` while more chunks will follow. */
  moreBody?: boolean;
}

// ---- lifespan -----------------------------------------------------------------------------

/** The server is about to accept connections: run startup work now. */
export interface LifespanStartupEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.startup';
}
/** The server has stopped accepting connections: release resources now. */
export interface LifespanShutdownEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.shutdown';
}
/** The app's reply: startup succeeded, the server may start serving. */
export interface LifespanStartupCompleteEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.startup.complete';
}
/** The app's reply: startup failed, the server should exit without serving. */
export interface LifespanStartupFailedEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.startup.failed';
  /** What went wrong, for the server's log. */
  message?: string;
}
/** The app's reply: cleanup finished, the process may exit. */
export interface LifespanShutdownCompleteEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.shutdown.complete';
}
/** The app's reply: cleanup failed; the server logs it and exits anyway. */
export interface LifespanShutdownFailedEvent {
  /** Event tag, verbatim from ASGI. */
  type: 'lifespan.shutdown.failed';
  /** What went wrong, for the server's log. */
  message?: string;
}

// ---- unions by scope and direction --------------------------------------------------------

/** What `receive()` returns in an `http` scope. */
export type HttpReceiveEvent = HttpRequestEvent | HttpDisconnectEvent;
/** What `send()` accepts in an `http` scope. */
export type HttpSendEvent = HttpResponseStartEvent | HttpResponseBodyEvent | HttpResponsePathsendEvent;

/** What `receive()` returns in a `websocket` scope. */
export type WebSocketReceiveEventUnion = WebSocketConnectEvent | WebSocketReceiveEvent | WebSocketDisconnectEvent;
/** What `send()` accepts in a `websocket` scope. */
export type WebSocketSendEventUnion =
  | WebSocketAcceptEvent
  | WebSocketSendEvent
  | WebSocketCloseEvent
  | WebSocketHttpResponseStartEvent
  | WebSocketHttpResponseBodyEvent;

/** What `receive()` returns in a `lifespan` scope. */
export type LifespanReceiveEvent = LifespanStartupEvent | LifespanShutdownEvent;
/** What `send()` accepts in a `lifespan` scope. */
export type LifespanSendEvent =
  | LifespanStartupCompleteEvent
  | LifespanStartupFailedEvent
  | LifespanShutdownCompleteEvent
  | LifespanShutdownFailedEvent;

/** Everything `receive()` can return. */
export type ReceiveEvent = HttpReceiveEvent | WebSocketReceiveEventUnion | LifespanReceiveEvent;
/** Everything `send()` accepts. */
export type SendEvent = HttpSendEvent | WebSocketSendEventUnion | LifespanSendEvent;
/** Every event `type` string TSGI defines, in either direction. */
export type EventType = ReceiveEvent['type'] | SendEvent['type'];

/**
 * Exhaustiveness check for `switch (event.type)`: if a case is missing, `value` is not `never`
 * and the call does not compile.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'http.request': ...; break;
 *   case 'http.disconnect': ...; break;
 *   default: assertNever(event, 'http event');
 * }
 * ```
 */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
