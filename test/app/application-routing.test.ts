/** App routing through the test client: 404, 405 + Allow, HEAD, OPTIONS, slashes, mounts, URL building. */
import t from 'tap';
import { App, HTTPException, JSONResponse, NoMatchFound, RouteConflictError, TextResponse, dependency } from '../../src/app/index.js';
import type { App as TsgiApp } from '../../src/protocol/index.js';
import { TestClient } from '../../src/protocol/index.js';

function itemsApp(): App {
  const app = new App();
  app.get('/', () => ({ hello: 'world' }));
  app.get('/items/{id:int}', (request) => ({ id: request.pathParams.id, q: request.query.get('q') }), { name: 'item' });
  app.post('/items/{id:int}', () => new JSONResponse({ created: true }, { status: 201 }));
  app.delete('/items/{id:int}', () => new TextResponse('gone'));
  return app;
}

t.test('a handler returning a plain value answers 200 JSON in two events', async (t) => {
  const response = await new TestClient(itemsApp()).get('/');
  t.equal(response.status, 200);
  t.equal(response.header('content-type'), 'application/json');
  t.same(response.json(), { hello: 'world' });
  t.equal(response.chunks.length, 1);
});

t.test('path parameters arrive converted and the query is parsed', async (t) => {
  const response = await new TestClient(itemsApp()).get('/items/42?q=pen');
  t.same(response.json(), { id: 42, q: 'pen' });
});

t.test('an unknown path is a 404 with a JSON detail', async (t) => {
  const response = await new TestClient(itemsApp()).get('/nothing/here');
  t.equal(response.status, 404);
  t.same(response.json(), { detail: 'Not Found' });
});

t.test('a known path with another method is a 405 listing the allowed methods', async (t) => {
  const response = await new TestClient(itemsApp()).put('/items/1');
  t.equal(response.status, 405);
  t.equal(response.header('allow'), 'DELETE, GET, HEAD, OPTIONS, POST');
  t.same(response.json(), { detail: 'Method Not Allowed' });
});

t.test('HEAD runs the GET handler and sends its headers with no body', async (t) => {
  const response = await new TestClient(itemsApp()).head('/items/7');
  t.equal(response.status, 200);
  t.equal(response.body.length, 0);
  t.equal(response.header('content-type'), 'application/json');
  t.equal(response.header('content-length'), String(Buffer.byteLength(JSON.stringify({ id: 7, q: null }))));
});

t.test('OPTIONS is answered with 204 and Allow', async (t) => {
  const response = await new TestClient(itemsApp()).options('/items/3');
  t.equal(response.status, 204);
  t.equal(response.header('allow'), 'DELETE, GET, HEAD, OPTIONS, POST');
});

t.test('the other trailing-slash form redirects with 307, keeping the query', async (t) => {
  const app = new App();
  app.get('/docs/', () => 'docs');
  app.get('/about', () => 'about');
  const client = new TestClient(app);
  const toSlash = await client.get('/docs?x=1');
  t.equal(toSlash.status, 307);
  t.equal(toSlash.header('location'), '/docs/?x=1');
  const fromSlash = await client.get('/about/');
  t.equal(fromSlash.status, 307);
  t.equal(fromSlash.header('location'), '/about');
});

t.test('slash redirects can be turned off', async (t) => {
  const app = new App({ redirectSlashes: false });
  app.get('/about', () => 'about');
  t.equal((await new TestClient(app).get('/about/')).status, 404);
});

t.test('a mounted raw app sees rootPath extended by the prefix and the full path', async (t) => {
  const seen: Array<{ rootPath: string; path: string }> = [];
  const raw: TsgiApp = async (scope, _receive, send) => {
    if (scope.type !== 'http') return;
    seen.push({ rootPath: scope.rootPath, path: scope.path });
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    await send({ type: 'http.response.body', body: 'raw' });
  };
  const app = new App();
  app.mount('/legacy', raw);
  const client = new TestClient(app);
  t.equal((await client.get('/legacy/a/b')).text, 'raw');
  await client.get('/legacy');
  t.same(seen, [
    { rootPath: '/legacy', path: '/legacy/a/b' },
    { rootPath: '/legacy', path: '/legacy' },
  ]);
});

t.test('mounting works under the server root path too', async (t) => {
  const seen: string[] = [];
  const raw: TsgiApp = async (scope, _receive, send) => {
    if (scope.type !== 'http') return;
    seen.push(`${scope.rootPath} ${scope.path}`);
    await send({ type: 'http.response.start', status: 204 });
    await send({ type: 'http.response.body' });
  };
  const app = new App();
  app.mount('/sub', raw);
  await new TestClient(app, { rootPath: '/base' }).get('/sub/x');
  t.same(seen, ['/base/sub /base/sub/x']);
});

