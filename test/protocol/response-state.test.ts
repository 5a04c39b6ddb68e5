import t from 'tap';
import { throwsRule } from './expect-rule.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';
import {
  HTTP_RESPONSE_TRANSITIONS,
  INITIAL_HTTP_RESPONSE_STATE,
  stepHttpResponse,
  type HttpResponseInput,
  type HttpResponseState,
} from '../../src/protocol/response-state.js';
import { ProtocolError } from '../../src/protocol/errors.js';

/** One sample event per input of the machine. */
const SAMPLE: Record<HttpResponseInput, object> = {
  start: { type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] },
  body: { type: 'http.response.body', body: 'chunk', moreBody: true },
  'last-body': { type: 'http.response.body', body: new Uint8Array([1, 2]) },
  pathsend: { type: 'http.response.pathsend', path: '/tmp/file.txt' },
};

/** The expected outcome of every cell, written out independently of the source table. */
const EXPECTED: Record<HttpResponseState, Record<HttpResponseInput, string>> = {
  idle: { start: 'started', body: '!body-before-start', 'last-body': '!body-before-start', pathsend: '!pathsend-before-start' },
  started: { start: '!second-start', body: 'started', 'last-body': 'complete', pathsend: 'complete' },
  complete: {
    start: '!send-after-complete',
    body: '!send-after-complete',
    'last-body': '!send-after-complete',
    pathsend: '!send-after-complete',
  },
};

t.test('every cell of the table gives the expected next state or named rule', async (t) => {
  for (const state of Object.keys(HTTP_RESPONSE_TRANSITIONS) as HttpResponseState[]) {
    for (const input of Object.keys(HTTP_RESPONSE_TRANSITIONS[state]) as HttpResponseInput[]) {
      const expected = EXPECTED[state][input];
      if (expected.startsWith('!')) {
        throwsRule(t, () => stepHttpResponse(state, SAMPLE[input]), expected.slice(1) as ProtocolRule, `${state} × ${input}`);
      } else {
        t.equal(stepHttpResponse(state, SAMPLE[input]), expected, `${state} × ${input}`);
      }
    }
  }
});

t.test('a response starts idle', async (t) => {
  t.equal(INITIAL_HTTP_RESPONSE_STATE, 'idle');
});

t.test('a streamed response stays started until a body without moreBody', async (t) => {
  let state = stepHttpResponse('idle', SAMPLE.start);
  for (let i = 0; i < 3; i++) state = stepHttpResponse(state, SAMPLE.body);
  t.equal(state, 'started');
  t.equal(stepHttpResponse(state, { type: 'http.response.body', moreBody: false }), 'complete');
});

t.test('a body event without a body field is a legal empty last chunk', async (t) => {
  t.equal(stepHttpResponse('started', { type: 'http.response.body' }), 'complete');
});

t.test('the error names the rule, the state and the event type', async (t) => {
  const error = t.throws(() => stepHttpResponse('complete', SAMPLE.body)) as ProtocolError;
  t.ok(error instanceof ProtocolError);
  t.equal(error.rule, 'send-after-complete');
  t.equal(error.code, 'TSGI_SEND_AFTER_COMPLETE');
  t.equal(error.state, 'complete');
  t.equal(error.eventType, 'http.response.body');
  t.match(error.message, /already completed/);
});

t.test('a websocket event in an http response is a wrong-scope event', async (t) => {
  throwsRule(t, () => stepHttpResponse('idle', { type: 'websocket.accept' }), 'wrong-scope-event');
  throwsRule(t, () => stepHttpResponse('started', { type: 'lifespan.startup.complete' }), 'wrong-scope-event');
});

t.test('a server-to-app event or a typo is an unknown event', async (t) => {
  throwsRule(t, () => stepHttpResponse('idle', { type: 'http.request', body: new Uint8Array() }), 'unknown-event');
  throwsRule(t, () => stepHttpResponse('idle', { type: 'http.response.begin', status: 200 }), 'unknown-event');
});

t.test('a value that is not an event object is rejected', async (t) => {
  for (const value of [null, undefined, 'http.response.start', 42, {}, { type: 7 }]) {
    throwsRule(t, () => stepHttpResponse('idle', value), 'not-an-event', String(JSON.stringify(value)));
  }
});

t.test('field types are checked before the transition', async (t) => {
  throwsRule(t, () => stepHttpResponse('idle', { type: 'http.response.start', status: '200' }), 'invalid-status');
  throwsRule(t, () => stepHttpResponse('started', { type: 'http.response.body', body: 5 }), 'invalid-body');
});

t.test('the table cells are frozen so no caller can rewrite a rule', async (t) => {
  t.ok(Object.isFrozen(HTTP_RESPONSE_TRANSITIONS));
  t.ok(Object.isFrozen(HTTP_RESPONSE_TRANSITIONS.idle));
  t.ok(Object.isFrozen(HTTP_RESPONSE_TRANSITIONS.idle.start));
});

t.test('a hundred thousand legal responses step in well under a second', async (t) => {
  // The server runs this on every send, so it must stay cheap: three table lookups and a few
  // type checks per event, no allocation on the legal path.
  const start = SAMPLE.start;
  const body = SAMPLE.body;
  const last = SAMPLE['last-body'];
  let state: HttpResponseState = 'idle';
  const began = performance.now();
  for (let i = 0; i < 100_000; i++) {
    state = stepHttpResponse(stepHttpResponse(stepHttpResponse('idle', start), body), last);
  }
  const elapsed = performance.now() - began;
  t.equal(state, 'complete');
  t.ok(elapsed < 1000, `300k steps took ${elapsed.toFixed(0)} ms (${((elapsed * 1e6) / 300_000).toFixed(0)} ns/step)`);
});
