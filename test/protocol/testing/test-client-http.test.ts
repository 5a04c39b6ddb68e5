import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../../src/protocol/app.js';
import type { HttpRequestEvent } from '../../../src/protocol/events.js';
import type { HttpScope, Scope } from '../../../src/protocol/scope.js';
import { TestClient } from '../../../src/protocol/testing/test-client.js';
import { ConversationError, ProtocolError } from '../../../src/protocol/errors.js';

/** Records each scope and request event, then answers 200 with a two-chunk body. */
function recorder() {
  const scopes: HttpScope[] = [];
  const events: HttpRequestEvent[] = [];
  const app: App = async (scope, receive, send) => {
    scopes.push(scope as HttpScope);
    for (;;) {
      const event = await receive();
      if (event.type !== 'http.request') break;
      events.push(event);
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 201, headers: [['Content-Type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']] });
    await send({ type: 'http.response.body', body: '{"ok":', moreBody: true });
    await send({ type: 'http.response.body', body: new TextEncoder().encode('true}') });
  };
  return { app, scopes, events, bodies: () => events.map((e) => [new TextDecoder().decode(e.body), e.moreBody]) };
}

t.test('a request resolves with status, headers, body, text, json and chunks', async (t) => {
  const response = await new TestClient(recorder().app).get('/');
  t.equal(response.status, 201);
  t.equal(response.header('content-type'), 'application/json');
  t.same(response.headerValues('Set-Cookie'), ['a=1', 'b=2']);
  t.equal(response.text, '{"ok":true}');
  t.same(response.json(), { ok: true });
  t.equal(response.body.length, 11);
  t.same(response.chunks.map((c) => new TextDecoder().decode(c)), ['{"ok":', 'true}']);
});

t.test('the scope carries method, decoded path, raw path, query and default addresses', async (t) => {
  const { app, scopes } = recorder();
  await new TestClient(app).request('patch', '/caf%C3%A9?x=1');
  const scope = scopes[0]!;
  t.equal(scope.method, 'PATCH');
  t.equal(scope.path, '/café');
  t.equal(scope.rawPath, '/caf%C3%A9');
  t.equal(scope.queryString, 'x=1');
  t.same(scope.client, ['testclient', 50000]);
  t.same(scope.server, ['testserver', 80]);
  t.equal(scope.scheme, 'http');
  t.equal(scope.state, undefined, 'no state without a lifespan or a state option');
});

t.test('client options shape every scope', async (t) => {
  const { app, scopes } = recorder();
  const client = new TestClient(app, { rootPath: '/api', scheme: 'https', client: ['10.0.0.1', 1234], server: ['example.test', 8443], extensions: { 'x.custom': { on: true } } });
  await client.get('/items');
  const scope = scopes[0]!;
  t.equal(scope.path, '/api/items', 'path includes the root path');
  t.equal(scope.rawPath, '/items', 'rawPath is the request path as sent');
  t.equal(scope.rootPath, '/api');
  t.equal(scope.scheme, 'https');
  t.same(scope.client, ['10.0.0.1', 1234]);
  t.same(scope.server, ['example.test', 8443]);
  t.same(Object.keys(scope.extensions!).sort(), ['http.response.pathsend', 'websocket.http.response', 'x.custom']);
});