t.test('a mounted App routes the rest of the path and builds URLs with the prefix', async (t) => {
  const inner = new App();
  inner.get('/users/{id:int}', (request) => ({ user: request.pathParams.id, url: request.urlPathFor('user', { id: 5 }) }), { name: 'user' });
  const app = new App();
  app.mount('/v1', inner);
  const response = await new TestClient(app).get('/v1/users/3');
  t.same(response.json(), { user: 3, url: '/v1/users/5' });
  t.equal(app.urlPathFor('user', { id: 8 }), '/v1/users/8');
});

t.test('urlPathFor encodes parameters and reports unknown names and missing parameters', async (t) => {
  const app = itemsApp();
  app.get('/tags/{tag}', () => null, { name: 'tag' });
  t.equal(app.urlPathFor('item', { id: 3 }), '/items/3');
  t.equal(app.urlPathFor('tag', { tag: 'a b?' }), '/tags/a%20b%3F');
  t.throws(() => app.urlPathFor('tag', { tag: 'a/b' }), NoMatchFound, 'a slash cannot round-trip through a decoded path');
  t.throws(() => app.urlPathFor('nope'), NoMatchFound);
  t.throws(() => app.urlPathFor('item', {}), NoMatchFound);
  t.throws(() => app.urlPathFor('item', { id: 'x' }), NoMatchFound);
});

t.test('routes lists every registration, mounted ones with their full path', async (t) => {
  const inner = new App();
  inner.get('/ping', () => 'pong', { name: 'ping', tags: ['health'] });
  inner.websocket('/ws', async () => undefined);
  const app = itemsApp();
  app.mount('/inner', inner);
  const summary = app.routes.map((r) => `${r.kind} ${r.methods.join(',')} ${r.path}`);
  t.same(summary, [
    'http GET /',
    'http GET /items/{id:int}',
    'http POST /items/{id:int}',
    'http DELETE /items/{id:int}',
    'mount  /inner',
    'http GET /inner/ping',
    'websocket  /inner/ws',
  ]);
  const ping = app.routes.find((r) => r.name === 'ping');
  t.same(ping?.options, { name: 'ping', tags: ['health'] });
});

t.test('conflicting routes and duplicate names fail at registration', async (t) => {
  const app = itemsApp();
  t.throws(() => app.get('/items/{id:int}', () => null), RouteConflictError);
  t.throws(() => app.get('/other', () => null, { name: 'item' }), RouteConflictError);
});

t.test('a sync handler and an async handler are both awaited correctly', async (t) => {
  const app = new App();
  app.get('/sync', () => 1);
  app.get('/async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return 2;
  });
  const client = new TestClient(app);
  t.same((await client.get('/sync')).json(), 1);
  t.same((await client.get('/async')).json(), 2);
});

t.test('an HTTPException thrown in a handler becomes its status, detail and headers', async (t) => {
  const app = new App();
  app.get('/secret', () => {
    throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' });
  });
  const response = await new TestClient(app).get('/secret');
  t.equal(response.status, 401);
  t.equal(response.header('www-authenticate'), 'Bearer');
  t.same(response.json(), { detail: 'Not authenticated' });
});

t.test('route() takes its methods from the options, stores the options as given and exposes the record', async (t) => {
  const app = new App();
  const options = { methods: ['get', 'post'], summary: 'both', meta: { cost: 2 } };
  app.route('/both', (request) => ({ summary: request.route?.options.summary, methods: request.route?.methods }), options);
  const client = new TestClient(app);
  t.same((await client.post('/both')).json(), { summary: 'both', methods: ['GET', 'POST'] });
  t.equal(app.routes[0]?.options, options);
});

t.test('stores app-level dependencies given in the options', async (t) => {
  const marker = dependency({}, () => 'db');
  t.same(new App({ dependencies: [marker] }).dependencies, [marker]);
});

t.test('an error thrown synchronously by the server\'s send reaches the caller as a rejected promise', async (t) => {
  const app = new App();
  app.get('/', () => ({ ok: true }));
  const scope = {
    type: 'http', tsgi: { version: '1.0', specVersion: '1.0' }, httpVersion: '1.1', method: 'GET', scheme: 'http',
    path: '/', rawPath: '/', queryString: '', rootPath: '', headers: [], client: null, server: null,
  } as const;
  const send = () => { throw new Error('socket gone'); };
  let result: Promise<void> | undefined;
  t.doesNotThrow(() => { result = app(scope as never, async () => ({ type: 'http.disconnect' }) as never, send as never); });
  await t.rejects(result!, /socket gone/);
});
