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

export interface HttpRequestEvent {
  type: 'http.request';
  body: Uint8Array;
  /** `true` while more chunks of the request body will follow. */
  moreBody: boolean;
}

export interface HttpDisconnectEvent {
  type: 'http.disconnect';
}

// ---- http: app → server -------------------------------------------------------------------

export interface HttpResponseStartEvent {
  type: 'http.response.start';
  status: number;
  headers?: HeaderList;
  /** Reserved for trailers; servers without the extension require `false`. */
  trailers?: boolean;
}

export interface HttpResponseBodyEvent {
  type: 'http.response.body';
  body?: Body;
  /** `true` while more chunks will follow; the response ends with the first `false`. */
  moreBody?: boolean;
}

/** Extension `http.response.pathsend`: the server streams a file instead of the app. */
export interface HttpResponsePathsendEvent {
  type: 'http.response.pathsend';
  /** Absolute path of the file to send as the whole body. */
  path: string;
}

// ---- websocket: server → app --------------------------------------------------------------

export interface WebSocketConnectEvent {
  type: 'websocket.connect';
}

/** A message from the client: exactly one of `text` or `bytes` is set. */
export interface WebSocketReceiveEvent {
  type: 'websocket.receive';
  text?: string;
  bytes?: Uint8Array;
}

export interface WebSocketDisconnectEvent {
  type: 'websocket.disconnect';
  code: number;
  reason?: string;
}

// ---- websocket: app → server --------------------------------------------------------------

export interface WebSocketAcceptEvent {
  type: 'websocket.accept';
  subprotocol?: string | null;
  headers?: HeaderList;
}

/** A message to the client: exactly one of `text` or `bytes` is set. */
export interface WebSocketSendEvent {
  type: 'websocket.send';
  text?: string;
  bytes?: Uint8Array;
}

export interface WebSocketCloseEvent {
  type: 'websocket.close';
  /** Default 1000. Before accept, closing denies the upgrade (the server answers 403). */
  code?: number;
  reason?: string;
}

/** Extension `websocket.http.response`: deny the upgrade with a full HTTP response. */
export interface WebSocketHttpResponseStartEvent {
  type: 'websocket.http.response.start';
  status: number;
  headers?: HeaderList;
}

export interface WebSocketHttpResponseBodyEvent {
  type: 'websocket.http.response.body';
  body?: Body;
  moreBody?: boolean;
}

// ---- lifespan -----------------------------------------------------------------------------

export interface LifespanStartupEvent {
  type: 'lifespan.startup';
}
export interface LifespanShutdownEvent {
  type: 'lifespan.shutdown';
}
export interface LifespanStartupCompleteEvent {
  type: 'lifespan.startup.complete';
}
export interface LifespanStartupFailedEvent {
  type: 'lifespan.startup.failed';
  message?: string;
}
export interface LifespanShutdownCompleteEvent {
  type: 'lifespan.shutdown.complete';
}
export interface LifespanShutdownFailedEvent {
  type: 'lifespan.shutdown.failed';
  message?: string;
}

// ---- unions by scope and direction --------------------------------------------------------

export type HttpReceiveEvent = HttpRequestEvent | HttpDisconnectEvent;
export type HttpSendEvent = HttpResponseStartEvent | HttpResponseBodyEvent | HttpResponsePathsendEvent;

export type WebSocketReceiveEventUnion = WebSocketConnectEvent | WebSocketReceiveEvent | WebSocketDisconnectEvent;
export type WebSocketSendEventUnion =
  | WebSocketAcceptEvent
  | WebSocketSendEvent
  | WebSocketCloseEvent
  | WebSocketHttpResponseStartEvent
  | WebSocketHttpResponseBodyEvent;

export type LifespanReceiveEvent = LifespanStartupEvent | LifespanShutdownEvent;
export type LifespanSendEvent =
  | LifespanStartupCompleteEvent
  | LifespanStartupFailedEvent
  | LifespanShutdownCompleteEvent
  | LifespanShutdownFailedEvent;

/** Everything `receive()` can return. */
export type ReceiveEvent = HttpReceiveEvent | WebSocketReceiveEventUnion | LifespanReceiveEvent;
/** Everything `send()` accepts. */
export type SendEvent = HttpSendEvent | WebSocketSendEventUnion | LifespanSendEvent;
export type EventType = ReceiveEvent['type'] | SendEvent['type'];

/**
 * Exhaustiveness check for `switch (event.type)`: if a case is missing, `value` is not `never`
 * and the call does not compile.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
