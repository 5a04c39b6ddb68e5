/**
 * WebSocket flow limits over real sockets: the inbox caps (defaults and the `wsMaxQueuedMessages` /
 * `wsMaxQueuedBytes` options) for a client that floods an app that does not read, the backlog
 * delivered after a clean close and dropped after a broken connection or a limit, and the close when uWS would drop an outgoing
 * message (websocket-session.ts, "Backpressure").
 */
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import type { App, ReceiveEvent } from '../../src/protocol/index.js';
import { DEFAULT_OPTIONS, type ServerOptions } from '../../src/server/index.js';
import { start, delay, bounded, eventually } from './helpers.js';

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

/**
 * A server whose app accepts, then reads nothing until `release()`; from then it records every
 * event it reads until the disconnect. Returns an open client socket to it.
 */
async function slowReader(t: Test, options: Partial<ServerOptions> = {}): Promise<{ socket: WebSocket; seen: ReceiveEvent[]; release: () => void }> {
  let release!: () => void;
  const go = new Promise<void>((resolve) => (release = resolve));
  const seen: ReceiveEvent[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.accept' });
    await go;
    for (;;) {
      const event = await receive();
      seen.push(event);
      if (event.type === 'websocket.disconnect') return;
    }
  };
  const server = await start(app, { lifespan: 'off', ...options });
  t.teardown(() => (release(), server.close()));
  const socket = await open(`ws://127.0.0.1:${server.port}/ws`);
  socket.on('error', () => undefined);
  return { socket, seen, release };
}

t.test('a client flooding an app that does not read is closed with 1008 past the message cap', async (t) => {
  const { socket, seen, release } = await slowReader(t);
  const code = closed(socket);
  for (let i = 0; i <= DEFAULT_OPTIONS.wsMaxQueuedMessages + 10; i++) socket.send('{}');
  t.equal(await bounded(code, 5000), 1008);
  release();
  await eventually(() => seen.length > 0);
  t.same(seen.map((event) => event.type), ['websocket.disconnect'], 'the backlog is dropped; the app reads the disconnect');
  t.match(seen[0], { code: 1008 });
});

t.test('a client flooding large messages is closed with 1008 past the queued-bytes cap', async (t) => {
  const { socket } = await slowReader(t, { wsMaxMessageSize: 1024 });
  const code = closed(socket);
  // Four messages of 1000 bytes fit under 4 x 1024; the fifth does not.
  for (let i = 0; i < 5; i++) socket.send('x'.repeat(1000));
  t.equal(await bounded(code, 5000), 1008);
});

t.test('with wsMaxQueuedMessages 3, three unread messages wait and a fourth closes the socket with 1008', async (t) => {
  const { socket } = await slowReader(t, { wsMaxQueuedMessages: 3 });
  const code = closed(socket);
  for (let i = 0; i < 3; i++) socket.send(`m${i}`);
  await delay(100);
  t.equal(socket.readyState, WebSocket.OPEN, 'three messages are within the cap');
  socket.send('m3');
  t.equal(await bounded(code, 5000), 1008);
});

t.test('with wsMaxQueuedBytes 10, ten unread characters wait and one more closes the socket with 1008', async (t) => {
  // The message size stays at its 1 MiB default: the byte cap is its own option, not 4 x that.
  const { socket } = await slowReader(t, { wsMaxQueuedBytes: 10 });
  const code = closed(socket);
  socket.send('aaaaa');
  socket.send('bbbbb');
  await delay(100);
  t.equal(socket.readyState, WebSocket.OPEN, 'ten characters are within the cap');
  socket.send('c');
  t.equal(await bounded(code, 5000), 1008);
});

t.test('messages within the caps all reach an app that reads late', async (t) => {
  const { socket, seen, release } = await slowReader(t);
  for (let i = 0; i < 100; i++) socket.send(`m${i}`);
  await delay(100);
  release();
  await eventually(() => seen.length >= 100);
  t.equal(seen.length, 100);
  t.same(seen.map((event) => (event.type === 'websocket.receive' ? event.text : event.type)), Array.from({ length: 100 }, (_, i) => `m${i}`));
  socket.close();
});

t.test('after a clean close the queued messages still reach the app, then websocket.disconnect', async (t) => {
  const { socket, seen, release } = await slowReader(t);
  for (let i = 0; i < 50; i++) socket.send(`m${i}`);
  socket.close(4000, 'gone');
  await bounded(closed(socket), 5000);
  release();
  await eventually(() => seen.at(-1)?.type === 'websocket.disconnect');
  t.same(seen.map((event) => (event.type === 'websocket.receive' ? event.text : event.type)), [...Array.from({ length: 50 }, (_, i) => `m${i}`), 'websocket.disconnect']);
  t.match(seen.at(-1), { type: 'websocket.disconnect', code: 4000, reason: 'gone' });
});

t.test('after a dropped connection the queued messages are dropped and websocket.disconnect comes next', async (t) => {
  const { socket, seen, release } = await slowReader(t);
  for (let i = 0; i < 50; i++) socket.send(`m${i}`);
  await delay(50);
  socket.terminate();
  // The server must hear the reset before the app reads again; a loaded machine may take a while.
  await delay(300);
  release();
  await eventually(() => seen.length > 0);
  t.same(seen.map((event) => event.type), ['websocket.disconnect']);
  t.match(seen[0], { code: 1006 });
});

t.test('an app that sends without awaiting past uWS buffer limit has the socket closed with 1008, not messages lost silently', async (t) => {
  let disconnect: ReceiveEvent | undefined;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.accept' });
    const chunk = new Uint8Array(64 * 1024);
    // Deliberately not awaited: 200 x 64 KiB against a buffer of 4 x 64 KiB.
    for (let i = 0; i < 200; i++) void send({ type: 'websocket.send', bytes: chunk });
    disconnect = await receive();
  };
  const server = await start(app, { lifespan: 'off', wsMaxBackpressure: 64 * 1024 });
  t.teardown(() => server.close());
  const socket = await open(`ws://127.0.0.1:${server.port}/ws`);
  socket.pause();
  socket.on('error', () => undefined);
  await eventually(() => disconnect !== undefined);
  t.match(disconnect, { type: 'websocket.disconnect', code: 1008 });
  socket.terminate();
});

t.test('send() resumes once a paused client reads again, and every message arrives', async (t) => {
  let sent = 0;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    await receive();
    await send({ type: 'websocket.accept' });
    const chunk = new Uint8Array(64 * 1024);
    for (; sent < 200; sent++) await send({ type: 'websocket.send', bytes: chunk });
    await send({ type: 'websocket.close' });
  };
  const server = await start(app, { lifespan: 'off', wsMaxBackpressure: 64 * 1024 });
  t.teardown(() => server.close());
  const socket = await open(`ws://127.0.0.1:${server.port}/ws`);
  let received = 0;
  socket.on('message', () => (received += 1));
  socket.pause();
  await delay(200);
  t.ok(sent < 200, `held after ${sent} of 200 messages`);
  const code = closed(socket);
  socket.resume();
  t.equal(await bounded(code, 5000), 1000);
  t.equal(received, 200);
});
