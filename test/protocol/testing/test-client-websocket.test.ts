import t from 'tap';
import type { App } from '../../../src/protocol/app.js';
import type { ReceiveEvent } from '../../../src/protocol/events.js';
import type { WebSocketScope } from '../../../src/protocol/scope.js';
import { TestClient } from '../../../src/protocol/testing/test-client.js';
import { ConversationError, WebSocketClosed, WebSocketDenied } from '../../../src/protocol/errors.js';

/**
 * Accepts with the first offered subprotocol, then answers each message: text "close" closes
 * with 4000, other text is echoed upper-cased, bytes are echoed reversed.
 */
function echoApp(log: ReceiveEvent[] = [], scopes: WebSocketScope[] = []): App {
  return async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    scopes.push(scope);
    log.push(await receive());
    await send({ type: 'websocket.accept', subprotocol: scope.subprotocols[0] ?? null, headers: [['x-session', '7']] });
    for (;;) {
      const event = await receive();
      log.push(event);
      if (event.type === 'websocket.disconnect') return;
      if (event.type !== 'websocket.receive') continue;
      if (event.text === 'close') return send({ type: 'websocket.close', code: 4000, reason: 'asked to' });
      if (event.text !== undefined) await send({ type: 'websocket.send', text: event.text.toUpperCase() });
      else await send({ type: 'websocket.send', bytes: event.bytes!.slice().reverse() });
    }
  };
}

t.test('websocket resolves once the app accepts, with its subprotocol and headers', async (t) => {
  const log: ReceiveEvent[] = [];
  const scopes: WebSocketScope[] = [];
  const ws = await new TestClient(echoApp(log, scopes)).websocket('/ws?room=1', { subprotocols: ['chat', 'json'] });
  t.equal(ws.subprotocol, 'chat');
  t.same(ws.acceptHeaders, [['x-session', '7']]);
  t.same(log, [{ type: 'websocket.connect' }]);
  const scope = scopes[0]!;
  t.equal(scope.scheme, 'ws');
  t.equal(scope.queryString, 'room=1');
  t.same(scope.subprotocols, ['chat', 'json']);
  t.equal(scope.headers.find(([name]) => name === 'sec-websocket-protocol')?.[1], 'chat, json');
  await ws.close();
});

t.test('text, bytes and json travel both ways', async (t) => {
  const ws = await new TestClient(echoApp()).websocket('/ws');
  ws.sendText('hello');
  t.equal(await ws.receiveText(), 'HELLO');
  ws.sendBytes(new Uint8Array([1, 2, 3]));
  t.same([...(await ws.receiveBytes())], [3, 2, 1]);
  ws.sendJson({ a: 'b' });
  t.same(await ws.receiveJson(), { A: 'B' });
  ws.sendText('x');
  t.same(await ws.receive(), { text: 'X' });
  await ws.close();
});

t.test('a close from the client reaches the app with its code and reason', async (t) => {
  const log: ReceiveEvent[] = [];
  const ws = await new TestClient(echoApp(log)).websocket('/ws');
  await ws.close(4001, 'leaving');
  t.same(log.at(-1), { type: 'websocket.disconnect', code: 4001, reason: 'leaving' });
});

t.test('a close from the app settles closed and rejects reads with WebSocketClosed', async (t) => {
  const ws = await new TestClient(echoApp()).websocket('/ws');
  ws.sendText('close');
  t.same(await ws.closed, { code: 4000, reason: 'asked to' });
  const error = await ws.receive().catch((e: unknown) => e);
  t.ok(error instanceof WebSocketClosed);
  t.equal((error as WebSocketClosed).code, 4000);
  t.equal((error as WebSocketClosed).reason, 'asked to');
});

t.test('closed settles even if the test never reads', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.accept' });
    await send({ type: 'websocket.send', text: 'unread' });
    await send({ type: 'websocket.close' });
  };
  const ws = await new TestClient(app).websocket('/ws');
  t.same(await ws.closed, { code: 1000, reason: '' });
});

t.test('a close before accept is a denial with status 403', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.close' });
  };
  const error = await new TestClient(app).websocket('/ws').catch((e: unknown) => e);
  t.ok(error instanceof WebSocketDenied);
  t.equal((error as WebSocketDenied).status, 403);
  t.same((error as WebSocketDenied).headers, []);
  t.equal((error as WebSocketDenied).body.length, 0);
});

