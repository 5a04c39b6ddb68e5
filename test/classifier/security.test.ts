import t from 'tap';
import { ApiKeyAuth, authError } from '../../src/classifier/security/api-key-auth.js';
import { RateLimiter } from '../../src/classifier/security/rate-limiter.js';

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

t.test('the rate limiter allows N per window per client, then says how long to wait', async (t) => {
  let now = 1_000_000;
  const limiter = new RateLimiter({ requests: 2, windowSeconds: 10 }, () => now);
  t.same(limiter.hit('a'), { allowed: true });
  t.same(limiter.hit('a'), { allowed: true });
  t.same(limiter.hit('b'), { allowed: true }, 'clients are counted apart');
  now += 4000;
  t.same(limiter.hit('a'), { allowed: false, retryAfterSeconds: 6 });
  now += 6000;
  t.same(limiter.hit('a'), { allowed: true }, 'a new window starts afresh');
});
