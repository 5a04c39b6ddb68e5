// request.url is the URL the client asked for, as Starlette's request.url is: behind a proxy that
// strips the app's root path (the server's rootPath option) the URL still holds that prefix, and a
// mounted app sees the mount prefix in it exactly once. Per docs/protocol.md §2.1, `path` holds
// rootPath + the request path, while `rawPath` is the request line's path, without what a proxy
// stripped; a mount extends rootPath and leaves both unchanged.
import t from 'tap';
import { App, type Request } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

/** What a handler sees of its request's location. */
function where(request: Request): Record<string, string> {
  return { url: request.url.href, path: request.path, rootPath: request.scope.rootPath, self: request.urlPathFor('self', request.pathParams) };
}

function appWithMount(): App {
  const inner = new App();
  inner.get('/users/{id}', where, { name: 'self' });
  const app = new App();
  app.get('/items/{id}', where, { name: 'self' });
  app.mount('/v1', inner);
  return app;
}

t.test('without a root path, url is the request line under the Host header', async (t) => {
  const response = await new TestClient(appWithMount()).get('/items/1?q=a', { headers: { host: 'api.example' } });
  t.strictSame(response.json(), { url: 'http://api.example/items/1?q=a', path: '/items/1', rootPath: '', self: '/items/1' });
});

t.test('served under a root path a proxy strips, url still holds the prefix the client sent', async (t) => {
  const client = new TestClient(appWithMount(), { rootPath: '/api' });
  const response = await client.get('/items/1?q=a', { headers: { host: 'api.example' } });
  t.strictSame(response.json(), { url: 'http://api.example/api/items/1?q=a', path: '/api/items/1', rootPath: '/api', self: '/api/items/1' });
});

t.test('in a mounted app, url holds the mount prefix once', async (t) => {
  const response = await new TestClient(appWithMount()).get('/v1/users/7', { headers: { host: 'api.example' } });
  t.strictSame(response.json(), { url: 'http://api.example/v1/users/7', path: '/v1/users/7', rootPath: '/v1', self: '/v1/users/7' });
});

t.test('in a mounted app under a root path, url holds the root path, then the mount prefix', async (t) => {
  const client = new TestClient(appWithMount(), { rootPath: '/api' });
  const response = await client.get('/v1/users/7', { headers: { host: 'api.example' } });
  t.strictSame(response.json(), { url: 'http://api.example/api/v1/users/7', path: '/api/v1/users/7', rootPath: '/api/v1', self: '/api/v1/users/7' });
});

t.test('the part of url the client sent keeps its percent-encoding under a root path', async (t) => {
  const app = new App();
  app.get('/files/{name}', (request) => ({ url: request.url.href, path: request.path }));
  const response = await new TestClient(app, { rootPath: '/api' }).get('/files/a%2Fb%20c%zz', { headers: { host: 'api.example' } });
  t.strictSame(response.json(), { url: 'http://api.example/api/files/a%2Fb%20c%zz', path: '/api/files/a%2Fb%20c%zz' });
  const decoded = await new TestClient(app, { rootPath: '/api' }).get('/files/b%20c', { headers: { host: 'api.example' } });
  t.strictSame(decoded.json(), { url: 'http://api.example/api/files/b%20c', path: '/api/files/b c' });
});
