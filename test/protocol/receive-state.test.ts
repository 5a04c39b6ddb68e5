/**
 * The server's half of a conversation (receive-state.ts): every cell of both tables, written out
 * independently of the source, and the field checks on what a server delivers.
 */
import t, { type Test } from 'tap';
import { throwsRule } from './expect-rule.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';
import {
  HTTP_RECEIVE_TRANSITIONS,
  WEBSOCKET_RECEIVE_TRANSITIONS,
  stepHttpReceive,
  stepWebSocketReceive,
  type HttpReceiveInput,
  type HttpReceiveState,
  type WebSocketReceiveInput,
  type WebSocketReceiveState,
} from '../../src/protocol/receive-state.js';

const HTTP_SAMPLE: Record<HttpReceiveInput, object> = {
  body: { type: 'http.request', body: new Uint8Array([1]), moreBody: true },
  'last-body': { type: 'http.request', body: new Uint8Array(0), moreBody: false },
  disconnect: { type: 'http.disconnect' },
};

/** '!' marks the rule a cell breaks; anything else is the next state. */
const HTTP_EXPECTED: Record<HttpReceiveState, Record<HttpReceiveInput, string>> = {
  'reading-body': { body: 'reading-body', 'last-body': 'body-complete', disconnect: 'disconnected' },
  'body-complete': { body: '!request-after-last-body', 'last-body': '!request-after-last-body', disconnect: 'disconnected' },
  disconnected: { body: '!request-after-disconnect', 'last-body': '!request-after-disconnect', disconnect: 'disconnected' },
};

const WEBSOCKET_SAMPLE: Record<WebSocketReceiveInput, object> = {
  connect: { type: 'websocket.connect' },
  message: { type: 'websocket.receive', bytes: new Uint8Array([1]) },
  disconnect: { type: 'websocket.disconnect', code: 1000, reason: 'bye' },
};

const WEBSOCKET_EXPECTED: Record<WebSocketReceiveState, Record<WebSocketReceiveInput, string>> = {
  connecting: { connect: 'connected', message: '!connect-not-first', disconnect: '!connect-not-first' },
  connected: { connect: '!second-connect', message: 'connected', disconnect: 'disconnected' },
  disconnected: { connect: '!event-after-disconnect', message: '!event-after-disconnect', disconnect: 'disconnected' },
};

function checkCells<S extends string, I extends string>(
  t: Test,
  table: Readonly<Record<S, Readonly<Record<I, unknown>>>>,
  expected: Record<S, Record<I, string>>,
  samples: Record<I, object>,
  step: (state: S, event: unknown) => S,
): void {
  t.same(Object.keys(table).sort(), Object.keys(expected).sort(), 'the table has exactly the expected states');
  for (const state of Object.keys(expected) as S[]) {
    for (const input of Object.keys(samples) as I[]) {
      const outcome = expected[state][input];
      const what = `${state} × ${input}`;
      if (outcome.startsWith('!')) throwsRule(t, () => step(state, samples[input]), outcome.slice(1) as ProtocolRule, what);
      else t.equal(step(state, samples[input]), outcome, what);
    }
  }
}

t.test('every cell of the HTTP receive table moves or breaks as the spec says', async (t) => {
  checkCells(t, HTTP_RECEIVE_TRANSITIONS, HTTP_EXPECTED, HTTP_SAMPLE, stepHttpReceive);
});

t.test('every cell of the WebSocket receive table moves or breaks as the spec says', async (t) => {
  checkCells(t, WEBSOCKET_RECEIVE_TRANSITIONS, WEBSOCKET_EXPECTED, WEBSOCKET_SAMPLE, stepWebSocketReceive);
});

/** [what the server delivered, step function, event, rule]. */
const MALFORMED: Array<[string, 'http' | 'websocket', unknown, ProtocolRule]> = [
  ['a request body given as a string', 'http', { type: 'http.request', body: 'text', moreBody: false }, 'invalid-receive-event'],
  ['a request without moreBody', 'http', { type: 'http.request', body: new Uint8Array() }, 'invalid-receive-event'],
  ['a moreBody given as a number', 'http', { type: 'http.request', body: new Uint8Array(), moreBody: 0 }, 'invalid-receive-event'],
  ['a send event delivered to the app', 'http', { type: 'http.response.start', status: 200 }, 'unknown-receive-event'],
  ['a websocket event in an http scope', 'http', { type: 'websocket.connect' }, 'unknown-receive-event'],
  ['something that is not an event', 'http', 'http.request', 'not-an-event'],
  ['a message with both text and bytes', 'websocket', { type: 'websocket.receive', text: 'a', bytes: new Uint8Array() }, 'invalid-receive-event'],
  ['a message with neither', 'websocket', { type: 'websocket.receive' }, 'invalid-receive-event'],
  ['text given as bytes', 'websocket', { type: 'websocket.receive', text: new Uint8Array() }, 'invalid-receive-event'],
  ['a disconnect without a code', 'websocket', { type: 'websocket.disconnect' }, 'invalid-receive-event'],
  ['a disconnect with a fractional code', 'websocket', { type: 'websocket.disconnect', code: 1000.5 }, 'invalid-receive-event'],
  ['a disconnect with a numeric reason', 'websocket', { type: 'websocket.disconnect', code: 1000, reason: 7 }, 'invalid-receive-event'],
  ['an http event in a websocket scope', 'websocket', { type: 'http.disconnect' }, 'unknown-receive-event'],
];

t.test('a malformed delivered event is refused with its named rule, whatever the state', async (t) => {
  for (const [what, kind, event, rule] of MALFORMED) {
    if (kind === 'http') throwsRule(t, () => stepHttpReceive('reading-body', event), rule, what);
    else throwsRule(t, () => stepWebSocketReceive('connected', event), rule, what);
  }
});

t.test('a disconnect reason may be absent, and a body chunk may be empty', async (t) => {
  t.equal(stepWebSocketReceive('connected', { type: 'websocket.disconnect', code: 1006 }), 'disconnected');
  t.equal(stepHttpReceive('reading-body', { type: 'http.request', body: new Uint8Array(0), moreBody: true }), 'reading-body');
});

t.test('a state outside the table is a caller bug, named unknown-state', async (t) => {
  throwsRule(t, () => stepHttpReceive('bogus' as HttpReceiveState, HTTP_SAMPLE.disconnect), 'unknown-state');
  throwsRule(t, () => stepWebSocketReceive('bogus' as WebSocketReceiveState, WEBSOCKET_SAMPLE.connect), 'unknown-state');
});
