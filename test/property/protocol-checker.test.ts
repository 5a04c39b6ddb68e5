/**
 * Property tests of the protocol state machines (fast-check, bounded runs): any sequence of
 * arbitrary values fed to a `step` function either advances it or throws a `ProtocolError` —
 * never a TypeError or anything else — and every legal sequence passes.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  ProtocolError,
  stepHttpResponse,
  INITIAL_HTTP_RESPONSE_STATE,
  stepWebSocket,
  INITIAL_WEBSOCKET_STATE,
  stepLifespan,
  INITIAL_LIFESPAN_STATE,
} from '../../src/protocol/index.js';

const RUNS = { numRuns: 300, seed: 9 };

/** Event-like values: real types with random fields, wrong types, and non-objects. */
const TYPES = [
  'http.response.start', 'http.response.body', 'http.response.pathsend', 'http.request', 'http.disconnect',
  'websocket.accept', 'websocket.send', 'websocket.close', 'websocket.http.response.start', 'websocket.http.response.body',
  'lifespan.startup.complete', 'lifespan.startup.failed', 'lifespan.shutdown.complete', 'lifespan.shutdown.failed', 'bogus',
];
const fieldValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.uint8Array({ maxLength: 8 }), fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 3 }));
const eventLike = fc.oneof(
  fc.record({ type: fc.constantFrom(...TYPES), status: fieldValue, body: fieldValue, moreBody: fieldValue, headers: fieldValue, code: fieldValue, text: fieldValue, bytes: fieldValue, message: fieldValue, path: fieldValue, subprotocol: fieldValue, reason: fieldValue }, { requiredKeys: ['type'] }),
  fc.anything(),
);

function onlyProtocolErrors<S>(step: (state: S, event: unknown) => S, initial: S): fc.IProperty<[unknown[]]> {
  return fc.property(fc.array(eventLike, { maxLength: 8 }), (events) => {
    let state = initial;
    for (const event of events) {
      try {
        state = step(state, event);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        return;
      }
    }
  });
}

t.test('the HTTP response machine throws nothing but ProtocolError on random events', async (t) => {
  t.doesNotThrow(() => fc.assert(onlyProtocolErrors(stepHttpResponse, INITIAL_HTTP_RESPONSE_STATE), RUNS));
});

t.test('the WebSocket machine throws nothing but ProtocolError on random events', async (t) => {
  t.doesNotThrow(() => fc.assert(onlyProtocolErrors(stepWebSocket, INITIAL_WEBSOCKET_STATE), RUNS));
});

t.test('the lifespan machine throws nothing but ProtocolError on random events', async (t) => {
  t.doesNotThrow(() => fc.assert(onlyProtocolErrors(stepLifespan, INITIAL_LIFESPAN_STATE), RUNS));
});

t.test('every legal response (start, any number of partial bodies, a last body) passes and completes', async (t) => {
  const legal = fc.record({
    status: fc.integer({ min: 200, max: 599 }),
    headers: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.stringMatching(/^[ -~]{0,20}$/)), { maxLength: 5 }),
    chunks: fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 6 }),
  });
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(legal, ({ status, headers, chunks }) => {
        let state = stepHttpResponse(INITIAL_HTTP_RESPONSE_STATE, { type: 'http.response.start', status, headers });
        for (const body of chunks) state = stepHttpResponse(state, { type: 'http.response.body', body, moreBody: true });
        state = stepHttpResponse(state, { type: 'http.response.body', body: new Uint8Array(0), moreBody: false });
        if (state !== 'complete') throw new Error(`ended in ${state}`);
      }),
      RUNS,
    ),
  );
});

t.test('every legal WebSocket session (accept, sends, close) passes', async (t) => {
  const message = fc.oneof(fc.string().map((text) => ({ type: 'websocket.send', text })), fc.uint8Array({ maxLength: 16 }).map((bytes) => ({ type: 'websocket.send', bytes })));
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.oneof(fc.constantFrom(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014), fc.integer({ min: 3000, max: 4999 })), (messages, code) => {
        let state = stepWebSocket(INITIAL_WEBSOCKET_STATE, { type: 'websocket.accept' });
        for (const m of messages) state = stepWebSocket(state, m);
        state = stepWebSocket(state, { type: 'websocket.close', code });
        if (state !== 'closed') throw new Error(`ended in ${state}`);
      }),
      RUNS,
    ),
  );
});

t.test('a second start is always refused with a ProtocolError naming the rule', async (t) => {
  const started = stepHttpResponse(INITIAL_HTTP_RESPONSE_STATE, { type: 'http.response.start', status: 200 });
  t.throws(() => stepHttpResponse(started, { type: 'http.response.start', status: 200 }), ProtocolError);
});
