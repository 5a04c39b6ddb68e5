import t from 'tap';
import type { App, Receive, Send } from '../../src/protocol/app.js';
import type { SendEvent } from '../../src/protocol/events.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';
import type { Scope } from '../../src/protocol/scope.js';
import { checked } from '../../src/protocol/checked.js';
import { Communicator } from '../../src/protocol/testing/communicator.js';
import { rejectsRule } from './expect-rule.js';
import { sampleHttpScope, sampleLifespanScope, sampleWebSocketScope } from './sample-scopes.js';

const start: SendEvent = { type: 'http.response.start', status: 200 };
const last: SendEvent = { type: 'http.response.body', body: 'done' };

/** An app that sends `events` in order, after reading the first event the server delivers. */
function sender(events: unknown[]): App {
  return async (_scope, receive, send) => {
    await receive();
    for (const event of events) await send(event as SendEvent);
  };
}

/** Runs `app` under checked() with one opening event, returning the communicator. */
function run(app: App, scope: Scope): Communicator {
  const talk = new Communicator(checked(app), scope);
  const opening = { http: { type: 'http.request', body: new Uint8Array(), moreBody: false }, websocket: { type: 'websocket.connect' }, lifespan: { type: 'lifespan.startup' } } as const;
  talk.send(opening[scope.type]);
  return talk;
}