t.test('each convenience method sends its own verb', async (t) => {
  const { app, scopes } = recorder();
  const client = new TestClient(app);
  await client.get('/');
  await client.head('/');
  await client.post('/');
  await client.put('/');
  await client.patch('/');
  await client.delete('/');
  await client.options('/');
  t.same(scopes.map((s) => s.method), ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
});

t.test('headers are lower-cased, a host is added, and given headers win', async (t) => {
  const { app, scopes } = recorder();
  const client = new TestClient(app);
  await client.get('/', { headers: { 'X-Trace': 'abc' } });
  await client.get('/', { headers: [['Host', 'example.test']] });
  t.same(scopes[0]!.headers, [['host', 'testserver'], ['x-trace', 'abc']]);
  t.same(scopes[1]!.headers, [['host', 'example.test']]);
});

t.test('a string body arrives in one event with its content-length', async (t) => {
  const { app, scopes, bodies } = recorder();
  await new TestClient(app).post('/', { body: 'héllo' });
  t.same(bodies(), [['héllo', false]]);
  t.same(scopes[0]!.headers, [['host', 'testserver'], ['content-length', '6']]);
});

t.test('a json option sends the JSON text with its content type', async (t) => {
  const { app, scopes, bodies } = recorder();
  await new TestClient(app).post('/', { json: { a: [1] } });
  t.same(bodies(), [['{"a":[1]}', false]]);
  t.same(scopes[0]!.headers, [['host', 'testserver'], ['content-type', 'application/json'], ['content-length', '9']]);
});

t.test('a streamed request body arrives one event per chunk without a content-length', async (t) => {
  const { app, scopes, bodies } = recorder();
  await new TestClient(app).put('/', { body: ['a', 'b', 'c'] });
  t.same(bodies(), [['a', true], ['b', true], ['c', false]]);
  t.same(scopes[0]!.headers, [['host', 'testserver']]);
});

t.test('an async request body reaches the app chunk by chunk as it is produced', async (t) => {
  const seen: string[] = [];
  const app: App = async (_scope, receive, send) => {
    for (;;) {
      const event = await receive();
      if (event.type !== 'http.request') return;
      seen.push(new TextDecoder().decode(event.body));
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 204 });
    await send({ type: 'http.response.body' });
  };
  async function* slowly() {
    yield 'first';
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.same(seen, ['first'], 'the first chunk arrived before the second was produced');
    yield 'second';
  }
  const response = await new TestClient(app).post('/', { body: slowly() });
  t.equal(response.status, 204);
  t.same(seen, ['first', 'second', '']);
});

t.test('after the response an app that keeps listening hears a disconnect', async (t) => {
  let after: string | undefined;
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'ok' });
    after = (await receive()).type;
    after += ` ${(await receive()).type}`;
  };
  await new TestClient(app).get('/');
  t.equal(after, 'http.disconnect http.disconnect', 'and keeps hearing it');
});

t.test('disconnectAfterBody lets an app notice the client left and give up', async (t) => {
  const app: App = async (_scope, receive) => {
    while ((await receive()).type !== 'http.disconnect');
  };
  const response = await new TestClient(app).post('/', { body: 'x', disconnectAfterBody: true });
  t.equal(response.status, 0, 'no response was started');
  t.same(response.chunks, []);
});

t.test('a pathsend response is read from the file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tsgi-pathsend-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'hello.txt');
  await writeFile(file, 'from disk');
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.pathsend', path: file });
  };
  const response = await new TestClient(app).get('/');
  t.equal(response.text, 'from disk');
  t.equal(response.chunks.length, 1);
});

t.test('an error the app throws rejects the request with that error', async (t) => {
  const failure = new Error('handler failed');
  const app: App = async () => {
    throw failure;
  };
  await t.rejects(new TestClient(app).get('/'), failure);
});

t.test('an error thrown after a complete response still rejects the request', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body' });
    throw new Error('after the response');
  };
  await t.rejects(new TestClient(app).get('/'), { message: 'after the response' });
});

t.test('the app is checked by default and a violation rejects with ProtocolError', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.body', body: 'too early' });
  };
  await t.rejects(new TestClient(app).get('/'), ProtocolError);
});

t.test('with checked: false the client reports the odd event itself', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.body', body: 'too early' });
  };
  await t.rejects(new TestClient(app, { checked: false }).get('/'), { code: 'TSGI_UNEXPECTED_EVENT' });
});

t.test('an unchecked app that returns without responding is reported', async (t) => {
  const app: App = async () => undefined;
  const error = await new TestClient(app, { checked: false }).get('/').catch((e: unknown) => e);
  t.ok(error instanceof ConversationError);
  t.match((error as Error).message, /without starting a response/);
});

