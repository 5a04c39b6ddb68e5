/**
 * The WebSocket state machine: which `websocket.*` event an application may send when.
 *
 * Theory of operation (spec §4.2). A WebSocket scope starts as an upgrade request that the app
 * has not answered yet (`handshake`). The app answers in one of three ways:
 *
 * - `websocket.accept` opens the socket (`open`); messages flow until someone closes it.
 * - `websocket.close` before accepting denies the upgrade; the server answers HTTP 403.
 * - with the `websocket.http.response` extension, `websocket.http.response.start` begins a full
 *   HTTP denial response (`denying`), whose body events end it as an HTTP response body would.
 *
 * ```
 *              accept                send
 *   handshake ────────▶ open ◀───────┐
 *      │   │              │  └──────┘
 *      │   │ close        │ close
 *      │   └─────────────▶ closed ◀──────────────┐
 *      │ http.response.start                     │ last http.response.body
 *      └───────────────▶ denying ────────────────┘
 * ```
 *
 * Like the HTTP machine, this one reads only what the app sends: a client's
 * `websocket.disconnect` does not make the app's next send a protocol error (the server drops it).
 */
import { checkSendEventFields, asEvent } from './event-fields.js';
import type { ProtocolRule } from './errors.js';
import { breaks, follow, rejectForeignEvent, to, TransitionLookup, type Transition } from './transition.js';

/** Where a WebSocket session stands, from the app's side. */
export type WebSocketState = 'handshake' | 'open' | 'denying' | 'closed';

/** What the machine reads from an event: its type, with denial body events split by `moreBody`. */
export type WebSocketInput = 'accept' | 'send' | 'close' | 'denial-start' | 'denial-body' | 'denial-last-body';

/** The state a WebSocket session begins in. */
export const INITIAL_WEBSOCKET_STATE: WebSocketState = 'handshake';

/** Every ordering rule of a WebSocket session, as one table. */
export const WEBSOCKET_TRANSITIONS: Readonly<Record<WebSocketState, Readonly<Record<WebSocketInput, Transition<WebSocketState>>>>> =
  Object.freeze({
    handshake: Object.freeze({
      accept: to('open'),
      send: breaks('send-before-accept'),
      close: to('closed'),
      'denial-start': to('denying'),
      'denial-body': breaks('denial-body-before-start'),
      'denial-last-body': breaks('denial-body-before-start'),
    }),
    open: Object.freeze({
      accept: breaks('second-accept'),
      send: to('open'),
      close: to('closed'),
      'denial-start': breaks('denial-after-accept'),
      'denial-body': breaks('denial-after-accept'),
      'denial-last-body': breaks('denial-after-accept'),
    }),
    denying: Object.freeze({
      accept: breaks('event-during-denial'),
      send: breaks('event-during-denial'),
      close: breaks('event-during-denial'),
      'denial-start': breaks('second-denial-start'),
      'denial-body': to('denying'),
      'denial-last-body': to('closed'),
    }),
    closed: Object.freeze({
      accept: breaks('accept-after-close'),
      send: breaks('send-after-close'),
      close: breaks('close-after-close'),
      'denial-start': breaks('send-after-close'),
      'denial-body': breaks('send-after-close'),
      'denial-last-body': breaks('send-after-close'),
    }),
  });

/** The table above, held for fast lookups (transition.ts explains why). */
const CELLS = new TransitionLookup(WEBSOCKET_TRANSITIONS);

const EXPLANATIONS: Readonly<Partial<Record<ProtocolRule, string>>> = {
  'send-before-accept': 'websocket.send was sent before websocket.accept; accept the connection first',
  'second-accept': 'websocket.accept was sent twice',
  'accept-after-close': 'websocket.accept was sent after the session was closed or denied',
  'send-after-close': 'the session was already closed or denied; nothing more may be sent',
  'close-after-close': 'websocket.close was sent twice',
  'denial-after-accept': 'a denial response cannot follow websocket.accept; send websocket.close instead',
  'denial-body-before-start': 'websocket.http.response.body was sent before websocket.http.response.start',
  'second-denial-start': 'websocket.http.response.start was sent twice',
  'event-during-denial': 'a denial response is in progress; only websocket.http.response.body may follow until it completes',
};

function inputOf(event: { readonly type: string; readonly [key: string]: unknown }, state: WebSocketState): WebSocketInput {
  switch (event.type) {
    case 'websocket.accept':
      return 'accept';
    case 'websocket.send':
      return 'send';
    case 'websocket.close':
      return 'close';
    case 'websocket.http.response.start':
      return 'denial-start';
    case 'websocket.http.response.body':
      return event.moreBody === true ? 'denial-body' : 'denial-last-body';
    default:
      return rejectForeignEvent('websocket', state, event.type);
  }
}

/**
 * Advances a WebSocket session by one event the app sends. Returns the next state, or throws a
 * `ProtocolError` naming the broken rule. Allocation-free when the event is legal.
 *
 * @example
 * ```ts
 * let state = INITIAL_WEBSOCKET_STATE;
 * state = stepWebSocket(state, { type: 'websocket.accept' });            // 'open'
 * state = stepWebSocket(state, { type: 'websocket.send', text: 'hi' });  // 'open'
 * state = stepWebSocket(state, { type: 'websocket.close', code: 1000 }); // 'closed'
 * ```
 */
export function stepWebSocket(state: WebSocketState, event: unknown): WebSocketState {
  const checked = asEvent(event, state);
  const input = inputOf(checked, state);
  checkSendEventFields(checked, state);
  return follow(CELLS.cell(state, input), state, checked.type, EXPLANATIONS);
}