/** [sentence, scope, events the app sends, the rule it breaks] for every ordering and type rule. */
const BREAKING: Array<[string, () => Scope, unknown[], ProtocolRule]> = [
  ['a body before the start', sampleHttpScope, [last], 'body-before-start'],
  ['a pathsend before the start', () => sampleHttpScope({ 'http.response.pathsend': {} }), [{ type: 'http.response.pathsend', path: '/etc/hostname' }], 'pathsend-before-start'],
  ['a second start', sampleHttpScope, [start, start], 'second-start'],
  ['a body after the response completed', sampleHttpScope, [start, last, last], 'send-after-complete'],
  ['a websocket event in an http scope', sampleHttpScope, [{ type: 'websocket.accept' }], 'wrong-scope-event'],
  ['an unknown event type', sampleHttpScope, [{ type: 'http.response.trailers' }], 'unknown-event'],
  ['something that is not an event', sampleHttpScope, ['http.response.start'], 'not-an-event'],
  ['a non-integer status', sampleHttpScope, [{ type: 'http.response.start', status: 200.5 }], 'invalid-status'],
  ['headers that are not string pairs', sampleHttpScope, [{ type: 'http.response.start', status: 200, headers: [['a', 1]] }], 'invalid-headers'],
  ['a body that is neither bytes nor a string', sampleHttpScope, [start, { type: 'http.response.body', body: {} }], 'invalid-body'],
  ['a moreBody that is not a boolean', sampleHttpScope, [start, { type: 'http.response.body', moreBody: 1 }], 'invalid-more-body'],
  ['a pathsend the server does not advertise', sampleHttpScope, [start, { type: 'http.response.pathsend', path: '/etc/hostname' }], 'extension-not-advertised'],
  ['a websocket send before accept', sampleWebSocketScope, [{ type: 'websocket.send', text: 'hi' }], 'send-before-accept'],
  ['a second accept', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.accept' }], 'second-accept'],
  ['an accept after close', sampleWebSocketScope, [{ type: 'websocket.close' }, { type: 'websocket.accept' }], 'accept-after-close'],
  ['a websocket send after close', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.close' }, { type: 'websocket.send', text: 'x' }], 'send-after-close'],
  ['a second close', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.close' }, { type: 'websocket.close' }], 'close-after-close'],
  ['a denial response after accept', () => sampleWebSocketScope({ 'websocket.http.response': {} }), [{ type: 'websocket.accept' }, { type: 'websocket.http.response.start', status: 403 }], 'denial-after-accept'],
  ['a denial body before its start', () => sampleWebSocketScope({ 'websocket.http.response': {} }), [{ type: 'websocket.http.response.body', body: 'x' }], 'denial-body-before-start'],
  ['a second denial start', () => sampleWebSocketScope({ 'websocket.http.response': {} }), [{ type: 'websocket.http.response.start', status: 403 }, { type: 'websocket.http.response.start', status: 403 }], 'second-denial-start'],
  ['an accept in the middle of a denial', () => sampleWebSocketScope({ 'websocket.http.response': {} }), [{ type: 'websocket.http.response.start', status: 403 }, { type: 'websocket.accept' }], 'event-during-denial'],
  ['a denial the server does not advertise', sampleWebSocketScope, [{ type: 'websocket.http.response.start', status: 403 }], 'extension-not-advertised'],
  ['an http event in a websocket scope', sampleWebSocketScope, [{ type: 'http.response.start', status: 200 }], 'wrong-scope-event'],
  ['a websocket close code out of range', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.close', code: 999 }], 'invalid-close-code'],
  ['a message without text or bytes', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.send' }], 'invalid-message'],
  ['a subprotocol that is not a string', sampleWebSocketScope, [{ type: 'websocket.accept', subprotocol: ['chat'] }], 'invalid-subprotocol'],
  ['a startup answered twice', sampleLifespanScope, [{ type: 'lifespan.startup.complete' }, { type: 'lifespan.startup.complete' }], 'startup-answered-twice'],
  ['a shutdown answer before shutdown', sampleLifespanScope, [{ type: 'lifespan.startup.complete' }, { type: 'lifespan.shutdown.complete' }], 'shutdown-reply-before-shutdown'],
  ['an event after a failed startup', sampleLifespanScope, [{ type: 'lifespan.startup.failed' }, { type: 'lifespan.startup.complete' }], 'event-after-startup-failed'],
  ['an http event in the lifespan', sampleLifespanScope, [{ type: 'http.response.start', status: 200 }], 'wrong-scope-event'],
  ['the server\'s own lifespan.shutdown, the wrong way', sampleLifespanScope, [{ type: 'lifespan.startup.complete' }, { type: 'lifespan.shutdown' }], 'unknown-event'],
  ['a status below 200 (an interim response)', sampleHttpScope, [{ type: 'http.response.start', status: 100 }], 'invalid-status'],
  ['an upper-case header name with a value holding LF', sampleHttpScope, [{ type: 'http.response.start', status: 200, headers: [['X-Ok', 'a\nb']] }], 'invalid-headers'],
  ['a body shorter than its content-length', sampleHttpScope, [{ type: 'http.response.start', status: 200, headers: [['content-length', '5']] }, { type: 'http.response.body', body: 'abc' }], 'content-length-mismatch'],
  ['a streamed body longer than its content-length', sampleHttpScope, [{ type: 'http.response.start', status: 200, headers: [['Content-Length', '2']] }, { type: 'http.response.body', body: 'abc', moreBody: true }], 'content-length-mismatch'],
  ['a UTF-8 body whose length was counted in characters', sampleHttpScope, [{ type: 'http.response.start', status: 200, headers: [['content-length', '1']] }, { type: 'http.response.body', body: 'é' }], 'content-length-mismatch'],
  ['a close reason that is not a string', sampleWebSocketScope, [{ type: 'websocket.accept' }, { type: 'websocket.close', reason: 42 }], 'invalid-close-reason'],
];

for (const [what, scope, events, rule] of BREAKING) {
  t.test(`an app that sends ${what} gets ${rule}`, async (t) => {
    const error = await rejectsRule(t, run(sender(events), scope()).finished, rule);
    t.equal(error?.eventType, (events.at(-1) as { type?: string })?.type ?? '"http.response.start"');
  });
}

t.test('an answer to startup before receiving lifespan.startup gets startup-reply-before-startup', async (t) => {
  const app: App = async (_scope, _receive, send) => send({ type: 'lifespan.startup.complete' });
  await rejectsRule(t, new Communicator(checked(app), sampleLifespanScope()).finished, 'startup-reply-before-startup');
});

t.test('the illegal event never reaches the server', async (t) => {
  const talk = run(sender([start, start]), sampleHttpScope());
  t.same(await talk.receive(), start);
  await talk.expectNothing(30);
  await rejectsRule(t, talk.finished, 'second-start');
});

t.test('a violation the app catches is still thrown when the app returns', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send(last).catch(() => undefined);
    await send(start);
    await send(last);
  };
  await rejectsRule(t, run(app, sampleHttpScope()).finished, 'body-before-start');
});

t.test('a violation is reported even when the app then throws its own error', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send(last).catch(() => undefined);
    throw new Error('later failure');
  };
  await rejectsRule(t, run(app, sampleHttpScope()).finished, 'body-before-start');
});

t.test('an app error with no violation passes through unchanged', async (t) => {
  const failure = new Error('handler failed');
  const app: App = async () => {
    throw failure;
  };
  await t.rejects(run(app, sampleHttpScope()).finished, failure);
});

t.test('an http app that returns without a response gets returned-without-response', async (t) => {
  await rejectsRule(t, run(sender([]), sampleHttpScope()).finished, 'returned-without-response');
});

t.test('an http app that returns mid-body gets returned-mid-response', async (t) => {
  await rejectsRule(t, run(sender([start, { type: 'http.response.body', body: 'a', moreBody: true }]), sampleHttpScope()).finished, 'returned-mid-response');
});

t.test('an http app may return without a response once the client disconnected', async (t) => {
  const app: App = async (_scope, receive) => {
    await receive();
    await receive();
  };
  const talk = run(app, sampleHttpScope());
  talk.send({ type: 'http.disconnect' });
  await t.resolves(talk.finished);
});

t.test('a websocket app that returns without answering the handshake gets returned-without-handshake', async (t) => {
  await rejectsRule(t, run(sender([]), sampleWebSocketScope()).finished, 'returned-without-handshake');
});

t.test('a websocket app that returns mid-denial gets returned-mid-response', async (t) => {
  const events = [{ type: 'websocket.http.response.start', status: 403 }, { type: 'websocket.http.response.body', body: 'a', moreBody: true }];
  await rejectsRule(t, run(sender(events), sampleWebSocketScope({ 'websocket.http.response': {} })).finished, 'returned-mid-response');
});

t.test('accepting a subprotocol the client did not offer gets invalid-subprotocol', async (t) => {
  const scope = { ...sampleWebSocketScope(), subprotocols: ['chat.v1'] };
  await rejectsRule(t, run(sender([{ type: 'websocket.accept', subprotocol: 'chat.v2' }]), scope).finished, 'invalid-subprotocol');
  const talk = run(sender([{ type: 'websocket.accept', subprotocol: 'chat.v1' }, { type: 'websocket.close' }]), scope);
  t.same(await talk.receive(), { type: 'websocket.accept', subprotocol: 'chat.v1' }, 'an offered one passes');
});

t.test('a scope of unknown type is refused before the app runs', async (t) => {
  let ran = false;
  const app: App = async () => {
    ran = true;
  };
  const bogus = { type: 'bogus' } as unknown as Scope;
  await rejectsRule(t, checked(app)(bogus, async () => ({ type: 'http.disconnect' }), (async () => undefined) as Send), 'unknown-scope-type');
  t.equal(ran, false);
});

t.test('a conforming app runs unchanged through the checker', async (t) => {
  const talk = run(sender([start, { type: 'http.response.body', body: 'a', moreBody: true }, last]), sampleHttpScope());
  t.same(await talk.receive(), start);
  t.same(await talk.receive(), { type: 'http.response.body', body: 'a', moreBody: true });
  t.same(await talk.receive(), last);
  await t.resolves(talk.finished);
});

t.test('an app that sends lifespan.startup itself breaks unknown-event before the server speaks', async (t) => {
  const app: App = async (_scope, _receive, send) => send({ type: 'lifespan.startup' } as unknown as SendEvent);
  await rejectsRule(t, new Communicator(checked(app), sampleLifespanScope()).finished, 'unknown-event');
});

t.test('sends the app fires without awaiting pass in order when legal', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    void send(start);
    void send({ type: 'http.response.body', body: 'a', moreBody: true });
    void send(last);
  };
  const talk = run(app, sampleHttpScope());
  t.same(await talk.receive(), start);
  t.same((await talk.receive()).type, 'http.response.body');
  t.same(await talk.receive(), last);
  await t.resolves(talk.finished);
});

