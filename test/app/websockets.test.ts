/** WebSocket routes: accept, path parameters, text/JSON/bytes, iteration, close, refusal, errors. */
import t from 'tap';
import { App, HTTPException, WebSocketDisconnect, WebSocketSerializationError, httpBearer } from '../../src/app/index.js';
import { TestClient, WebSocketDenied, type App as ProtocolApp } from '../../src/protocol/index.js';

t.test('the full lifecycle: accept, exchange text and JSON, client closes, handler ends', async (t) => {
  const events: string[] = [];
  const app = new App();
  app.websocket('/rooms/{room}', async (ws) => {
    await ws.accept();
    events.push(`accepted ${String(ws.pathParams.room)}`);
    const hello = await ws.receiveText();
    await ws.sendText(`${hello} from ${String(ws.pathParams.room)}`);
    const data = (await ws.receiveJson()) as { n: number };
    await ws.sendJson({ doubled: data.n * 2 });
    try {
      await ws.receive();
    } catch (error) {
      events.push(`disconnect ${(error as WebSocketDisconnect).closeCode}`);
    }
  });
  const ws = await new TestClient(app).websocket('/rooms/lobby');
  ws.sendText('hi');
  t.equal(await ws.receiveText(), 'hi from lobby');
  ws.sendJson({ n: 21 });
  t.same(await ws.receiveJson(), { doubled: 42 });
  await ws.close(1001);
  t.same(events, ['accepted lobby', 'disconnect 1001']);
});

t.test('messages can be iterated until the client leaves, bytes included', async (t) => {
  const received: Array<string | number> = [];
  const app = new App();
  app.websocket('/echo', async (ws) => {
    await ws.accept();
    for await (const message of ws) {
      received.push(typeof message === 'string' ? message : message.length);
      if (typeof message === 'string') await ws.sendText(message.toUpperCase());
      else await ws.sendBytes(message);
    }
  });
  const ws = await new TestClient(app).websocket('/echo');
  ws.sendText('a');
  t.equal(await ws.receiveText(), 'A');
  ws.sendBytes(new Uint8Array([1, 2, 3]));
  t.same([...(await ws.receiveBytes())], [1, 2, 3]);
  await ws.close();
  t.same(received, ['a', 3]);
});

t.test('the server closes normally when the handler returns', async (t) => {
  const app = new App();
  app.websocket('/once', async (ws) => {
    await ws.accept();
    await ws.sendText('bye');
  });
  const ws = await new TestClient(app).websocket('/once');
  t.equal(await ws.receiveText(), 'bye');
  t.same(await ws.closed, { code: 1000, reason: '' });
});

t.test('the handler can close with its own code and reason', async (t) => {
  const app = new App();
  app.websocket('/kick', async (ws) => {
    await ws.accept();
    await ws.close(4001, 'kicked');
  });
  const ws = await new TestClient(app).websocket('/kick');
  t.same(await ws.closed, { code: 4001, reason: 'kicked' });
});

t.test('closing before accept refuses the connection', async (t) => {
  const app = new App();
  app.websocket('/private', async (ws) => ws.close());
  await t.rejects(new TestClient(app).websocket('/private'), WebSocketDenied);
});

t.test('a path with no WebSocket route is refused', async (t) => {
  const app = new App();
  app.get('/http-only', () => 'x');
  await t.rejects(new TestClient(app).websocket('/http-only'), WebSocketDenied);
});

t.test('a handler error after accept closes with 1011 and is logged', async (t) => {
  const logged: unknown[] = [];
  const app = new App({ logger: { error: (_m, e) => void logged.push(e) } });
  app.websocket('/crash', async (ws) => {
    await ws.accept();
    throw new Error('bug');
  });
  const ws = await new TestClient(app).websocket('/crash');
  t.equal((await ws.closed).code, 1011);
  t.equal(logged.length, 1);
});

t.test('sending before accept is a state error naming the state', async (t) => {
  let message = '';
  const app = new App({ logger: { error: (_m, e) => void (message = (e as Error).message) } });
  app.websocket('/early', async (ws) => {
    await ws.sendText('too early');
  });
  await t.rejects(new TestClient(app).websocket('/early'));
  t.match(message, /cannot send in state "connecting"/);
});

t.test('WebSocket routes in a mounted app are reachable with the prefix', async (t) => {
  const inner = new App();
  inner.websocket('/feed/{id:int}', async (ws) => {
    await ws.accept();
    await ws.sendJson({ id: ws.pathParams.id, root: ws.scope.rootPath });
  });
  const app = new App();
  app.mount('/v2', inner);
  const ws = await new TestClient(app).websocket('/v2/feed/5');
  t.same(await ws.receiveJson(), { id: 5, root: '/v2' });
});

