import t from 'tap';
import type { App } from '../../src/protocol/index.js';
import { start, raw, textApp, statusLines, eventually } from './helpers.js';

t.test('answers 413 to a declared body over the limit without reading it or calling the app', async (t) => {
  let called = false;
  const server = await start(async (scope, receive, send) => {
    if (scope.type === 'http') called = true;
    return textApp('x')(scope, receive, send);
  }, { maxBodySize: 1000, lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000000\r\n\r\nabc', 1500);
  t.match(answer.text, /^HTTP\/1\.1 413/);
  t.match(answer.text, /"code":"body-too-large"/);
  t.ok(answer.closedByServer, 'the connection is closed rather than read to the end');
  t.notOk(called);
});

t.test('answers 413 when a chunked body grows past the limit', async (t) => {
  const readsAll: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    for (;;) {
      const event = await receive();
      if (event.type !== 'http.request') return;
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'read' });
  };
  const server = await start(readsAll, { maxBodySize: 1000, lifespan: 'off' });
  t.teardown(() => server.close());
  const chunk = 'a'.repeat(600);
  const body = `258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`;
  const answer = await raw(server.port, `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, 1500);
  t.match(answer.text, /^HTTP\/1\.1 413/);
  t.ok(answer.closedByServer);
});

t.test('answers 431 to request headers over the limit', async (t) => {
  const server = await start(textApp('x'), { maxHeaderSize: 512, lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'b'.repeat(700)}\r\n\r\n`, 1500);
  t.match(answer.text, /^HTTP\/1\.1 431/);
});

t.test('queues up to the queue size, then answers 503 with Retry-After', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let running = 0;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    running += 1;
    await gate;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'done' });
  };
  const server = await start(app, { limitConcurrency: 1, queueSize: 1, retryAfterSeconds: 2, lifespan: 'off' });
  t.teardown(() => server.close());
  const first = fetch(server.url);
  t.ok(await eventually(() => running === 1), 'the first request holds the only slot');
  // Of the next two, whichever the server reads first takes the one queue place; the other is
  // refused at once, so the first of the two to be answered is the refusal.
  const next = [fetch(server.url), fetch(server.url)];
  const refused = await Promise.race(next);
  t.equal(refused.status, 503);
  t.equal(refused.headers.get('retry-after'), '2');
  t.match(await refused.json(), { error: { code: 'over-capacity' } });
  release();
  t.equal((await first).status, 200);
  const queued = (await Promise.all(next)).find((response) => response !== refused)!;
  t.equal(await queued.text(), 'done', 'the queued request ran once a slot freed');
});

t.test('counts accepted and rejected requests in tsgi.server.stats', async (t) => {
  let stats: unknown;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    const extension = scope.extensions!['tsgi.server.stats']!;
    stats = { worker: extension.worker(), total: extension.total() };
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: '' });
  };
  const server = await start(app, { maxBodySize: 10, lifespan: 'off' });
  t.teardown(() => server.close());
  await raw(server.port, 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n', 300);
  await (await fetch(server.url)).text();
  t.match(stats, { worker: { id: 0, inFlight: 1, accepted: 1, rejected: 1, websockets: 0 }, total: { workers: 1, accepted: 1, rejected: 1 } });
});

t.test('keeps serving after a limit was hit', async (t) => {
  const server = await start(textApp('fine'), { maxBodySize: 10, lifespan: 'off' });
  t.teardown(() => server.close());
  await raw(server.port, 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n', 300);
  const answer = await raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', 400);
  t.equal(statusLines(answer.text).length, 2, 'pipelined requests are both answered');
});
