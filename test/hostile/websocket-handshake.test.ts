/**
 * The app's answer to a WebSocket upgrade, attacked from the app's side: whatever it puts in
 * `websocket.accept` or a denial response, the 101 (or the denial) on the wire stays one
 * well-formed HTTP head, and the server keeps serving. Raw sockets show the exact bytes.
 */
import t from 'tap';
import WebSocket from 'ws';
import type { App, SendEvent } from '../../src/protocol/index.js';
import { ProtocolError } from '../../src/protocol/index.js';
import { start, raw, eventually } from '../server/helpers.js';

/** Answers each upgrade with the event named by the query string; records what `send` did. */
function answering(answers: Record<string, SendEvent[]>, outcomes: Array<string>): App {
  return async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    try {
      for (const event of answers[scope.queryString] ?? [{ type: 'websocket.accept' }]) await send(event);
      outcomes.push('sent');
    } catch (error) {
      outcomes.push(error instanceof ProtocolError ? error.rule : String(error));
      throw error;
    }
    for (;;) if ((await receive()).type === 'websocket.disconnect') return;
  };
}

/** A hand-written upgrade request offering `protocols`. */
function upgrade(query: string, protocols = 'chat, superchat'): string {
  return (
    `GET /ws?${query} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocols}\r\n\r\n`
  );
}