t.test('accept can choose a subprotocol the client offered and add headers', async (t) => {
  const app = new App();
  app.websocket('/proto', async (ws) => {
    await ws.accept({ subprotocol: ws.scope.subprotocols[1], headers: [['x-session', 's1']] });
    await ws.sendText(ws.headers.get('x-client') ?? 'none');
  });
  const ws = await new TestClient(app).websocket('/proto', { subprotocols: ['v1', 'v2'], headers: { 'x-client': 'tap' } });
  t.equal(ws.subprotocol, 'v2');
  t.same(ws.acceptHeaders, [['x-session', 's1']]);
  t.equal(await ws.receiveText(), 'tap');
});

t.test('receiveBytes takes text as UTF-8 and receiveJson takes bytes', async (t) => {
  const app = new App();
  app.websocket('/convert', async (ws) => {
    await ws.accept();
    const bytes = await ws.receiveBytes();
    const json = await ws.receiveJson();
    await ws.sendJson({ length: bytes.length, json });
  });
  const ws = await new TestClient(app).websocket('/convert');
  ws.sendText('héllo');
  ws.sendBytes(new TextEncoder().encode('{"a":1}'));
  t.same(await ws.receiveJson(), { length: 6, json: { a: 1 } });
});

t.test('receiveText refuses a binary message with a state error', async (t) => {
  let message = '';
  const app = new App({ logger: { error: (_m, e) => void (message = (e as Error).message) } });
  app.websocket('/text-only', async (ws) => {
    await ws.accept();
    await ws.receiveText();
  });
  const ws = await new TestClient(app).websocket('/text-only');
  ws.sendBytes(new Uint8Array([1]));
  t.equal((await ws.closed).code, 1011);
  t.match(message, /expected a text message/);
});

t.test('the query string and lifespan state are available on the session', async (t) => {
  const app = new App({
    lifespan: async function* () {
      yield { motd: 'welcome' };
    },
  });
  app.websocket('/q', async (ws) => {
    await ws.accept();
    await ws.sendJson({ token: ws.query.get('token'), motd: (ws.appState as { motd: string }).motd });
  });
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  const ws = await client.websocket('/q?token=abc');
  t.same(await ws.receiveJson(), { token: 'abc', motd: 'welcome' });
  await lifespan.shutdown();
});

t.test('sending before accept rejects the returned promise with WebSocketStateError (no synchronous throw)', async (t) => {
  let outcome = '';
  const app = new App();
  app.websocket('/early-send', async (ws) => {
    const sent = ws.sendText('too soon');
    outcome = await sent.then(() => 'sent', (error: Error) => error.constructor.name);
    await ws.close();
  });
  await t.rejects(new TestClient(app).websocket('/early-send'), WebSocketDenied);
  t.equal(outcome, 'WebSocketStateError');
});

t.test('breaking out of the message loop leaves the session open for further receives', async (t) => {
  const app = new App();
  app.websocket('/first', async (ws) => {
    await ws.accept();
    let first = '';
    for await (const message of ws) {
      first = String(message);
      break;
    }
    await ws.sendText(`${first} then ${await ws.receiveText()}`);
  });
  const ws = await new TestClient(app).websocket('/first');
  ws.sendText('a');
  ws.sendText('b');
  t.equal(await ws.receiveText(), 'a then b');
  await ws.close();
});

t.test('sendJson of a value nested too deep to serialise rejects with a typed error and the session goes on', async (t) => {
  let failure: unknown;
  const app = new App();
  app.websocket('/deep', async (ws) => {
    await ws.accept();
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    failure = await ws.sendJson({ id: deep }).catch((error: unknown) => error);
    await ws.sendJson({ ok: true });
  });
  const ws = await new TestClient(app).websocket('/deep');
  t.same(await ws.receiveJson(), { ok: true });
  t.ok(failure instanceof WebSocketSerializationError);
  t.match(failure, { status: 500, code: 'websocket_json_unserializable', expose: false, message: /Maximum call stack/ });
  t.ok((failure as Error).cause instanceof RangeError, 'the original error is the cause');
});

