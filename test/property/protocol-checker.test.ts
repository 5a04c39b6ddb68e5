/**
 * Property tests of the protocol state machines (fast-check, bounded runs): any sequence of
 * arbitrary values fed to a `step` function either advances it or throws a `ProtocolError` —
 * never a TypeError or anything else — and every legal sequence passes. Then the checker as a
 * whole, against reference models written apart from the tables: hostile apps (wrong order, wrong
 * types, foreign events, sends never awaited) and hostile servers (body after the end, malformed
 * or foreign deliveries).
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
  checked,
} from '../../src/protocol/index.js';
import type { App, HttpScope, Receive, Send, SendEvent } from '../../src/protocol/index.js';

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

// ---- checked() on hostile apps and hostile servers ----------------------------------------

/** A reference model of the HTTP response order, written apart from the table: legal or not. */
function legalResponse(events: ReadonlyArray<{ type: string; status?: unknown; body?: unknown; moreBody?: unknown }>): boolean {
  let phase: 'idle' | 'started' | 'complete' = 'idle';
  for (const event of events) {
    const finalStatus = typeof event.status === 'number' && Number.isInteger(event.status) && event.status >= 200 && event.status <= 599;
    const wellFormedBody = (event.body === undefined || typeof event.body === 'string' || event.body instanceof Uint8Array) && (event.moreBody === undefined || typeof event.moreBody === 'boolean');
    if (event.type === 'http.response.start' && phase === 'idle' && finalStatus) phase = 'started';
    else if (event.type === 'http.response.body' && phase === 'started' && wellFormedBody) phase = event.moreBody === true ? 'started' : 'complete';
    else return false;
  }
  return phase === 'complete';
}

/** Sends an app may try: mostly plausible, with wrong types, wrong statuses and foreign events mixed in. */
const hostileSend = fc.oneof(
  fc.record({ type: fc.constant('http.response.start'), status: fc.oneof(fc.constantFrom(99, 100, 103, 199, 200, 404, 599, 600), fc.constant('200'), fc.double()) }),
  fc.record({ type: fc.constant('http.response.body'), body: fc.oneof(fc.string({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 })), moreBody: fc.boolean() }),
  fc.record({ type: fc.constant('http.response.body'), body: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })) }),
  fc.record({ type: fc.constantFrom('http.request', 'websocket.send', 'lifespan.startup.complete', 'http.response.trailers') }),
);

/** A bare HTTP scope for the checker runs below. */
const scope: HttpScope = { type: 'http', tsgi: { version: '1.0', specVersion: '1.0' }, httpVersion: '1.1', method: 'GET', scheme: 'http', path: '/', rawPath: '/', queryString: '', rootPath: '', headers: [], client: null, server: null };

/** Runs `events` through checked() as an HTTP app's sends; returns what reached the server and the outcome. */
async function throughChecker(events: unknown[], awaitEach: boolean): Promise<{ forwarded: Array<{ type: string }>; error: unknown }> {
  const forwarded: Array<{ type: string }> = [];
  const app: App = async (_scope, _receive, send) => {
    for (const event of events) {
      if (awaitEach) await send(event as SendEvent);
      else void send(event as SendEvent);
    }
  };
  const error = await checked(app)(scope, (() => new Promise(() => undefined)) as Receive, (async (event: SendEvent) => void forwarded.push(event)) as Send).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { forwarded, error };
}

t.test('a hostile HTTP app: checked() passes exactly the legal responses, and no illegal event reaches the server', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(hostileSend, { maxLength: 5 }), async (events) => {
      const { forwarded, error } = await throughChecker(events, true);
      const legal = legalResponse(events);
      if (legal !== (error === undefined)) throw new Error(`legal=${legal} but error=${String(error)}`);
      if (error !== undefined && !(error instanceof ProtocolError)) throw new Error(`not a ProtocolError: ${String(error)}`);
      // What reached the server is always a legal prefix: replaying it through the machine never throws.
      let state = INITIAL_HTTP_RESPONSE_STATE;
      for (const event of forwarded) state = stepHttpResponse(state, event);
    }),
    RUNS,
  );
  t.pass('300 hostile sequences judged like the reference model');
});

t.test('an app that never awaits its sends gets the same verdict as one that awaits each', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(hostileSend, { maxLength: 5 }), async (events) => {
      const awaited = await throughChecker(events, true);
      const fired = await throughChecker(events, false);
      const rule = (e: unknown) => (e instanceof ProtocolError ? e.rule : e === undefined ? 'none' : 'other');
      if (rule(awaited.error) !== rule(fired.error)) throw new Error(`${rule(awaited.error)} when awaited, ${rule(fired.error)} when fired`);
    }),
    RUNS,
  );
  t.pass('the same first rule is reported either way');
});

/** Events a hostile server may deliver to an HTTP app. */
const hostileDelivery = fc.oneof(
  fc.record({ type: fc.constant('http.request'), body: fc.uint8Array({ maxLength: 4 }), moreBody: fc.boolean() }),
  fc.constant({ type: 'http.disconnect' }),
  fc.record({ type: fc.constant('http.request'), body: fc.oneof(fc.string(), fc.constant(undefined)), moreBody: fc.anything() }),
  fc.record({ type: fc.constantFrom('websocket.connect', 'http.response.start', 'lifespan.startup') }),
  fc.anything(),
);

/** Reference model of what an HTTP server may deliver (before the response completes). */
function legalDelivery(events: unknown[]): boolean {
  let phase: 'body' | 'done' | 'gone' = 'body';
  for (const value of events) {
    const event = value as { type?: unknown; body?: unknown; moreBody?: unknown } | null;
    if (event?.type === 'http.disconnect') phase = 'gone';
    else if (event?.type === 'http.request' && phase === 'body' && event.body instanceof Uint8Array && typeof event.moreBody === 'boolean') phase = event.moreBody ? 'body' : 'done';
    else return false;
  }
  return true;
}

t.test('a hostile server: checked() flags exactly the illegal deliveries, always with a ProtocolError', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(hostileDelivery, { maxLength: 5 }), async (events) => {
      const queue = [...events];
      const app: App = async (_scope, receive, send) => {
        for (let i = 0; i < events.length; i++) await receive().catch(() => undefined);
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body' });
      };
      const error = await checked(app)(scope, (() => Promise.resolve(queue.shift())) as Receive, (async () => undefined) as Send).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error !== undefined && !(error instanceof ProtocolError)) throw new Error(`not a ProtocolError: ${String(error)}`);
      if (legalDelivery(events) !== (error === undefined)) throw new Error(`legal=${legalDelivery(events)} but error=${String(error)}`);
    }),
    RUNS,
  );
  t.pass('300 hostile servers judged like the reference model');
});
