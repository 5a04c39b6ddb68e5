import t from 'tap';
import WebSocket from 'ws';
import type { App, WebSocketScope } from '../../src/protocol/index.js';
import { start, raw, delay, eventually } from './helpers.js';

/** Echo app: accepts (choosing "chat" if offered), echoes, and acts on a few commands. */
const echo: App = async (scope, receive, send) => {
  if (scope.type !== 'websocket') return;
  const first = await receive();
  if (first.type !== 'websocket.connect') return;
  if (scope.path === '/deny') return send({ type: 'websocket.close' });
  if (scope.path === '/deny-json') {
    await send({ type: 'websocket.http.response.start', status: 401, headers: [['content-type', 'application/json'], ['www-authenticate', 'Bearer']] });
    return send({ type: 'websocket.http.response.body', body: '{"error":"no token"}' });
  }
  await send({ type: 'websocket.accept', subprotocol: scope.subprotocols.includes('chat') ? 'chat' : null, headers: [['x-session', 'abc']] });
  for (;;) {
    const event = await receive();
    if (event.type === 'websocket.disconnect') return;
    if (event.type !== 'websocket.receive') continue;
    if (event.text === 'close-me') return send({ type: 'websocket.close', code: 4001, reason: 'asked to' });
    if (event.text !== undefined) await send({ type: 'websocket.send', text: `echo:${event.text}` });
    else await send({ type: 'websocket.send', bytes: event.bytes! });
  }
};

function open(url: string, protocols?: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`status ${response.statusCode}`), { response })));
  });
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })));
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

t.test('accepts with the chosen subprotocol and extra headers, and echoes text and bytes', async (t) => {
  const server = await start(echo, { lifespan: 'off' });
  t.teardown(() => server.close());
  let headers: Record<string, unknown> = {};
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['other', 'chat']);
  socket.once('upgrade', (response) => (headers = response.headers));
  await new Promise((resolve) => socket.once('open', resolve));
  t.equal(socket.protocol, 'chat');
  t.equal(headers['x-session'], 'abc');
  socket.send('hi');
  const text = await nextMessage(socket);
  t.equal(text.data.toString(), 'echo:hi');
  t.equal(text.isBinary, false);
  socket.send(Buffer.from([1, 2, 3]));
  const bytes = await nextMessage(socket);
  t.same([...bytes.data], [1, 2, 3]);
  t.equal(bytes.isBinary, true);
  socket.close();
});

t.test('a close before accepting denies the upgrade with 403', async (t) => {
  const server = await start(echo, { lifespan: 'off' });
  t.teardown(() => server.close());
  const error = await open(`ws://127.0.0.1:${server.port}/deny`).catch((e: Error) => e);
  t.match(String(error), /status 403/);
});

t.test('a denial response reaches the client with its status, headers and body', async (t) => {
  const server = await start(echo, { lifespan: 'off' });
  t.teardown(() => server.close());
  const key = Buffer.from('0123456789abcdef').toString('base64');
  const answer = await raw(server.port, `GET /deny-json HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`, 1000);
  t.match(answer.text, /^HTTP\/1\.1 401/);
  t.match(answer.text, /www-authenticate: Bearer/i);
  t.match(answer.text, /\{"error":"no token"\}/);
});

t.test('rejects a Sec-WebSocket-Version other than 13 with 426', async (t) => {
  let called = false;
  const server = await start(async (scope, receive, send) => {
    called = true;
    return echo(scope, receive, send);
  }, { lifespan: 'off' });
  t.teardown(() => server.close());
  const key = Buffer.from('0123456789abcdef').toString('base64');
  const answer = await raw(server.port, `GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 8\r\n\r\n`, 1000);
  t.match(answer.text, /^HTTP\/1\.1 426/);
  t.match(answer.text, /sec-websocket-version: 13/i);
  t.notOk(called);
});

t.test('close codes and reasons travel both ways', async (t) => {
  let disconnect: unknown;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    if ((scope as WebSocketScope).path === '/watch') {
      await receive();
      await send({ type: 'websocket.accept' });
      for (;;) {
        const event = await receive();
        if (event.type === 'websocket.disconnect') return void (disconnect = event);
      }
    }
    return echo(scope, receive, send);
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const byServer = await open(`ws://127.0.0.1:${server.port}/ws`);
  const serverClose = closed(byServer);
  byServer.send('close-me');
  t.same(await serverClose, { code: 4001, reason: 'asked to' });
  const byClient = await open(`ws://127.0.0.1:${server.port}/watch`);
  byClient.close(4321, 'bye');
  await closed(byClient);
  await eventually(() => disconnect !== undefined);
  t.same(disconnect, { type: 'websocket.disconnect', code: 4321, reason: 'bye' });
});

t.test('a message over the size limit closes the connection with 1009', async (t) => {
  const server = await start(echo, { lifespan: 'off', wsMaxMessageSize: 1024 });
  t.teardown(() => server.close());
  const socket = await open(`ws://127.0.0.1:${server.port}/ws`);
  const done = closed(socket);
  socket.send('x'.repeat(5000));
  t.equal((await done).code, 1009);
});

t.test('refuses upgrades beyond the WebSocket limit with 503', async (t) => {
  const server = await start(echo, { lifespan: 'off', maxWebSockets: 1 });
  t.teardown(() => server.close());
  const first = await open(`ws://127.0.0.1:${server.port}/ws`);
  const error = await open(`ws://127.0.0.1:${server.port}/ws`).catch((e: Error) => e);
  t.match(String(error), /status 503/);
  first.close();
});

t.test('a text message or close reason with a lone surrogate goes out as valid UTF-8 (U+FFFD), so the client keeps the connection', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.accept' });
    await send({ type: 'websocket.send', text: 'a\uD800b' });
    await send({ type: 'websocket.send', text: 'after' });
    await receive();
    await send({ type: 'websocket.close', code: 4000, reason: 'bye\uDC00' });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  // Listeners go on before the handshake: the two messages can arrive with the 101 itself.
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  const errors: string[] = [];
  socket.on('error', (error) => errors.push(error.message));
  const texts: string[] = [];
  socket.on('message', (data: Buffer) => texts.push(data.toString()));
  const ended = closed(socket);
  for (let waited = 0; texts.length < 2 && errors.length === 0 && waited < 3000; waited += 20) await delay(20);
  if (socket.readyState === WebSocket.OPEN) socket.send('go');
  const { code, reason } = await ended;
  t.same(texts, ['a\uFFFDb', 'after']);
  t.same(errors, [], 'no invalid UTF-8 error on the client');
  t.same([code, reason], [4000, 'bye\uFFFD']);
});
