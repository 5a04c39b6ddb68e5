import t from 'tap';
import { connect } from 'node:net';
import type { App, HttpReceiveEvent } from '../../src/protocol/index.js';
import { start, raw, delay, bounded, eventually } from './helpers.js';

t.test('streams a request body to receive() in several chunks', async (t) => {
  const sizes: number[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    let total = 0;
    for (;;) {
      const event = (await receive()) as HttpReceiveEvent;
      if (event.type !== 'http.request') return;
      sizes.push(event.body.length);
      total += event.body.length;
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: String(total) });
  };
  const server = await start(app, { lifespan: 'off', maxBodySize: 8 * 1024 * 1024 });
  t.teardown(() => server.close());
  const body = new Uint8Array(3 * 1024 * 1024).fill(97);
  const response = await fetch(server.url, { method: 'POST', body });
  t.equal(await response.text(), String(body.length));
  t.ok(sizes.length > 1, `body arrived in ${sizes.length} chunks`);
});

t.test('a slow app pauses the upload instead of buffering it', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await released;
    let total = 0;
    for (;;) {
      const event = (await receive()) as HttpReceiveEvent;
      if (event.type !== 'http.request') return;
      total += event.body.length;
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: String(total) });
  };
  const server = await start(app, { lifespan: 'off', maxBodySize: 64 * 1024 * 1024 });
  t.teardown(() => server.close());
  const size = 16 * 1024 * 1024;
  const socket = connect(server.port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.on('error', () => {});
  socket.write(`POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${size}\r\n\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 98);
  let written = 0;
  const writing = (async () => {
    while (written < size) {
      if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
      written += chunk.length;
    }
  })();
  await delay(700);
  t.ok(written < size, `the upload stalled at ${written} of ${size} bytes while the app did not read`);
  release();
  await bounded(writing, 10_000);
  const until = Date.now() + 10_000;
  while (!answer.endsWith(String(size)) && Date.now() < until) await delay(20);
  t.match(answer, new RegExp(`${size}$`), 'the whole body reached the app once it read');
  socket.destroy();
});

t.test('streams a response with chunked encoding when the length is unknown', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200 });
    for (let i = 0; i < 3; i++) await send({ type: 'http.response.body', body: `part${i};`, moreBody: true });
    await send({ type: 'http.response.body', body: new TextEncoder().encode('end') });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', 400);
  t.match(answer.text, /Transfer-Encoding: chunked/i);
  const response = await fetch(server.url);
  t.equal(await response.text(), 'part0;part1;part2;end');
});

t.test('streams a response with the declared Content-Length, waiting for the socket to drain', async (t) => {
  const chunk = new Uint8Array(1024 * 1024).fill(120);
  const chunks = 24;
  let pendingSends = 0;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(chunk.length * chunks)]] });
    for (let i = 0; i < chunks; i++) {
      const sent = send({ type: 'http.response.body', body: chunk, moreBody: i < chunks - 1 });
      let settled = false;
      void sent.then(() => (settled = true));
      await Promise.resolve();
      if (!settled) pendingSends += 1;
      await sent;
    }
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const response = await fetch(server.url);
  t.equal(response.headers.get('content-length'), String(chunk.length * chunks));
  t.equal(response.headers.get('transfer-encoding'), null);
  const reader = response.body!.getReader();
  let received = 0;
  await delay(200);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
  }
  t.equal(received, chunk.length * chunks);
  t.ok(pendingSends > 0, `send() waited for the drain ${pendingSends} times`);
});

t.test('the app sees http.disconnect when the client leaves mid-body, and the server survives', async (t) => {
  let seen: string | undefined;
  let started = false;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    if (scope.path === '/ok') {
      await send({ type: 'http.response.start', status: 200 });
      return send({ type: 'http.response.body', body: 'alive' });
    }
    started = true;
    for (;;) {
      const event = await receive();
      if (event.type === 'http.disconnect' || (event.type === 'http.request' && !event.moreBody)) {
        seen = event.type;
        break;
      }
    }
    done();
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const socket = connect(server.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\nabc');
  t.ok(await eventually(() => started), 'the app is reading the body');
  socket.destroy();
  await bounded(finished, 3000);
  t.equal(seen, 'http.disconnect');
  t.equal(await (await fetch(`${server.url}/ok`)).text(), 'alive');
});

t.test('the app sees http.disconnect when the client leaves mid-response', async (t) => {
  let sawDisconnect = false;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await receive();
    await send({ type: 'http.response.start', status: 200 });
    const watcher = receive().then((event) => (sawDisconnect = event.type === 'http.disconnect'));
    for (let i = 0; i < 200 && !sawDisconnect; i++) {
      await send({ type: 'http.response.body', body: 'tick\n', moreBody: true });
      await delay(10);
    }
    await watcher;
    await send({ type: 'http.response.body', body: 'late' }); // dropped, resolves
    done();
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const socket = connect(server.port, '127.0.0.1');
  socket.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
  await new Promise((resolve) => socket.once('data', resolve));
  socket.destroy();
  await bounded(finished, 4000);
  t.ok(sawDisconnect);
});

t.test('receive() answers http.disconnect once the response is complete', async (t) => {
  let after: string | undefined;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await receive();
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'x' });
    after = (await receive()).type;
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  await eventually(() => after !== undefined);
  t.equal(after, 'http.disconnect');
});
