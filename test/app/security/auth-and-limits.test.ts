// Security as dependencies: Bearer and API-key auth (401 with a challenge, 403), a rate limiter
// (429 + Retry-After), and a resource from lifespan state.
import t from 'tap';
import { App } from '../../../src/app/index.js';
import { httpBearer, requirePermission } from '../../../src/app/security/http-bearer.js';
import { apiKey } from '../../../src/app/security/api-key.js';
import { rateLimit } from '../../../src/app/security/rate-limit.js';
import { fromState } from '../../../src/app/security/lifespan-resource.js';
import { TestClient } from '../../../src/protocol/index.js';

const users = new Map([['t-ada', { name: 'ada', admin: true }], ['t-bob', { name: 'bob', admin: false }]]);
const currentUser = httpBearer({ verify: (token) => users.get(token) ?? null, realm: 'items' });
const adminUser = requirePermission(currentUser, (user) => user.admin, 'admin');

function authApp(): App {
  const app = new App();
  app.get('/me', { inject: { user: currentUser } }, ({ deps }) => deps.user);
  app.delete('/items/{id}', { inject: { user: adminUser } }, ({ deps }) => ({ deletedBy: deps.user.name }));
  app.get('/keyed', { inject: { client: apiKey({ in: 'header', name: 'x-api-key', verify: (key) => (key === 'k1' ? 'client-1' : null) }) } },
    ({ deps }) => ({ client: deps.client }));
  return app;
}

t.test('no bearer token is a 401 with a WWW-Authenticate challenge', async (t) => {
  const response = await new TestClient(authApp()).get('/me');
  t.equal(response.status, 401);
  t.equal(response.header('www-authenticate'), 'Bearer realm="items"');
});

t.test('an unknown bearer token is a 401 invalid_token', async (t) => {
  const response = await new TestClient(authApp()).get('/me', { headers: { authorization: 'Bearer nope' } });
  t.equal(response.status, 401);
  t.equal(response.header('www-authenticate'), 'Bearer realm="items", error="invalid_token"');
});

t.test('a valid bearer token reaches the handler as the principal', async (t) => {
  const response = await new TestClient(authApp()).get('/me', { headers: { authorization: 'Bearer t-ada' } });
  t.same(response.json(), { name: 'ada', admin: true });
});

t.test('an authenticated user without the permission is a 403', async (t) => {
  const client = new TestClient(authApp());
  t.equal((await client.delete('/items/1', { headers: { authorization: 'Bearer t-bob' } })).status, 403);
  t.same((await client.delete('/items/1', { headers: { authorization: 'Bearer t-ada' } })).json(), { deletedBy: 'ada' });
});

t.test('API keys: missing is 401 naming where to send it, wrong is 403, right passes', async (t) => {
  const client = new TestClient(authApp());
  const missing = await client.get('/keyed');
  t.equal(missing.status, 401);
  t.equal(missing.header('www-authenticate'), 'APIKey header="x-api-key"');
  t.equal((await client.get('/keyed', { headers: { 'x-api-key': 'bad' } })).status, 403);
  t.same((await client.get('/keyed', { headers: { 'x-api-key': 'k1' } })).json(), { client: 'client-1' });
});

t.test('the rate limiter answers 429 with Retry-After once the window is used up', async (t) => {
  let now = 1_000;
  const app = new App();
  app.get('/limited', { inject: { limit: rateLimit({ limit: 2, windowMs: 10_000, now: () => now }) } }, ({ deps }) => deps.limit);
  const client = new TestClient(app);
  t.same((await client.get('/limited')).json(), { remaining: 1, resetMs: 10_000 });
  t.equal((await client.get('/limited')).status, 200);
  now += 2_500;
  const refused = await client.get('/limited');
  t.equal(refused.status, 429);
  t.equal(refused.header('retry-after'), '8');
  now += 7_500;
  t.equal((await client.get('/limited')).status, 200);
});

t.test('a resource opened by the lifespan is injected by name', async (t) => {
  const db = fromState<{ count: () => number }>('db');
  const app = new App<{ db: { count: () => number } }>({
    lifespan: async function* () { yield { db: { count: () => 3 } }; },
  });
  app.get('/count', { inject: { db } }, ({ deps }) => ({ count: deps.db.count() }));
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.same((await client.get('/count')).json(), { count: 3 });
  await lifespan.shutdown();
});

t.test('an API key repeated in the query string is read from its last value, as FastAPI reads query_params', async (t) => {
  const app = new App();
  app.get('/keyed', { inject: { client: apiKey({ in: 'query', name: 'key', verify: (key) => (key === 'k1' ? 'client-1' : null) }) } },
    ({ deps }) => ({ client: deps.client }));
  const client = new TestClient(app);
  t.same((await client.get('/keyed?key=wrong&key=k1')).json(), { client: 'client-1' });
  t.equal((await client.get('/keyed?key=k1&key=wrong')).status, 403);
});