t.test('a subprotocol carrying CR LF is refused and no injected header reaches the client', async (t) => {
  const outcomes: string[] = [];
  const server = await start(answering({ crlf: [{ type: 'websocket.accept', subprotocol: 'chat\r\nX-Injected: yes' }] }, outcomes), { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, upgrade('crlf'), 1500, /\r\n\r\n/);
  t.notMatch(answer.text, /X-Injected/i, 'no injected header line');
  t.match(answer.text, /^HTTP\/1\.1 500 /, 'the app failed its handshake: 500, not 101');
  t.same(outcomes, ['invalid-subprotocol']);
});

t.test('a subprotocol the client did not offer is refused instead of failing the client handshake', async (t) => {
  const outcomes: string[] = [];
  const answers: Record<string, SendEvent[]> = {
    other: [{ type: 'websocket.accept', subprotocol: 'evil' }],
    ok: [{ type: 'websocket.accept', subprotocol: 'chat' }],
  };
  const server = await start(answering(answers, outcomes), { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, upgrade('other'), 1500, /\r\n\r\n/);
  t.notMatch(answer.text, /101 Switching|Sec-WebSocket-Protocol: evil/i);
  t.same(outcomes, ['invalid-subprotocol']);
  // An offered one is still accepted.
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?ok`, ['chat']);
  const opened = await new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  t.ok(opened, 'an offered subprotocol is accepted after the refusal');
  t.equal(socket.protocol, 'chat');
  socket.terminate();
});

t.test('accept headers that repeat the handshake are refused, so the 101 carries one of each', async (t) => {
  const outcomes: string[] = [];
  const answers: Record<string, SendEvent[]> = {
    accept: [{ type: 'websocket.accept', headers: [['Sec-WebSocket-Accept', 'bogus']] }],
    protocol: [{ type: 'websocket.accept', headers: [['sec-websocket-protocol', 'chat']] }],
    connection: [{ type: 'websocket.accept', headers: [['connection', 'close']] }],
  };
  const server = await start(answering(answers, outcomes), { lifespan: 'off' });
  t.teardown(() => server.close());
  for (const query of Object.keys(answers)) {
    const answer = await raw(server.port, upgrade(query), 1500, /\r\n\r\n/);
    t.match(answer.text, /^HTTP\/1\.1 500 /, `${query}: not upgraded`);
    t.notMatch(answer.text, /bogus/);
  }
  t.same(outcomes, ['invalid-headers', 'invalid-headers', 'invalid-headers']);
});

t.test("a denial's own Content-Length and Transfer-Encoding give way to the server's framing", async (t) => {
  const outcomes: string[] = [];
  const answers: Record<string, SendEvent[]> = {
    framed: [
      { type: 'websocket.http.response.start', status: 401, headers: [['content-length', '1000'], ['Transfer-Encoding', 'chunked'], ['x-reason', 'token']] },
      { type: 'websocket.http.response.body', body: 'no token' },
    ],
  };
  const server = await start(answering(answers, outcomes), { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, upgrade('framed'), 1500);
  t.match(answer.text, /^HTTP\/1\.1 401 /);
  t.notMatch(answer.text, /transfer-encoding/i, 'no transfer coding next to the length');
  t.equal(answer.text.match(/content-length/gi)?.length, 1, 'one Content-Length');
  t.match(answer.text, /Content-Length: 8\r\n/);
  t.match(answer.text, /x-reason: token/);
  t.match(answer.text, /\r\n\r\nno token$/);
});

t.test('after a denied upgrade the app still calling receive() gets websocket.disconnect, so shutdown is not held up', async (t) => {
  const events: string[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.close' });
    const event = await receive();
    events.push(`${event.type}${event.type === 'websocket.disconnect' ? ` ${event.code}` : ''}`);
  };
  const server = await start(app, { lifespan: 'off', timeoutGracefulShutdown: 10 });
  const answer = await raw(server.port, upgrade('any'), 1500);
  t.match(answer.text, /^HTTP\/1\.1 403 /);
  const began = Date.now();
  await server.close();
  t.ok(Date.now() - began < 5000, `closed in ${Date.now() - began} ms, not after the 10 s graceful timeout`);
  t.same(events, ['websocket.disconnect 1006']);
});

t.test('a WebSocket accepted after shutdown began is closed with 1001 at once, not left to the graceful timeout', async (t) => {
  let arrived = false;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    arrived = true;
    // An authentication look-up, say, during which the server is told to stop.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await send({ type: 'websocket.accept' });
    for (;;) if ((await receive()).type === 'websocket.disconnect') return;
  };
  const server = await start(app, { lifespan: 'off', timeoutGracefulShutdown: 10 });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/late`);
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  t.ok(await eventually(() => arrived), 'the app is deciding on the upgrade');
  const began = Date.now();
  const closing = server.close();
  t.equal(await closed, 1001, 'the late session was told the server is going away');
  await closing;
  // About 1 s (the accept) plus slack for a loaded machine, far short of the 10 s timeout.
  t.ok(Date.now() - began < 5000, `shutdown took ${Date.now() - began} ms, not the 10 s timeout`);
});

t.test('an upgrade request meets the HTTP checks: headers over maxHeaderSize get 431, ambiguous framing a close', async (t) => {
  const outcomes: string[] = [];
  const server = await start(answering({}, outcomes), { lifespan: 'off', maxHeaderSize: 1024 });
  t.teardown(() => server.close());
  const big = upgrade('big').replace('\r\n\r\n', `\r\nX-Padding: ${'p'.repeat(2000)}\r\n\r\n`);
  const answer = await raw(server.port, big, 1500, /\r\n\r\n/);
  t.match(answer.text, /^HTTP\/1\.1 431 /, '431, not 101');
  const smuggling = upgrade('smuggle').replace('\r\n\r\n', '\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n');
  const framed = await raw(server.port, smuggling, 1500);
  t.notMatch(framed.text, /101 Switching/, 'not upgraded');
  t.ok(framed.closedByServer, 'closed');
  t.same(outcomes, [], 'the app never saw either');
});

t.test('upgrades still in their handshake count against maxWebSockets, so a slow accept cannot let more through', async (t) => {
  let runs = 0;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    runs += 1;
    await receive();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await send({ type: 'websocket.accept' });
    for (;;) if ((await receive()).type === 'websocket.disconnect') return;
  };
  const server = await start(app, { lifespan: 'off', maxWebSockets: 2 });
  t.teardown(() => server.close());
  const answers = await Promise.all([1, 2, 3, 4].map((n) => raw(server.port, upgrade(`n=${n}`, 'chat'), 5000, /\r\n\r\n/)));
  const statuses = answers.map((answer) => answer.text.slice(9, 12)).sort();
  t.same(statuses, ['101', '101', '503', '503'], 'two sockets, two refusals');
  t.equal(runs, 2, 'the app ran only for the two admitted upgrades');
});

t.test('an app that is a plain function (no promise returned) gets its upgrade denied, and the server keeps serving', async (t) => {
  // A JavaScript app need not be async: this one answers HTTP and ignores WebSockets.
  const plain = ((scope: { type: string }, _receive: unknown, send: (event: SendEvent) => void) => {
    if (scope.type !== 'http') return;
    send({ type: 'http.response.start', status: 200 });
    send({ type: 'http.response.body', body: 'ok' });
  }) as unknown as App;
  const server = await start(plain, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, upgrade('plain'), 1500, /\r\n\r\n/);
  t.match(answer.text, /^HTTP\/1\.1 403 /, 'denied: the app returned without answering the handshake');
  t.equal(await (await fetch(`http://127.0.0.1:${server.port}/`)).text(), 'ok', 'still serving');
});