t.test('an illegal send the app never awaits is reported when it returns, without an unhandled rejection', async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => void process.off('unhandledRejection', onUnhandled));
  const app: App = async (_scope, receive, send) => {
    await receive();
    void send(last);
    void send(start);
    void send(last);
  };
  await rejectsRule(t, run(app, sampleHttpScope()).finished, 'body-before-start');
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.same(unhandled, [], 'the ignored rejection did not escape');
});

/**
 * Runs `app` under checked() against a scripted fake server: `receive()` answers with `script` in
 * order (then waits forever); what the app sends is collected. Resolves with the app's outcome.
 */
function againstFakeServer(app: App, scope: Scope, script: unknown[]): Promise<void> {
  const events = [...script];
  const receive = (() => (events.length > 0 ? Promise.resolve(events.shift()) : new Promise(() => undefined))) as Receive;
  return checked(app)(scope, receive, (async () => undefined) as Send);
}

/** An app that reads `count` events, swallowing any error, then answers 200. */
function reader(count: number): App {
  return async (_scope, receive, send) => {
    for (let i = 0; i < count; i++) await receive().catch(() => undefined);
    await send(start);
    await send(last);
  };
}

const request = (moreBody: boolean) => ({ type: 'http.request', body: new Uint8Array([1]), moreBody });

