/** Route dispatch details: routing below rootPath, mounts and HEAD/OPTIONS, errors from mounted apps. */
import t from 'tap';
import { App, HTTPException, StreamingResponse, type Request } from '../../../src/app/index.js';
import { routingPath } from '../../../src/app/routing/route-dispatch.js';
import { TestClient, type App as TsgiApp, type HttpScope } from '../../../src/protocol/index.js';

const scope = (path: string, rootPath: string): HttpScope => ({
  type: 'http',
  tsgi: { version: '1.0', specVersion: '1.0' },
  httpVersion: '1.1',
  method: 'GET',
  scheme: 'http',
  path,
  rawPath: path,
  queryString: '',
  rootPath,
  headers: [],
  client: null,
  server: null,
});

t.test('the routing path is the path below rootPath, "/" when they are equal', async (t) => {
  t.equal(routingPath(scope('/a/b', '')), '/a/b');
  t.equal(routingPath(scope('/api/items', '/api')), '/items');
  t.equal(routingPath(scope('/api', '/api')), '/');
  t.equal(routingPath(scope('/other', '/api')), '/other', 'a path outside rootPath is routed as is');
});

t.test('an app served under a root path routes below it and builds URLs with it', async (t) => {
  const app = new App();
  app.get('/items/{id:int}', (request: Request) => ({ self: request.urlPathFor('item', { id: request.pathParams.id }) }), { name: 'item' });
  const response = await new TestClient(app, { rootPath: '/api' }).get('/items/4');
  t.same(response.json(), { self: '/api/items/4' });
});

t.test('a redirect to the slash form keeps the root path', async (t) => {
  const app = new App();
  app.get('/docs/', () => 'docs');
  const response = await new TestClient(app, { rootPath: '/api' }).get('/docs');
  t.equal(response.header('location'), '/api/docs/');
});

t.test('HEAD and OPTIONS reach a mounted App and are answered there', async (t) => {
  const inner = new App();
  inner.get('/x', () => ({ x: 1 }));
  const app = new App();
  app.mount('/in', inner);
  const client = new TestClient(app);
  const head = await client.head('/in/x');
  t.equal(head.status, 200);
  t.equal(head.body.length, 0);
  t.equal((await client.options('/in/x')).header('allow'), 'GET, HEAD, OPTIONS');
  t.equal((await client.get('/in/missing')).status, 404);
});

t.test('an error thrown by a mounted raw app before it responds is answered by the parent', async (t) => {
  const raw: TsgiApp = async () => {
    throw new HTTPException(418, 'raw teapot');
  };
  const app = new App();
  app.mount('/raw', raw);
  const response = await new TestClient(app).get('/raw/anything');
  t.equal(response.status, 418);
  t.same(response.json(), { detail: 'raw teapot' });
});

t.test('an error after the response started reaches the server instead of a second response', async (t) => {
  const app = new App({ logger: { error: () => undefined } });
  const raw: TsgiApp = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'partial', moreBody: true });
    throw new Error('disk vanished');
  };
  app.mount('/stream', raw);
  await t.rejects(new TestClient(app).get('/stream/x'), /disk vanished/);
});

t.test('a mounted App sees its own path parameters from a parameterised mount', async (t) => {
  const inner = new App();
  inner.get('/posts', (request: Request) => ({ root: request.scope.rootPath }));
  const app = new App();
  app.mount('/users/{uid:int}', inner);
  t.same((await new TestClient(app).get('/users/7/posts')).json(), { root: '/users/7' });
});

t.test('a return value JSON cannot represent is a handled 500', async (t) => {
  const logged: unknown[] = [];
  const app = new App({ logger: { error: (_m, e) => void logged.push(e) } });
  app.get('/cycle', () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    return value;
  });
  app.get('/bigint', () => ({ n: 1n }));
  const client = new TestClient(app);
  t.equal((await client.get('/cycle')).status, 500);
  t.equal((await client.get('/bigint')).status, 500);
  t.equal(logged.length, 2);
});

t.test('a streaming source that fails midway is not followed by an error response', async (t) => {
  const app = new App({ logger: { error: () => undefined } });
  app.get('/s', () =>
    new StreamingResponse(
      (async function* () {
        yield 'one';
        throw new Error('source broke');
      })(),
    ),
  );
  await t.rejects(new TestClient(app).get('/s'), /source broke/);
});
