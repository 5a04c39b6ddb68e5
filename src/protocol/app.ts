/**
 * The application signature: the one type every layer of tsgi is written against.
 *
 * An application is an async function of a scope and two channels. The server calls it once per
 * connection (and once for the lifespan); `receive` yields what the client (or the server) says,
 * `send` carries what the application says back. Spec: `docs/protocol.md` §1.
 */
import type { Scope, HttpScope, WebSocketScope, LifespanScope } from './scope.js';
import type {
  ReceiveEvent,
  SendEvent,
  HttpReceiveEvent,
  HttpSendEvent,
  WebSocketReceiveEventUnion,
  WebSocketSendEventUnion,
  LifespanReceiveEvent,
  LifespanSendEvent,
} from './events.js';

/** Waits for the next event from the server. */
export type Receive = () => Promise<ReceiveEvent>;
/** Hands one event to the server; resolves when the server can take the next one (backpressure). */
export type Send = (event: SendEvent) => Promise<void>;

/** A TSGI application. */
export type App = (scope: Scope, receive: Receive, send: Send) => Promise<void>;

/** Channels narrowed to one scope type, for code that handles only that type. */
export type HttpReceive = () => Promise<HttpReceiveEvent>;
export type HttpSend = (event: HttpSendEvent) => Promise<void>;
export type WebSocketReceive = () => Promise<WebSocketReceiveEventUnion>;
export type WebSocketSend = (event: WebSocketSendEventUnion) => Promise<void>;
export type LifespanReceive = () => Promise<LifespanReceiveEvent>;
export type LifespanSend = (event: LifespanSendEvent) => Promise<void>;

/** An app that only speaks HTTP, typed narrowly. */
export type HttpApp = (scope: HttpScope, receive: HttpReceive, send: HttpSend) => Promise<void>;
export type WebSocketApp = (scope: WebSocketScope, receive: WebSocketReceive, send: WebSocketSend) => Promise<void>;
export type LifespanApp = (scope: LifespanScope, receive: LifespanReceive, send: LifespanSend) => Promise<void>;

/** A middleware wraps an app and returns an app: the same signature all the way down. */
export type Middleware = (next: App) => App;
