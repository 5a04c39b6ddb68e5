import t from 'tap';
import WebSocket from 'ws';
import type { App } from '../../src/protocol/index.js';
import { start, delay, raw } from './helpers.js';

t.test('finishes every in-flight request before closing', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await delay(300);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'finished' });
  };
  const server = await start(app, { lifespan: 'off' });
  const requests = Array.from({ length: 8 }, () => fetch(server.url).then((r) => r.text()));
  await delay(100);
  const closing = server.close();
  t.same(await Promise.all(requests), Array(8).fill('finished'));
  t.equal(await closing, 0);
  const after = await fetch(server.url).catch((e: Error) => e);
  t.ok(after instanceof Error, 'the listener is closed');
});

t.test('turns not-ready first and keeps serving for the shutdown delay', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    const ready = scope.extensions!['tsgi.server.readiness']!.isReady();
    await send({ type: 'http.response.start', status: ready ? 200 : 503 });
    await send({ type: 'http.response.body', body: ready ? 'ready' : 'not ready' });
  };
  const server = await start(app, { lifespan: 'off', shutdownDelay: 0.4 });
  t.equal((await fetch(server.url)).status, 200);
  const closing = server.close();
  await delay(100);
  const during = await fetch(server.url);
  t.equal(during.status, 503, 'readiness is false while still serving');
  t.equal(await closing, 0);
});

t.test('responses after the listener closed carry Connection: close', async (t) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await held;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'bye' });
  };
  const server = await start(app, { lifespan: 'off' });
  const answer = raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', 3000);
  await delay(100);
  const closing = server.close();
  await delay(50);
  release();
  const result = await answer;
  t.match(result.text, /Connection: close/i);
  t.ok(result.closedByServer);
  await closing;
});

t.test('closes open WebSockets with 1001', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.accept' });
    while ((await receive()).type !== 'websocket.disconnect');
  };
  const server = await start(app, { lifespan: 'off' });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  await new Promise((resolve) => socket.once('open', resolve));
  const closedWith = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const closing = server.close();
  t.equal(await closedWith, 1001);
  t.equal(await closing, 0);
});

t.test('gives up on work that overruns the graceful timeout', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await delay(1500);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'too late' });
  };
  const server = await start(app, { lifespan: 'off', timeoutGracefulShutdown: 0.3 });
  const request = fetch(server.url).then(() => 'answered', () => 'cut off');
  await delay(100);
  const began = Date.now();
  await server.close();
  t.ok(Date.now() - began < 2000, 'close() returned soon after the timeout');
  t.equal(await request, 'cut off');
});