t.test('sendJson of a cyclic value rejects with the same typed error, without sending', async (t) => {
  let failure: unknown;
  const app = new App();
  app.websocket('/cycle', async (ws) => {
    await ws.accept();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    failure = await ws.sendJson(cyclic).catch((error: unknown) => error);
    await ws.sendText('after');
  });
  const ws = await new TestClient(app).websocket('/cycle');
  t.equal(await ws.receiveText(), 'after');
  t.ok(failure instanceof WebSocketSerializationError);
  t.match(failure, { code: 'websocket_json_unserializable', cause: TypeError });
});

t.test('a receive after the handler closed the session raises WebSocketDisconnect, not a state error', async (t) => {
  let after: unknown;
  const app = new App();
  app.websocket('/close-then-read', async (ws) => {
    await ws.accept();
    await ws.close(4002, 'done');
    after = await ws.receive().catch((error: unknown) => error);
  });
  const ws = await new TestClient(app).websocket('/close-then-read');
  t.same(await ws.closed, { code: 4002, reason: 'done' });
  for (let i = 0; i < 20 && after === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.ok(after instanceof WebSocketDisconnect, `got ${String(after)}`);
});

t.test('deny answers the handshake with the error status, its headers and a JSON detail', async (t) => {
  const app = new App();
  app.websocket('/limited', (ws) => ws.deny(new HTTPException(429, 'slow down', { 'Retry-After': '30' })));
  const denied = (await new TestClient(app).websocket('/limited').catch((error: unknown) => error)) as WebSocketDenied;
  t.ok(denied instanceof WebSocketDenied);
  t.equal(denied.status, 429);
  t.same(denied.headers, [['content-type', 'application/json'], ['retry-after', '30']]);
  t.same(JSON.parse(new TextDecoder().decode(denied.body)), { detail: 'slow down' });
});

t.test('deny sends one content-type even when the exception carries its own', async (t) => {
  const app = new App();
  app.websocket('/limited', (ws) => ws.deny(new HTTPException(429, 'slow down', { 'Content-Type': 'text/plain', 'Retry-After': '5' })));
  const denied = (await new TestClient(app).websocket('/limited').catch((error: unknown) => error)) as WebSocketDenied;
  t.same(denied.headers, [['content-type', 'application/json'], ['retry-after', '5']], 'the JSON body keeps its JSON content-type');
});

t.test('deny falls back to a plain refusal (403) when the server has no denial-response extension', async (t) => {
  const app = new App();
  app.websocket('/limited', (ws) => ws.deny(new HTTPException(429, 'slow down')));
  const withoutExtension: ProtocolApp = (scope, receive, send) => app(scope.type === 'websocket' ? { ...scope, extensions: {} } : scope, receive, send);
  const denied = (await new TestClient(withoutExtension).websocket('/limited').catch((error: unknown) => error)) as WebSocketDenied;
  t.ok(denied instanceof WebSocketDenied);
  t.equal(denied.status, 403);
});

t.test('an HTTPException raised before accept denies the handshake with its status, unlogged', async (t) => {
  const logged: unknown[] = [];
  const app = new App({ logger: { error: (message, error) => logged.push([message, error]) } });
  app.websocket('/limited', () => {
    throw new HTTPException(429, 'slow down', { 'Retry-After': '7' });
  });
  app.websocket('/broken', () => {
    throw new Error('a bug');
  });
  const denied = (await new TestClient(app).websocket('/limited').catch((error: unknown) => error)) as WebSocketDenied;
  t.equal(denied.status, 429);
  t.same(denied.headers, [['content-type', 'application/json'], ['retry-after', '7']]);
  t.same(logged, [], 'a refusal is not an error');
  const broken = (await new TestClient(app).websocket('/broken').catch((error: unknown) => error)) as WebSocketDenied;
  t.equal(broken.status, 403, 'any other error still closes before accept');
  t.equal(logged.length, 1);
});

t.test('a declared WebSocket route whose auth dependency refuses is denied 401 with WWW-Authenticate', async (t) => {
  const user = httpBearer({ verify: (token) => (token === 'good' ? { name: 'ada' } : null), realm: 'live' });
  const app = new App();
  app.websocket('/live', { inject: { user } }, async ({ websocket, deps }) => {
    await websocket.accept();
    await websocket.sendText(deps.user.name);
    await websocket.close();
  });
  const denied = (await new TestClient(app).websocket('/live').catch((error: unknown) => error)) as WebSocketDenied;
  t.ok(denied instanceof WebSocketDenied);
  t.equal(denied.status, 401);
  t.equal(denied.headers.find(([name]) => name === 'www-authenticate')?.[1], 'Bearer realm="live"');
  const open = await new TestClient(app).websocket('/live', { headers: { authorization: 'Bearer good' } });
  t.equal(await open.receiveText(), 'ada');
});
