import t from 'tap';
import { throwsRule } from './expect-rule.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';
import {
  INITIAL_WEBSOCKET_STATE,
  WEBSOCKET_TRANSITIONS,
  stepWebSocket,
  type WebSocketInput,
  type WebSocketState,
} from '../../src/protocol/websocket-state.js';

const SAMPLE: Record<WebSocketInput, object> = {
  accept: { type: 'websocket.accept', subprotocol: 'chat', headers: [['x-session', '1']] },
  send: { type: 'websocket.send', text: 'hello' },
  close: { type: 'websocket.close', code: 1000, reason: 'bye' },
  'denial-start': { type: 'websocket.http.response.start', status: 401, headers: [] },
  'denial-body': { type: 'websocket.http.response.body', body: 'no', moreBody: true },
  'denial-last-body': { type: 'websocket.http.response.body', body: new Uint8Array([33]) },
};

/** Expected outcome of every cell, written independently of the source table. */
const EXPECTED: Record<WebSocketState, Record<WebSocketInput, string>> = {
  handshake: {
    accept: 'open',
    send: '!send-before-accept',
    close: 'closed',
    'denial-start': 'denying',
    'denial-body': '!denial-body-before-start',
    'denial-last-body': '!denial-body-before-start',
  },
  open: {
    accept: '!second-accept',
    send: 'open',
    close: 'closed',
    'denial-start': '!denial-after-accept',
    'denial-body': '!denial-after-accept',
    'denial-last-body': '!denial-after-accept',
  },
  denying: {
    accept: '!event-during-denial',
    send: '!event-during-denial',
    close: '!event-during-denial',
    'denial-start': '!second-denial-start',
    'denial-body': 'denying',
    'denial-last-body': 'closed',
  },
  closed: {
    accept: '!accept-after-close',
    send: '!send-after-close',
    close: '!close-after-close',
    'denial-start': '!send-after-close',
    'denial-body': '!send-after-close',
    'denial-last-body': '!send-after-close',
  },
};

t.test('every cell of the table gives the expected next state or named rule', async (t) => {
  for (const state of Object.keys(WEBSOCKET_TRANSITIONS) as WebSocketState[]) {
    for (const input of Object.keys(WEBSOCKET_TRANSITIONS[state]) as WebSocketInput[]) {
      const expected = EXPECTED[state][input];
      if (expected.startsWith('!')) {
        throwsRule(t, () => stepWebSocket(state, SAMPLE[input]), expected.slice(1) as ProtocolRule, `${state} × ${input}`);
      } else {
        t.equal(stepWebSocket(state, SAMPLE[input]), expected, `${state} × ${input}`);
      }
    }
  }
});

t.test('a session starts in the handshake', async (t) => {
  t.equal(INITIAL_WEBSOCKET_STATE, 'handshake');
});

t.test('an accepted session carries any number of text and binary messages', async (t) => {
  let state = stepWebSocket('handshake', { type: 'websocket.accept' });
  state = stepWebSocket(state, { type: 'websocket.send', text: 'a' });
  state = stepWebSocket(state, { type: 'websocket.send', bytes: new Uint8Array([1]) });
  t.equal(state, 'open');
});

t.test('close may omit code and reason', async (t) => {
  t.equal(stepWebSocket('open', { type: 'websocket.close' }), 'closed');
});

t.test('an http event in a websocket session is a wrong-scope event', async (t) => {
  throwsRule(t, () => stepWebSocket('handshake', { type: 'http.response.start', status: 200 }), 'wrong-scope-event');
});

t.test('a server-to-app websocket event sent by the app is unknown', async (t) => {
  throwsRule(t, () => stepWebSocket('open', { type: 'websocket.receive', text: 'x' }), 'unknown-event');
});

t.test('a message with both text and bytes is rejected', async (t) => {
  throwsRule(t, () => stepWebSocket('open', { type: 'websocket.send', text: 'a', bytes: new Uint8Array() }), 'invalid-message');
});
