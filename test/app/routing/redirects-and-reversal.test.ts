// The slash redirect must point back at this app on this host, whatever the client sent, and
// urlPathFor must only build paths that reach the route they were built for.
import t from 'tap';
import { App, NoMatchFound } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

t.test('a path whose first segment is empty is redirected on this host, never to "//host"', async (t) => {
  const app = new App();
  app.get('//evil.example/', () => 'reached');
  const response = await new TestClient(app).get('//evil.example');
  t.equal(response.status, 307);
  t.equal(response.header('location'), '/evil.example/');
});

t.test('a backslash in the path reaches the Location percent-encoded, so no browser reads "/\\host"', async (t) => {
  const app = new App();
  app.get('/{name}/', (request) => ({ name: request.pathParams.name }));
  const response = await new TestClient(app).get('/\\evil.example');
  t.equal(response.status, 307);
  t.equal(response.header('location'), '/%5Cevil.example/');
});

t.test('the redirect keeps the client\'s escapes and query string', async (t) => {
  const app = new App();
  app.get('/{name}/', (request) => ({ name: request.pathParams.name }));
  const response = await new TestClient(app).get('/caf%C3%A9%20bar?x=1&y=%20');
  t.equal(response.header('location'), '/caf%C3%A9%20bar/?x=1&y=%20');
});

t.test('behind a root path and inside a mount, the redirect carries both prefixes', async (t) => {
  const inner = new App();
  inner.get('/docs/', () => 'docs');
  const app = new App();
  app.mount('/in', inner);
  const response = await new TestClient(app, { rootPath: '/api' }).get('/in/docs');
  t.equal(response.status, 307);
  t.equal(response.header('location'), '/api/in/docs/');
});

function reversalApp(): App {
  const app = new App();
  const echo = (request: { pathParams: Record<string, unknown> }) => request.pathParams;
  app.get('/users/{name}', echo, { name: 'user' });
  app.get('/items/{id:int}', echo, { name: 'item' });
  app.get('/prices/{value:float}', echo, { name: 'price' });
  app.get('/files/{rest:path}', echo, { name: 'file' });
  return app;
}

t.test('urlPathFor refuses values whose path would not match the route again', async (t) => {
  const app = reversalApp();
  for (const [name, params] of [
    ['user', { name: '..' }], ['user', { name: '.' }],
    ['item', { id: 1e21 }], ['item', { id: 1_000_000_000_000_000 }],
    ['price', { value: 1e21 }], ['price', { value: 1e-7 }],
    ['file', { rest: 'a/../admin' }], ['file', { rest: './x' }],
  ] as const) {
    t.throws(() => app.urlPathFor(name, params), NoMatchFound, `${name} ${JSON.stringify(params)}`);
  }
});

t.test('a path urlPathFor builds routes back to the same values', async (t) => {
  const app = reversalApp();
  const client = new TestClient(app);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['user', { name: 'a b?c#d%2e' }], ['user', { name: '...' }], ['item', { id: 999_999_999_999_999 }],
    ['price', { value: 0.5 }], ['price', { value: 123456789.25 }], ['file', { rest: 'dir/.hidden/a b.txt' }],
  ];
  for (const [name, params] of cases) {
    const path = app.urlPathFor(name, params);
    t.same((await client.get(path)).json(), params, path);
  }
});
