import t from 'tap';
import { ApiKeyAuth, authError } from '../../src/classifier/security/api-key-auth.js';
import { PredictionSecurity } from '../../src/classifier/security/prediction-security.js';
import { App } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

t.test('with no keys configured every request passes', async (t) => {
  t.same(new ApiKeyAuth([]).checkAuthorization(undefined), { ok: true, key: undefined });
});

t.test('a missing or non-Bearer Authorization is 401 with a Bearer challenge', async (t) => {
  const auth = new ApiKeyAuth(['k1']);
  const missing = auth.checkAuthorization(null);
  t.match(missing, { ok: false, status: 401 });
  t.match(auth.checkAuthorization('Basic abc'), { ok: false, status: 401 });
  if (missing.ok) throw new Error('unreachable');
  const error = authError(missing);
  t.equal(error.status, 401);
  t.same(error.headers, [['www-authenticate', 'Bearer realm="tagifai"']]);
});

t.test('a wrong key is 403 and a right one passes', async (t) => {
  const auth = new ApiKeyAuth(['k1', 'another-longer-key']);
  t.match(auth.checkAuthorization('Bearer nope'), { ok: false, status: 403 });
  t.same(auth.checkAuthorization('bearer another-longer-key'), { ok: true, key: 'another-longer-key' });
});

t.test('a WebSocket client may offer the key as subprotocols "bearer, <key>"', async (t) => {
  const auth = new ApiKeyAuth(['k1']);
  t.same(auth.checkWebSocket(['bearer', 'k1'], undefined), { ok: true, key: 'k1' });
  t.match(auth.checkWebSocket(['bearer', 'k2'], undefined), { ok: false, status: 403 });
  t.match(auth.checkWebSocket([], undefined), { ok: false, status: 401 });
  t.same(auth.checkWebSocket([], 'Bearer k1'), { ok: true, key: 'k1' });
});

/** An app with one route guarded by the security dependencies, as the service declares them. */
function guarded(security: PredictionSecurity) {
  const app = new App();
  app.post('/predict', { dependencies: security.dependencies }, () => ({ ok: true }));
  return new TestClient(app);
}

t.test('with nothing configured there are no security dependencies', async (t) => {
  t.same(new PredictionSecurity(new ApiKeyAuth([]), undefined).dependencies, []);
});

t.test('the key is checked first (401 with challenge, 403), then the limit (429 + Retry-After)', async (t) => {
  const client = guarded(new PredictionSecurity(new ApiKeyAuth(['k1']), { requests: 1, windowSeconds: 60 }));
  const missing = await client.post('/predict');
  t.equal(missing.status, 401);
  t.equal(missing.header('www-authenticate'), 'Bearer realm="tagifai"');
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer k2' } })).status, 403);
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer k1' } })).status, 200);
  const limited = await client.post('/predict', { headers: { authorization: 'Bearer k1' } });
  t.equal(limited.status, 429);
  t.ok(Number(limited.header('retry-after')) >= 1);
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer nope' } })).status, 403, 'a wrong key is refused before it is counted');
});

t.test('with auth off, invented tokens do not buy a client a fresh limit', async (t) => {
  const client = guarded(new PredictionSecurity(new ApiKeyAuth([]), { requests: 2, windowSeconds: 60 }));
  const statuses = [];
  for (const token of ['a', 'b', 'c']) statuses.push((await client.post('/predict', { headers: { authorization: `Bearer ${token}` } })).status);
  t.same(statuses, [200, 200, 429]);
});

t.test('with auth on, each key has its own limit', async (t) => {
  const client = guarded(new PredictionSecurity(new ApiKeyAuth(['k1', 'k2']), { requests: 1, windowSeconds: 60 }));
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer k1' } })).status, 200);
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer k2' } })).status, 200);
  t.equal((await client.post('/predict', { headers: { authorization: 'Bearer k1' } })).status, 429);
});
