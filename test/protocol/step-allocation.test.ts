/**
 * The server steps a state machine on every event it writes, so the legal path must create no
 * garbage. Heap sizes are too noisy to assert on; garbage collections are not: a loop that
 * allocates even a few bytes per step triggers many young-generation collections over millions of
 * steps, and a loop that allocates nothing triggers none. A control loop proves the observer works.
 */
import t from 'tap';
import { PerformanceObserver } from 'node:perf_hooks';
import { stepHttpResponse } from '../../src/protocol/response-state.js';
import { stepWebSocket } from '../../src/protocol/websocket-state.js';
import { stepLifespan } from '../../src/protocol/lifespan-state.js';

const start = { type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain'], ['content-length', '4']] };
const chunk = { type: 'http.response.body', body: 'ab', moreBody: true };
const last = { type: 'http.response.body', body: new Uint8Array([1, 2]) };
const message = { type: 'websocket.send', text: 'hello' };
const close = { type: 'websocket.close', code: 1000, reason: 'bye' };
const startupComplete = { type: 'lifespan.startup.complete' };

function legalRound(): boolean {
  const http = stepHttpResponse(stepHttpResponse(stepHttpResponse('idle', start), chunk), last);
  const websocket = stepWebSocket(stepWebSocket('open', message), close);
  const lifespan = stepLifespan('starting', startupComplete);
  // Compared, not concatenated: joining strings would itself allocate.
  return http === 'complete' && websocket === 'closed' && lifespan === 'started';
}

/** Number of garbage collections while `work` runs. */
async function collectionsDuring(work: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => (count += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  work();
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return count;
}

t.test('a million rounds of legal steps run without a single garbage collection', async (t) => {
  t.equal(legalRound(), true);
  for (let i = 0; i < 100_000; i++) legalRound(); // let the JIT optimise first
  const legal = await collectionsDuring(() => {
    for (let i = 0; i < 1_000_000; i++) legalRound();
  });
  let kept: unknown;
  const control = await collectionsDuring(() => {
    for (let i = 0; i < 1_000_000; i++) kept = { chunk: [i, i + 1] };
  });
  t.ok(control >= 3, `the control loop, which allocates, caused ${control} collections (kept ${typeof kept})`);
  t.ok(legal <= 1, `6 million legal steps caused ${legal} collections`);
});