/** [what the fake server does wrong, scope, events it delivers, how many the app reads, the rule]. */
const SERVER_BREAKING: Array<[string, () => Scope, unknown[], number, ProtocolRule]> = [
  ['delivers body after the last chunk', sampleHttpScope, [request(false), request(false)], 2, 'request-after-last-body'],
  ['delivers body after a disconnect', sampleHttpScope, [{ type: 'http.disconnect' }, request(true)], 2, 'request-after-disconnect'],
  ['delivers a body given as a string', sampleHttpScope, [{ type: 'http.request', body: 'x', moreBody: false }], 1, 'invalid-receive-event'],
  ['delivers a response event to the app', sampleHttpScope, [start], 1, 'unknown-receive-event'],
  ['delivers a message before websocket.connect', sampleWebSocketScope, [{ type: 'websocket.receive', text: 'hi' }], 1, 'connect-not-first'],
  ['delivers websocket.connect twice', sampleWebSocketScope, [{ type: 'websocket.connect' }, { type: 'websocket.connect' }], 2, 'second-connect'],
  ['delivers a message after the disconnect', sampleWebSocketScope, [{ type: 'websocket.connect' }, { type: 'websocket.disconnect', code: 1000 }, { type: 'websocket.receive', text: 'late' }], 3, 'event-after-disconnect'],
  ['delivers a disconnect without a code', sampleWebSocketScope, [{ type: 'websocket.connect' }, { type: 'websocket.disconnect' }], 2, 'invalid-receive-event'],
  ['delivers lifespan.startup twice', sampleLifespanScope, [{ type: 'lifespan.startup' }, { type: 'lifespan.startup' }], 2, 'duplicate-startup'],
  ['delivers the app\'s own answer', sampleLifespanScope, [{ type: 'lifespan.startup.complete' }], 1, 'unknown-receive-event'],
];

for (const [what, scope, script, count, rule] of SERVER_BREAKING) {
  t.test(`a server that ${what} is caught: ${rule}, even if the app swallows the error`, async (t) => {
    const app: App = scope().type === 'http' ? reader(count) : async (_scope, receive) => {
      for (let i = 0; i < count; i++) await receive().catch(() => undefined);
    };
    await rejectsRule(t, againstFakeServer(app, scope(), script), rule);
  });
}

t.test('a server that delivers body after the response completed breaks request-after-response', async (t) => {
  let seen: unknown;
  const app: App = async (_scope, receive, send) => {
    await send(start);
    await send(last);
    seen = await receive().catch((error: unknown) => error);
  };
  await rejectsRule(t, againstFakeServer(app, sampleHttpScope(), [request(false)]), 'request-after-response');
  t.match(seen, { rule: 'request-after-response' }, 'the app\'s receive() rejected with it');
});

t.test('a server that follows the spec passes: body chunks, then repeated disconnects', async (t) => {
  const script = [request(true), request(false), { type: 'http.disconnect' }, { type: 'http.disconnect' }];
  await t.resolves(againstFakeServer(reader(4), sampleHttpScope(), script));
});

t.test('a content-length is held to the bytes sent, and not on HEAD, 204 or 304', async (t) => {
  const declared = (status: number, body: string): unknown[] => [{ type: 'http.response.start', status, headers: [['content-length', '26']] }, { type: 'http.response.body', body }];
  await t.resolves(run(sender(declared(200, 'abcdefghijklmnopqrstuvwxyz')), sampleHttpScope()).finished, 'exactly 26 bytes');
  await t.resolves(run(sender([{ type: 'http.response.start', status: 200, headers: [['content-length', '2']] }, { type: 'http.response.body', body: 'é' }]), sampleHttpScope()).finished, 'one character, two UTF-8 bytes');
  await t.resolves(run(sender(declared(200, '')), { ...sampleHttpScope(), method: 'HEAD' }).finished, 'HEAD announces the GET body');
  await t.resolves(run(sender(declared(304, '')), sampleHttpScope()).finished, '304 announces the cached body');
  await t.resolves(run(sender(declared(204, '')), sampleHttpScope()).finished, '204 has none to count');
});