t.test('an app that never answers fails the request after the timeout', async (t) => {
  const app: App = () => new Promise(() => undefined);
  await t.rejects(new TestClient(app, { timeoutMs: 30 }).get('/'), { code: 'TSGI_TIMEOUT' });
});

t.test('the state option is shallow-copied into each request scope', async (t) => {
  const states: Array<Scope['type'] | unknown> = [];
  const app: App = async (scope, _receive, send) => {
    if (scope.type !== 'http') return;
    states.push({ ...scope.state });
    scope.state!.visits = 99;
    await send({ type: 'http.response.start', status: 204 });
    await send({ type: 'http.response.body' });
  };
  const client = new TestClient(app, { state: { visits: 0 } });
  await client.get('/');
  await client.get('/');
  t.same(states, [{ visits: 0 }, { visits: 0 }]);
});

t.test('a body iterable that throws plays a client leaving mid-upload', async (t) => {
  const seen: string[] = [];
  const app: App = async (_scope, receive) => {
    for (;;) {
      const event = await receive();
      seen.push(event.type);
      if (event.type === 'http.disconnect') return;
    }
  };
  async function* leaves() {
    yield 'a';
    throw new Error('socket closed');
  }
  const response = await new TestClient(app).post('/', { body: leaves() });
  t.equal(response.status, 0);
  t.same(seen, ['http.request', 'http.disconnect']);
});

t.test('a pathsend of a missing file rejects the request with the read error', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.pathsend', path: join(tmpdir(), 'tsgi-no-such-file-9f3a') });
  };
  await t.rejects(new TestClient(app).get('/'), { code: 'ENOENT' });
});

t.test('a recorded response does not change when the app reuses its buffers', async (t) => {
  const buffer = new Uint8Array([1, 2, 3]);
  const headers: Array<[string, string]> = [['x-a', '1']];
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200, headers });
    await send({ type: 'http.response.body', body: buffer });
    buffer.fill(0);
    headers.push(['x-b', '2']);
  };
  const response = await new TestClient(app).get('/');
  t.same([...response.body], [1, 2, 3]);
  t.same(response.headers, [['x-a', '1']]);
});

t.test('a POST without a body says content-length 0, a GET says nothing', async (t) => {
  const { app, scopes, bodies } = recorder();
  const client = new TestClient(app);
  await client.post('/');
  await client.get('/');
  t.same(scopes[0]!.headers, [['host', 'testserver'], ['content-length', '0']]);
  t.same(scopes[1]!.headers, [['host', 'testserver']]);
  t.same(bodies(), [['', false], ['', false]], 'both still get one empty http.request event');
});

t.test('extensions can be removed by setting them to undefined', async (t) => {
  const { app, scopes } = recorder();
  await new TestClient(app, { extensions: { 'http.response.pathsend': undefined } }).get('/');
  t.notOk('http.response.pathsend' in scopes[0]!.extensions!, 'the key is absent, not present and undefined');
  t.same(scopes[0]!.extensions!['websocket.http.response'], {});
});

t.test('the extensions map is frozen, as on the server: an app that adds to it fails', async (t) => {
  const app: App = async (scope, _receive, send) => {
    (scope.extensions as Record<string, unknown>)['x.added'] = true;
    await send({ type: 'http.response.start', status: 204 });
    await send({ type: 'http.response.body' });
  };
  await t.rejects(new TestClient(app).get('/'), TypeError);
});

t.test('an app that answers before reading an endless body is not kept waiting', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'http.response.start', status: 413 });
    await send({ type: 'http.response.body', body: 'too large' });
  };
  async function* endless() {
    for (;;) {
      yield 'x'.repeat(1024);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  const response = await new TestClient(app, { timeoutMs: 1000 }).post('/', { body: endless() });
  t.equal(response.status, 413);
});
