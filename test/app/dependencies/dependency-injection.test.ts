// Dependencies declared as data: cached once per request, cleaned up after the response (and
// on errors, newest first), replaceable by overrides, and checked at registration.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App, HTTPException } from '../../../src/app/index.js';
import { dependency } from '../../../src/app/dependencies/dependency.js';
import { DependencyDefinitionError } from '../../../src/app/dependencies/dependency-plan.js';
import { TestClient } from '../../../src/protocol/index.js';

t.test('a dependency used twice in one request is called once, and per request again', async (t) => {
  let calls = 0;
  const counter = dependency({}, () => ++calls);
  const doubled = dependency({ inject: { n: counter } }, ({ deps }) => deps.n * 2);
  const app = new App();
  app.get('/', { inject: { n: counter, d: doubled } }, ({ deps }) => ({ n: deps.n, d: deps.d }));
  const client = new TestClient(app);
  t.same((await client.get('/')).json(), { n: 1, d: 2 });
  t.same((await client.get('/')).json(), { n: 2, d: 4 });
});

t.test('cache: false calls the provider at every use', async (t) => {
  let calls = 0;
  const fresh = dependency({}, () => ++calls, { cache: false });
  const wrapper = dependency({ inject: { f: fresh } }, ({ deps }) => deps.f);
  const app = new App();
  app.get('/', { inject: { a: fresh, b: wrapper } }, ({ deps }) => [deps.a, deps.b]);
  t.same((await new TestClient(app).get('/')).json(), [1, 2]);
});

t.test('dependencies read their own declared parameters, validated with the route', async (t) => {
  const paging = dependency({ query: { limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) } }, ({ query }) => query.limit);
  const app = new App();
  app.get('/items', { inject: { limit: paging }, query: { q: Type.Optional(Type.String()) } }, ({ deps, query }) => ({ limit: deps.limit, q: query.q }));
  const client = new TestClient(app);
  t.same((await client.get('/items?q=x')).json(), { limit: 10, q: 'x' });
  const bad = await client.get('/items?limit=500');
  t.equal(bad.status, 422);
  t.same((bad.json() as { detail: Array<{ loc: unknown[] }> }).detail[0]!.loc, ['query', 'limit']);
});

t.test('generator cleanups run after the response, newest first', async (t) => {
  const events: string[] = [];
  const outer = dependency({}, async function* () { events.push('open outer'); yield 'outer'; events.push('close outer'); });
  const inner = dependency({ inject: { o: outer } }, async function* () { events.push('open inner'); yield 'inner'; events.push('close inner'); });
  const app = new App();
  app.get('/', { inject: { i: inner } }, ({ deps }) => { events.push(`handler ${deps.i}`); return 'ok'; });
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 200);
  t.same(events, ['open outer', 'open inner', 'handler inner', 'close inner', 'close outer']);
});

t.test('when the handler fails, cleanups see the error before the error response', async (t) => {
  const events: string[] = [];
  const session = dependency({}, async function* () {
    try { yield 'db'; events.push('commit'); } catch (error) { events.push(`rollback: ${(error as Error).message}`); throw error; }
  });
  const app = new App();
  app.get('/', { inject: { s: session } }, () => { throw new HTTPException(409, 'conflict'); });
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 409);
  t.same(events, ['rollback: conflict']);
});

t.test('overrides replace a provider, including its own inputs, and can be removed', async (t) => {
  const realUser = dependency({}, (): string => { throw new HTTPException(401, 'no'); });
  const fakeUser = dependency({ headers: { x_user: Type.String() } }, ({ headers }) => headers.x_user);
  const app = new App();
  app.get('/me', { inject: { user: realUser } }, ({ deps }) => ({ user: deps.user }));
  const client = new TestClient(app);
  t.equal((await client.get('/me')).status, 401);
  app.dependencyOverrides.set(realUser, fakeUser);
  t.same((await client.get('/me', { headers: { 'x-user': 'ada' } })).json(), { user: 'ada' });
  app.dependencyOverrides.clear();
  t.equal((await client.get('/me')).status, 401);
});

t.test('app-level dependencies run for every declared route', async (t) => {
  let seen = 0;
  const audit = dependency({}, () => { seen++; });
  const app = new App({ dependencies: [audit] });
  app.get('/a', {}, () => 'a');
  app.get('/b', {}, () => 'b');
  const client = new TestClient(app);
  await client.get('/a');
  await client.get('/b');
  t.equal(seen, 2);
});

t.test('a mounted app is a router: its dependencies apply to its routes only', async (t) => {
  const denied = dependency({}, () => { throw new HTTPException(403, 'admins only'); });
  const admin = new App({ dependencies: [denied] });
  admin.get('/panel', {}, () => 'panel');
  const app = new App();
  app.get('/public', {}, () => 'public');
  app.mount('/admin', admin);
  const client = new TestClient(app);
  t.equal((await client.get('/public')).status, 200);
  t.equal((await client.get('/admin/panel')).status, 403);
});

t.test('a dependency cycle is an error at registration naming the route and the cycle', async (t) => {
  const a: { inject: Record<string, unknown> } = { inject: {} };
  const first = dependency(a as never, () => 1, { name: 'first' });
  const second = dependency({ inject: { first } }, () => 2, { name: 'second' });
  a.inject.second = second;
  const app = new App();
  const error = catchError(() => app.get('/loop', { inject: { x: first } }, () => 'never'));
  t.ok(error instanceof DependencyDefinitionError);
  t.match((error as Error).message, 'GET /loop: dependency cycle first -> second -> first');
});

t.test('a missing provider is an error at registration naming the route', async (t) => {
  const app = new App();
  t.throws(() => app.get('/x', { inject: { db: undefined as never } }, () => 'never'), /GET \/x: dependency 'db' has no provider/);
});

t.test('WebSocket routes get validated parameters and injected dependencies', async (t) => {
  const events: string[] = [];
  const room = dependency({ query: { room: Type.String({ minLength: 1 }) } }, async function* ({ query }) {
    events.push('join'); yield `room:${query.room}`; events.push('leave');
  });
  const app = new App();
  app.websocket('/ws', { inject: { room } }, async ({ websocket, deps }) => {
    await websocket.accept();
    await websocket.sendText(deps.room);
    await websocket.close();
  });
  const client = new TestClient(app);
  const ws = await client.websocket('/ws?room=blue');
  t.equal(await ws.receiveText(), 'room:blue');
  await ws.close();
  t.same(events.slice(0, 1), ['join']);
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
