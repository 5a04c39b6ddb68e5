// The rate limiter under a flood of distinct keys (one per client address): constant work per
// request, bounded memory, and the counts of live windows kept. Before, every new key past
// 10,000 swept the whole Map, so 40,000 keys in one window took about 12 s of CPU.
import t from 'tap';
import { App, rateLimit } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

/** Calls the limiter's provider directly for `key`, as a route would for one request. */
function hit(limiter: ReturnType<typeof rateLimit>, key: string): unknown {
  return limiter.provide({ request: { key } } as never);
}

t.test('50,000 distinct keys in one window cost constant time each', async (t) => {
  const limiter = rateLimit({ limit: 5, windowMs: 60_000, now: () => 0, key: (request) => (request as unknown as { key: string }).key });
  const started = performance.now();
  for (let i = 0; i < 50_000; i++) hit(limiter, `client-${i}`);
  const elapsed = performance.now() - started;
  t.ok(elapsed < 1_500, `took ${elapsed.toFixed(0)} ms`);
});

t.test('past maxKeys the oldest window is forgotten, and live windows keep their counts', async (t) => {
  let now = 0;
  const app = new App();
  const limiter = rateLimit({ limit: 1, windowMs: 1_000, maxKeys: 3, now: () => now, key: (request) => request.headers.get('x-client') ?? '' });
  app.get('/', { inject: { limit: limiter } }, ({ deps }) => deps.limit);
  const client = new TestClient(app);
  const as = (name: string) => client.get('/', { headers: { 'x-client': name } });
  t.equal((await as('a')).status, 200);
  t.equal((await as('b')).status, 200);
  t.equal((await as('a')).status, 429, 'a has used its window');
  t.equal((await as('b')).status, 429);
  t.equal((await as('c')).status, 200);
  t.equal((await as('d')).status, 200, 'a fourth key pushes out the oldest window, a');
  t.equal((await as('a')).status, 200, 'a starts over');
  t.equal((await as('c')).status, 429, 'c is still counted');
  now = 1_000;
  t.equal((await as('c')).status, 200, 'a new window opens when the old one ends');
});
