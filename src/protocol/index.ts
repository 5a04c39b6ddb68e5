/**
 * The public API of `tsgi/protocol`: the TSGI specification as TypeScript, its state machines,
 * the conformance checker and the in-process test client.
 *
 * Everything here is pure (no sockets, no timers on the hot path) except `testing/`, which plays
 * the server in tests. Spec: `docs/protocol.md`.
 */

// The application signature.
export type {
  App,
  Receive,
  Send,
  HttpReceive,
  HttpSend,
  WebSocketReceive,
  WebSocketSend,
  LifespanReceive,
  LifespanSend,
  HttpApp,
  WebSocketApp,
  LifespanApp,
  Middleware,
} from './app.js';

// Scopes.
export type { HeaderList, Address, TsgiInfo, State, HttpScope, WebSocketScope, LifespanScope, Scope, ScopeType } from './scope.js';

// Events.
export type {
  Body,
  HttpRequestEvent,
  HttpDisconnectEvent,
  HttpResponseStartEvent,
  HttpResponseBodyEvent,
  HttpResponsePathsendEvent,
  WebSocketConnectEvent,
  WebSocketReceiveEvent,
  WebSocketDisconnectEvent,
  WebSocketAcceptEvent,
  WebSocketSendEvent,
  WebSocketCloseEvent,
  WebSocketHttpResponseStartEvent,
  WebSocketHttpResponseBodyEvent,
  LifespanStartupEvent,
  LifespanShutdownEvent,
  LifespanStartupCompleteEvent,
  LifespanStartupFailedEvent,
  LifespanShutdownCompleteEvent,
  LifespanShutdownFailedEvent,
  HttpReceiveEvent,
  HttpSendEvent,
  WebSocketReceiveEventUnion,
  WebSocketSendEventUnion,
  LifespanReceiveEvent,
  LifespanSendEvent,
  ReceiveEvent,
  SendEvent,
  EventType,
} from './events.js';
export { assertNever } from './events.js';

// Extensions.
export type { Extensions, ServerCounters, ServerStatsExtension, ReadinessExtension, GatherExtension } from './extensions.js';

// Shared pieces.
export { headerValue, headerValues, hasHeader, toHeaderList } from './headers.js';
export { STATUS_PHRASES, statusPhrase } from './status-phrases.js';
export { ProtocolError, WebSocketDenied, WebSocketClosed, LifespanFailed, ConversationError } from './errors.js';
export type { ProtocolRule } from './errors.js';

// State machines and the checker.
export type { Transition } from './transition.js';
export { checkSendEventFields } from './event-fields.js';
export type { AnyEvent } from './event-fields.js';
export { HTTP_RESPONSE_TRANSITIONS, INITIAL_HTTP_RESPONSE_STATE, stepHttpResponse } from './response-state.js';
export type { HttpResponseState, HttpResponseInput } from './response-state.js';
export { WEBSOCKET_TRANSITIONS, INITIAL_WEBSOCKET_STATE, stepWebSocket } from './websocket-state.js';
export type { WebSocketState, WebSocketInput } from './websocket-state.js';
export { LIFESPAN_TRANSITIONS, INITIAL_LIFESPAN_STATE, stepLifespan } from './lifespan-state.js';
export type { LifespanState, LifespanInput } from './lifespan-state.js';
export { HTTP_RECEIVE_TRANSITIONS, WEBSOCKET_RECEIVE_TRANSITIONS, INITIAL_HTTP_RECEIVE_STATE, INITIAL_WEBSOCKET_RECEIVE_STATE, stepHttpReceive, stepWebSocketReceive } from './receive-state.js';
export type { HttpReceiveState, HttpReceiveInput, WebSocketReceiveState, WebSocketReceiveInput } from './receive-state.js';
export { checked, checkScopeRules } from './checked.js';

// Testing: drive apps in-process.
export { Communicator } from './testing/communicator.js';
export { TestClient } from './testing/test-client.js';
export type { TestClientOptions, TestRequestOptions, TestWebSocketOptions } from './testing/test-client.js';
export type { TestResponse, StreamingTestResponse } from './testing/test-response.js';
export type { TestWebSocket, WebSocketMessage } from './testing/test-websocket.js';
export type { TestLifespan } from './testing/test-lifespan.js';
export type { TestRequestBody } from './testing/request-body.js';