t.test('a denial response reaches the test with status, headers and body', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.http.response.start', status: 401, headers: [['www-authenticate', 'Bearer']] });
    await send({ type: 'websocket.http.response.body', body: 'no ', moreBody: true });
    await send({ type: 'websocket.http.response.body', body: 'token' });
  };
  const error = (await new TestClient(app).websocket('/ws').catch((e: unknown) => e)) as WebSocketDenied;
  t.ok(error instanceof WebSocketDenied);
  t.equal(error.status, 401);
  t.same(error.headers, [['www-authenticate', 'Bearer']]);
  t.equal(new TextDecoder().decode(error.body), 'no token');
});

t.test('receiveText refuses a binary message', async (t) => {
  const ws = await new TestClient(echoApp()).websocket('/ws');
  ws.sendBytes(new Uint8Array([1]));
  await t.rejects(ws.receiveText(), { code: 'TSGI_UNEXPECTED_EVENT' });
  ws.sendText('a');
  await t.rejects(ws.receiveBytes(), { code: 'TSGI_UNEXPECTED_EVENT' });
  await ws.close();
});

t.test('a read with nothing to read times out', async (t) => {
  const ws = await new TestClient(echoApp()).websocket('/ws');
  await t.rejects(ws.receive(20), { code: 'TSGI_TIMEOUT' });
  await ws.close();
});

t.test('an app that returns without closing is closed with 1000, as a server closes it', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.accept' });
  };
  const ws = await new TestClient(app).websocket('/ws');
  const error = await ws.receive().catch((e: unknown) => e);
  t.ok(error instanceof WebSocketClosed);
  t.equal((error as WebSocketClosed).code, 1000);
  t.same(await ws.closed, { code: 1000, reason: '' });
});

t.test('an error the app throws after accepting rejects the next read and closes with 1011', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.accept' });
    await receive();
    throw new Error('socket handler failed');
  };
  const ws = await new TestClient(app).websocket('/ws');
  ws.sendText('trigger');
  await t.rejects(ws.receive(), { message: 'socket handler failed' });
  t.same(await ws.closed, { code: 1011, reason: '' });
});

t.test('a wss scheme is used for an https client', async (t) => {
  const scopes: WebSocketScope[] = [];
  const ws = await new TestClient(echoApp([], scopes), { scheme: 'https' }).websocket('/ws');
  t.equal(scopes[0]!.scheme, 'wss');
  await ws.close();
});

t.test('after the app closes, an app still listening hears the disconnect with its own code', async (t) => {
  let heard: ReceiveEvent | undefined;
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.accept' });
    await send({ type: 'websocket.close', code: 4002 });
    heard = await receive();
  };
  const ws = await new TestClient(app).websocket('/ws');
  await ws.closed;
  await ws.close();
  t.same(heard, { type: 'websocket.disconnect', code: 4002, reason: '' });
});

t.test('bytes the test sends are copied, so reusing the buffer is safe', async (t) => {
  const ws = await new TestClient(echoApp()).websocket('/ws');
  const buffer = new Uint8Array([1, 2]);
  ws.sendBytes(buffer);
  buffer.fill(9);
  t.same([...(await ws.receiveBytes())], [2, 1]);
  await ws.close();
});

t.test('headers given to websocket are lower-cased and added to the upgrade headers', async (t) => {
  const scopes: WebSocketScope[] = [];
  const ws = await new TestClient(echoApp([], scopes)).websocket('/ws', { headers: { Authorization: 'Bearer x' } });
  const names = scopes[0]!.headers.map(([name]) => name);
  t.same(names, ['host', 'connection', 'upgrade', 'sec-websocket-version', 'sec-websocket-key', 'authorization']);
  await ws.close();
});

t.test('an app that throws before accepting rejects the connect with its error', async (t) => {
  const app: App = async (_scope, receive) => {
    await receive();
    throw new Error('auth backend down');
  };
  await t.rejects(new TestClient(app).websocket('/ws'), { message: 'auth backend down' });
});

t.test('an app that sends a message before accepting breaks send-before-accept', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.send', text: 'too soon' });
  };
  await t.rejects(new TestClient(app).websocket('/ws'), { name: 'ProtocolError', rule: 'send-before-accept' });
});

t.test('a denying app that keeps listening hears an abnormal-closure disconnect', async (t) => {
  let heard: ReceiveEvent | undefined;
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'websocket.close' });
    heard = await receive();
  };
  await t.rejects(new TestClient(app).websocket('/ws'), WebSocketDenied);
  t.same(heard, { type: 'websocket.disconnect', code: 1006 });
});
