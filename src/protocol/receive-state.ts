/**
 * The server's half of a conversation: which events a server may deliver to `receive()`, and when.
 *
 * Theory of operation (spec §3, §5.1). The machines of response-state.ts and websocket-state.ts
 * hold the *app* to the protocol; this file holds the *server* to it, so that `checked(app)` can
 * tell an app bug from a server bug (or from a test that scripts the server's part wrongly).
 * Each scope's delivered events follow a short, fixed order:
 *
 * ```
 *   http       reading-body ──http.request (moreBody: false)──▶ body-complete
 *                    │ http.disconnect                               │ http.disconnect
 *                    └──────────────────▶ disconnected ◀─────────────┘   (then only http.disconnect)
 *
 *   websocket  connecting ──websocket.connect──▶ connected ──websocket.disconnect──▶ disconnected
 *                                   websocket.receive ↺                        (then only the disconnect)
 * ```
 *
 * The lifespan needs no table here: its machine (lifespan-state.ts) already steps on both
 * directions. Field checks come first, as for sends: a body that is not a `Uint8Array`, a message
 * with both `text` and `bytes`, a close code that is not an integer.
 */
import { ProtocolError, type ProtocolRule } from './errors.js';
import { asEvent, describe, type AnyEvent } from './event-fields.js';
import { breaks, follow, to, TransitionLookup, type Transition } from './transition.js';

/** How far the server has delivered an HTTP request. */
export type HttpReceiveState = 'reading-body' | 'body-complete' | 'disconnected';
/** What the HTTP receive machine reads from an event. */
export type HttpReceiveInput = 'body' | 'last-body' | 'disconnect';

/** How far the server has delivered a WebSocket session. */
export type WebSocketReceiveState = 'connecting' | 'connected' | 'disconnected';
/** What the WebSocket receive machine reads from an event. */
export type WebSocketReceiveInput = 'connect' | 'message' | 'disconnect';

/** Where the server's half of an HTTP exchange begins. */
export const INITIAL_HTTP_RECEIVE_STATE: HttpReceiveState = 'reading-body';
/** Where the server's half of a WebSocket session begins. */
export const INITIAL_WEBSOCKET_RECEIVE_STATE: WebSocketReceiveState = 'connecting';

/** Every ordering rule of the events a server delivers in an `http` scope. */
export const HTTP_RECEIVE_TRANSITIONS: Readonly<Record<HttpReceiveState, Readonly<Record<HttpReceiveInput, Transition<HttpReceiveState>>>>> =
  Object.freeze({
    'reading-body': Object.freeze({ body: to('reading-body'), 'last-body': to('body-complete'), disconnect: to('disconnected') }),
    'body-complete': Object.freeze({
      body: breaks('request-after-last-body'),
      'last-body': breaks('request-after-last-body'),
      disconnect: to('disconnected'),
    }),
    // A finished connection keeps answering with its disconnect (spec §1): repeats are legal.
    disconnected: Object.freeze({
      body: breaks('request-after-disconnect'),
      'last-body': breaks('request-after-disconnect'),
      disconnect: to('disconnected'),
    }),
  });

/** Every ordering rule of the events a server delivers in a `websocket` scope. */
export const WEBSOCKET_RECEIVE_TRANSITIONS: Readonly<
  Record<WebSocketReceiveState, Readonly<Record<WebSocketReceiveInput, Transition<WebSocketReceiveState>>>>
> = Object.freeze({
  connecting: Object.freeze({ connect: to('connected'), message: breaks('connect-not-first'), disconnect: breaks('connect-not-first') }),
  connected: Object.freeze({ connect: breaks('second-connect'), message: to('connected'), disconnect: to('disconnected') }),
  disconnected: Object.freeze({ connect: breaks('event-after-disconnect'), message: breaks('event-after-disconnect'), disconnect: to('disconnected') }),
});

const HTTP_CELLS = new TransitionLookup(HTTP_RECEIVE_TRANSITIONS);
const WEBSOCKET_CELLS = new TransitionLookup(WEBSOCKET_RECEIVE_TRANSITIONS);

