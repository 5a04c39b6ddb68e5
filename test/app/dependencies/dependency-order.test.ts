// The order of a declared route's stages: parameters, then dependencies (auth and limits first),
// then the body — so 401/403/429 win over a 422 for the body or a bad parameter, as in FastAPI.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App, dependency, HTTPException } from '../../../src/app/index.js';
import { httpBearer } from '../../../src/app/security/http-bearer.js';
import { rateLimit } from '../../../src/app/security/rate-limit.js';
import { TestClient, WebSocketDenied } from '../../../src/protocol/index.js';

const Item = Type.Object({ title: Type.String(), price: Type.Number() });
const currentUser = httpBearer({ verify: (token) => (token === 't-ada' ? { name: 'ada' } : null), realm: 'items' });
const json = { 'content-type': 'application/json' };

function securedApp(): App {
  const app = new App();
  app.post('/items', { body: Item, inject: { user: currentUser } }, ({ body, deps }) => ({ ...body, owner: deps.user.name }));
  return app;
}

t.test('an unauthenticated request with a bad body gets 401 with WWW-Authenticate, not 422', async (t) => {
  const response = await new TestClient(securedApp()).post('/items', { body: '{"title": 1}', headers: json });
  t.equal(response.status, 401);
  t.equal(response.header('www-authenticate'), 'Bearer realm="items"');
});

t.test('an unauthenticated request with malformed JSON gets 401, not 400', async (t) => {
  const response = await new TestClient(securedApp()).post('/items', { body: '{"title": ', headers: json });
  t.equal(response.status, 401);
});

t.test('an authenticated request with a bad body still gets the 422 listing every error', async (t) => {
  const response = await new TestClient(securedApp()).post('/items', { body: '{"title": 1}', headers: { ...json, authorization: 'Bearer t-ada' } });
  t.equal(response.status, 422);
  const locs = (response.json() as { detail: Array<{ loc: string[] }> }).detail.map((d) => d.loc.join('.'));
  t.same(locs.sort(), ['body.price', 'body.title']);
});

t.test('a rate-limited request with a bad body gets 429 with Retry-After, not 422', async (t) => {
  const app = new App();
  const limit = rateLimit({ limit: 1, windowMs: 60_000, now: () => 0 });
  app.post('/items', { body: Item, dependencies: [limit] }, ({ body }) => body);
  const client = new TestClient(app);
  t.equal((await client.post('/items', { body: '{"title": "a", "price": 1}', headers: json })).status, 200);
  const refused = await client.post('/items', { body: '{"title": 1}', headers: json });
  t.equal(refused.status, 429);
  t.equal(refused.header('retry-after'), '60');
});

t.test('app-level security runs before the body of every declared route', async (t) => {
  const app = new App({ dependencies: [currentUser] });
  app.post('/items', { body: Item }, ({ body }) => body);
  const response = await new TestClient(app).post('/items', { body: '[]', headers: json });
  t.equal(response.status, 401);
});

t.test('the body is not read when a dependency refuses the request', async (t) => {
  let bodyRead = false;
  const app = new App();
  const deny = dependency({}, () => { throw new HTTPException(403, 'no'); });
  app.post('/items', { body: Item, dependencies: [deny] }, () => 'never');
  const client = new TestClient(async (scope, receive, send) => app(scope, async () => { bodyRead = true; return receive(); }, send));
  t.equal((await client.post('/items', { body: '{}', headers: json })).status, 403);
  t.equal(bodyRead, false);
});

t.test('security wins over a bad query parameter too; a dependency reading that parameter is not called', async (t) => {
  const calls: string[] = [];
  const paging = dependency({ query: { limit: Type.Integer({ maximum: 50 }) } }, ({ query }) => { calls.push('paging'); return query.limit; });
  const app = new App();
  app.get('/items', { dependencies: [currentUser], inject: { limit: paging } }, ({ deps }) => deps.limit);
  const client = new TestClient(app);
  t.equal((await client.get('/items?limit=500')).status, 401);
  const invalid = await client.get('/items?limit=500', { headers: { authorization: 'Bearer t-ada' } });
  t.equal(invalid.status, 422);
  t.same((invalid.json() as { detail: Array<{ loc: unknown[] }> }).detail[0]!.loc, ['query', 'limit']);
  t.same(calls, [], 'the provider whose parameter failed was skipped');
  t.equal((await client.get('/items?limit=5', { headers: { authorization: 'Bearer t-ada' } })).json(), 5);
});

t.test('parameter and body errors still arrive together in one 422', async (t) => {
  const app = new App();
  app.post('/items/{id}', { params: { id: Type.Integer() }, body: Item }, ({ body }) => body);
  const response = await new TestClient(app).post('/items/x', { body: '{"price": 1}', headers: json });
  t.equal(response.status, 422);
  t.same((response.json() as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc), [['path', 'id'], ['body', 'title']]);
});

t.test('a WebSocket route whose security dependency refuses is denied at the handshake, not logged as an error', async (t) => {
  const logged: unknown[] = [];
  const app = new App({ dependencies: [currentUser], logger: { error: (message, error) => logged.push([message, error]) } });
  app.websocket('/ws', {}, async ({ websocket }) => { await websocket.accept(); await websocket.close(); });
  const client = new TestClient(app);
  await t.rejects(client.websocket('/ws'), WebSocketDenied);
  t.same(logged, []);
  const open = await client.websocket('/ws', { headers: { authorization: 'Bearer t-ada' } });
  await open.close();
});
