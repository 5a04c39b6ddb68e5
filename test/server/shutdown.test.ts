import t from 'tap';
import WebSocket from 'ws';
import type { App } from '../../src/protocol/index.js';
import { start, delay, raw, eventually } from './helpers.js';

t.test('finishes every in-flight request before closing', async (t) => {
  let arrived = 0;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    arrived += 1;
    await delay(300);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'finished' });
  };
  const server = await start(app, { lifespan: 'off' });
  const requests = Array.from({ length: 8 }, () => fetch(server.url).then((r) => r.text()));
  t.ok(await eventually(() => arrived === 8), 'all eight requests reached the app');
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
  // The delay is long enough that the request below lands inside it on a loaded machine.
  const server = await start(app, { lifespan: 'off', shutdownDelay: 1 });
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
  let arrived = false;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    arrived = true;
    await held;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'bye' });
  };
  const server = await start(app, { lifespan: 'off' });
  const answer = raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', 3000);
  t.ok(await eventually(() => arrived), 'the request reached the app');
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
  let arrived = false;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    arrived = true;
    await delay(4000);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'too late' });
  };
  const server = await start(app, { lifespan: 'off', timeoutGracefulShutdown: 0.3 });
  const request = fetch(server.url).then(() => 'answered', () => 'cut off');
  t.ok(await eventually(() => arrived), 'the request reached the app');
  const began = Date.now();
  await server.close();
  // 0.3 s is the bound; the slack is for a loaded machine, still well short of the app's 4 s.
  t.ok(Date.now() - began < 3000, `close() returned ${Date.now() - began} ms after it was called`);
  t.equal(await request, 'cut off');
});
