// App-level dependencies reach included routers (FastAPI's include_router), with the include's and
// the router's own; a mounted app stays a separate application that the parent's do not reach.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App, dependency, HTTPException, RouteDefinitionError, buildOpenAPIDocument } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

function recorder(events: string[], name: string) {
  return dependency({}, () => { events.push(name); }, { name });
}

t.test('an included router serves its routes under the prefix, declared and plain alike', async (t) => {
  const items = new App();
  items.get('/{id}', { params: { id: Type.Integer() } }, ({ params }) => ({ id: params.id }));
  items.get('/plain/ping', () => 'pong');
  const app = new App();
  app.include(items, { prefix: '/items' });
  const client = new TestClient(app);
  t.same((await client.get('/items/7')).json(), { id: 7 });
  t.equal((await client.get('/items/x')).status, 422);
  t.equal((await client.get('/items/plain/ping')).json(), 'pong');
});

t.test('app, include, router and route dependencies all run for an included route, in that order', async (t) => {
  const events: string[] = [];
  const router = new App({ dependencies: [recorder(events, 'router')] });
  router.get('/x', { dependencies: [recorder(events, 'route')] }, () => { events.push('handler'); return 'ok'; });
  const app = new App({ dependencies: [recorder(events, 'app')] });
  app.include(router, { prefix: '/r', dependencies: [recorder(events, 'include')] });
  t.equal((await new TestClient(app).get('/r/x')).status, 200);
  t.same(events, ['app', 'include', 'router', 'route', 'handler']);
});

t.test('app-level security refuses an included route', async (t) => {
  const auth = dependency({ headers: { x_token: Type.Optional(Type.String()) } }, ({ headers }) => {
    if (headers.x_token !== 'secret') throw new HTTPException(401, 'Not authenticated', [['www-authenticate', 'Bearer']]);
  });
  const router = new App();
  router.post('/things', { body: Type.Object({ name: Type.String() }) }, ({ body }) => body);
  const app = new App({ dependencies: [auth] });
  app.include(router);
  const client = new TestClient(app);
  const refused = await client.post('/things', { body: '{"name": 1}', headers: { 'content-type': 'application/json' } });
  t.equal(refused.status, 401);
  t.equal(refused.header('www-authenticate'), 'Bearer');
  t.same((await client.post('/things', { body: '{"name": "a"}', headers: { 'content-type': 'application/json', 'x-token': 'secret' } })).json(), { name: 'a' });
});

t.test('nested includes keep every level\'s dependencies', async (t) => {
  const events: string[] = [];
  const inner = new App({ dependencies: [recorder(events, 'inner')] });
  inner.get('/leaf', {}, () => 'leaf');
  const outer = new App({ dependencies: [recorder(events, 'outer')] });
  outer.include(inner, { prefix: '/inner' });
  const app = new App({ dependencies: [recorder(events, 'app')] });
  app.include(outer, { prefix: '/outer' });
  t.equal((await new TestClient(app).get('/outer/inner/leaf')).json(), 'leaf');
  t.same(events, ['app', 'outer', 'inner']);
});

t.test('the including app\'s overrides apply to included routes', async (t) => {
  const real = dependency({}, (): string => { throw new HTTPException(401, 'no'); });
  const router = new App();
  router.get('/me', { inject: { user: real } }, ({ deps }) => deps.user);
  const app = new App();
  app.include(router);
  app.dependencyOverrides.set(real, dependency({}, () => 'fake'));
  t.equal((await new TestClient(app).get('/me')).json(), 'fake');
});

t.test('include tags are put before the routes\' own in the OpenAPI document', async (t) => {
  const router = new App();
  router.get('/x', { tags: ['own'], responses: { 200: Type.String() } }, () => 'x');
  const app = new App();
  app.include(router, { prefix: '/r', tags: ['group'] });
  const document = buildOpenAPIDocument(app.routes, { title: 't', version: '1' }) as { paths: Record<string, { get: { tags: string[] } }> };
  t.same(document.paths['/r/x']!.get.tags, ['group', 'own']);
});

t.test('a mounted app is separate: the parent\'s dependencies do not run for its routes', async (t) => {
  const events: string[] = [];
  const sub = new App({ dependencies: [recorder(events, 'sub')] });
  sub.get('/x', {}, () => 'x');
  const app = new App({ dependencies: [recorder(events, 'parent')] });
  app.get('/own', {}, () => 'own');
  app.mount('/sub', sub);
  const client = new TestClient(app);
  t.equal((await client.get('/sub/x')).json(), 'x');
  t.same(events, ['sub']);
  await client.get('/own');
  t.same(events, ['sub', 'parent']);
});

t.test('a router with middleware or a lifespan cannot be included (mount it instead)', async (t) => {
  const withMiddleware = new App({ middleware: [(next) => next] });
  t.throws(() => new App().include(withMiddleware, { prefix: '/m' }), RouteDefinitionError);
  const withLifespan = new App({ lifespan: async function* () { yield {}; } });
  t.throws(() => new App().include(withLifespan), /has a lifespan: mount it instead/);
});

t.test('plain (request) handlers do not run app-level dependencies', async (t) => {
  const events: string[] = [];
  const app = new App({ dependencies: [recorder(events, 'app')] });
  app.get('/plain', () => 'plain');
  t.equal((await new TestClient(app).get('/plain')).json(), 'plain');
  t.same(events, []);
});