const EXPLANATIONS: Readonly<Partial<Record<ProtocolRule, string>>> = {
  'request-after-last-body': 'the server delivered http.request after the one with moreBody: false; the body was already complete',
  'request-after-disconnect': 'the server delivered http.request after http.disconnect; after a disconnect every receive() is http.disconnect',
  'connect-not-first': 'the server delivered an event before websocket.connect, which is always the first event of a session',
  'second-connect': 'the server delivered websocket.connect twice',
  'event-after-disconnect': 'the server delivered an event after websocket.disconnect; after it every receive() is the disconnect again',
};

function fail(rule: ProtocolRule, state: string, event: AnyEvent, detail: string): never {
  throw new ProtocolError(rule, state, event.type, detail);
}

function httpInput(event: AnyEvent, state: HttpReceiveState): HttpReceiveInput {
  switch (event.type) {
    case 'http.request':
      if (!(event.body instanceof Uint8Array)) fail('invalid-receive-event', state, event, `http.request body must be a Uint8Array, got ${describe(event.body)}`);
      if (typeof event.moreBody !== 'boolean') fail('invalid-receive-event', state, event, `http.request moreBody must be a boolean, got ${describe(event.moreBody)}`);
      return event.moreBody ? 'body' : 'last-body';
    case 'http.disconnect':
      return 'disconnect';
    default:
      return fail('unknown-receive-event', state, event, `${event.type} is not an event a server delivers in an http scope (http.request, http.disconnect)`);
  }
}

function webSocketInput(event: AnyEvent, state: WebSocketReceiveState): WebSocketReceiveInput {
  switch (event.type) {
    case 'websocket.connect':
      return 'connect';
    case 'websocket.receive': {
      const hasText = event.text !== undefined && event.text !== null;
      const hasBytes = event.bytes !== undefined && event.bytes !== null;
      if (hasText === hasBytes) fail('invalid-receive-event', state, event, 'websocket.receive must carry exactly one of text and bytes');
      if (hasText && typeof event.text !== 'string') fail('invalid-receive-event', state, event, `text must be a string, got ${describe(event.text)}`);
      if (hasBytes && !(event.bytes instanceof Uint8Array)) fail('invalid-receive-event', state, event, `bytes must be a Uint8Array, got ${describe(event.bytes)}`);
      return 'message';
    }
    case 'websocket.disconnect':
      if (typeof event.code !== 'number' || !Number.isInteger(event.code)) fail('invalid-receive-event', state, event, `websocket.disconnect code must be an integer, got ${describe(event.code)}`);
      if (event.reason !== undefined && typeof event.reason !== 'string') fail('invalid-receive-event', state, event, `websocket.disconnect reason must be a string, got ${describe(event.reason)}`);
      return 'disconnect';
    default:
      return fail('unknown-receive-event', state, event, `${event.type} is not an event a server delivers in a websocket scope (websocket.connect, websocket.receive, websocket.disconnect)`);
  }
}

/**
 * Advances the server's half of an HTTP exchange by one event it delivered. Returns the next
 * state, or throws a `ProtocolError` naming the rule the *server* broke.
 *
 * @example
 * ```ts
 * let state = INITIAL_HTTP_RECEIVE_STATE;
 * state = stepHttpReceive(state, { type: 'http.request', body: new Uint8Array(), moreBody: false }); // 'body-complete'
 * stepHttpReceive(state, { type: 'http.request', body: new Uint8Array(), moreBody: false }); // throws request-after-last-body
 * ```
 */
export function stepHttpReceive(state: HttpReceiveState, event: unknown): HttpReceiveState {
  const checked = asEvent(event, state);
  return follow(HTTP_CELLS.cell(state, httpInput(checked, state)), state, checked.type, EXPLANATIONS);
}

/**
 * Advances the server's half of a WebSocket session by one event it delivered. Returns the next
 * state, or throws a `ProtocolError` naming the rule the *server* broke.
 *
 * @example
 * ```ts
 * let state = INITIAL_WEBSOCKET_RECEIVE_STATE;
 * state = stepWebSocketReceive(state, { type: 'websocket.connect' }); // 'connected'
 * stepWebSocketReceive(state, { type: 'websocket.connect' });         // throws second-connect
 * ```
 */
export function stepWebSocketReceive(state: WebSocketReceiveState, event: unknown): WebSocketReceiveState {
  const checked = asEvent(event, state);
  return follow(WEBSOCKET_CELLS.cell(state, webSocketInput(checked, state)), state, checked.type, EXPLANATIONS);
}
