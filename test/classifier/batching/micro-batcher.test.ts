import t from 'tap';
import { MicroBatcher } from '../../../src/classifier/batching/micro-batcher.js';
import { BatcherClosedError, OverloadedError } from '../../../src/classifier/errors.js';

/** A fake model: records each run's rows and answers after `gate` opens (or at once). */
function fakeModel(options: { manual?: boolean } = {}) {
  const runs: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (rows: number[]): Promise<string[]> => {
    runs.push(rows);
    if (options.manual) await new Promise<void>((resolve) => gates.push(resolve));
    return rows.map((row) => `out-${row}`);
  };
  const release = () => gates.splice(0).forEach((open) => open());
  return { runs, run, release, waiting: () => gates.length };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

t.test('dispatches a lone request at once, without waiting for company', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run, { maxWaitMs: 0 });
  const answer = batcher.submit([1]);
  // One microtask turn later the run has started: no timer, no I/O turn, no waiting for others.
  await Promise.resolve();
  t.same(model.runs, [[1]]);
  model.release();
  t.same(await answer, ['out-1']);
});

t.test('a lone request on an idle batcher runs before any timer or I/O callback could fire', async (t) => {
  // The structural reason batching costs a lone request nothing: its run starts in the same turn
  // of the event loop as the submit (a microtask later), never after a timer. Callbacks queued
  // before the submit — a 0 ms timer, an immediate — record whether they got in first.
  const order: string[] = [];
  const batcher = new MicroBatcher(async (rows: number[]) => (order.push(`run ${rows.join(',')}`), rows));
  const fired = Promise.all([
    new Promise<void>((resolve) => setTimeout(() => (order.push('timer'), resolve()), 0)),
    new Promise<void>((resolve) => setImmediate(() => (order.push('immediate'), resolve()))),
  ]);
  const answer = batcher.submit([7]);
  order.push('submitted');
  t.same(await answer, [7]);
  await fired;
  t.same(order.slice(0, 2), ['submitted', 'run 7']);
  t.same(batcher.stats(), { runs: 1, items: 1, largestBatch: 1, isolations: 0, queued: 0 });
});

t.test('the default settings never start a wait timer', async (t) => {
  // maxWaitMs defaults to 0 (the service's default too): count timers armed during submit and run.
  const armed: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => (armed.push(ms ?? 0), realSetTimeout(callback, ms))) as typeof setTimeout;
  try {
    const batcher = new MicroBatcher(async (rows: number[]) => rows);
    await batcher.submit([1]);
    await Promise.all([batcher.submit([2]), batcher.submit([3])]);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  t.same(armed, []);
});

t.test('coalesces requests submitted in the same tick into one run', async (t) => {
  const model = fakeModel();
  const batcher = new MicroBatcher(model.run);
  const answers = await Promise.all([batcher.submit([1]), batcher.submit([2, 3]), batcher.submit([4])]);
  t.same(answers, [['out-1'], ['out-2', 'out-3'], ['out-4']]);
  t.same(model.runs, [[1, 2, 3, 4]]);
  t.equal(batcher.stats().largestBatch, 4);
});

t.test('coalesces what queues while a run is in flight into the next run', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run);
  const first = batcher.submit([1]);
  await tick();
  t.equal(model.waiting(), 1, 'the first run started alone');
  const later = [batcher.submit([2]), batcher.submit([3]), batcher.submit([4])];
  await tick();
  t.equal(batcher.stats().queued, 3);
  model.release();
  t.same(await first, ['out-1']);
  await tick();
  model.release();
  t.same(await Promise.all(later), [['out-2'], ['out-3'], ['out-4']]);
  t.same(model.runs, [[1], [2, 3, 4]]);
});

t.test('a finished run\'s answers reach their callers before the next run starts', async (t) => {
  const order: string[] = [];
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(async (rows: number[]) => (order.push(`run ${rows.join(',')}`), model.run(rows)));
  // A caller several awaits deep, like a route handler: envelope, serialise, send.
  const caller = async (row: number) => {
    const [answer] = await batcher.submit([row]);
    for (let hop = 0; hop < 5; hop++) await Promise.resolve();
    order.push(`answered ${answer}`);
  };
  const first = caller(1);
  await tick();
  const queued = [caller(2), caller(3)];
  model.release();
  await first;
  await tick();
  model.release();
  await Promise.all(queued);
  t.same(order, ['run 1', 'answered out-1', 'run 2,3', 'answered out-2', 'answered out-3']);
});

t.test('a request arriving just after a run finished joins the queued ones in the next run', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run);
  const first = batcher.submit([1]);
  await tick();
  const queued = batcher.submit([2]);
  model.release();
  await first;
  // Later in the same turn, e.g. a request read by the I/O phase before the next batch left.
  const late = batcher.submit([3]);
  await tick();
  model.release();
  t.same(await Promise.all([queued, late]), [['out-2'], ['out-3']]);
  t.same(model.runs, [[1], [2, 3]]);
});

t.test('never puts more than maxBatchSize items in a run, but runs a larger request whole', async (t) => {
  const model = fakeModel();
  const batcher = new MicroBatcher(model.run, { maxBatchSize: 3 });
  await Promise.all([batcher.submit([1, 2]), batcher.submit([3, 4]), batcher.submit([5, 6, 7, 8])]);
  t.same(model.runs, [[1, 2], [3, 4], [5, 6, 7, 8]]);
});

t.test('lingers up to maxWaitMs for company when configured to', async (t) => {
  const model = fakeModel();
  const batcher = new MicroBatcher(model.run, { maxWaitMs: 20 });
  const first = batcher.submit([1]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = batcher.submit([2]);
  await Promise.all([first, second]);
  t.same(model.runs, [[1, 2]]);
});

t.test('refuses work with OverloadedError once the queue is full', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run, { maxQueue: 2, retryAfterSeconds: 3 });
  const running = batcher.submit([1]);
  await tick();
  const queued = batcher.submit([2, 3]);
  const error = await batcher.submit([4]).catch((e: unknown) => e);
  t.ok(error instanceof OverloadedError);
  t.equal((error as OverloadedError).status, 503);
  t.equal((error as OverloadedError).retryAfterSeconds, 3);
  model.release();
  await running;
  await tick();
  model.release();
  t.same(await queued, ['out-2', 'out-3']);
});

t.test('runs each request alone and concurrently when batching is off', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run, { enabled: false, maxQueue: 2 });
  const a = batcher.submit([1]);
  const b = batcher.submit([2]);
  t.equal(model.waiting(), 2, 'both runs started');
  await t.rejects(batcher.submit([3]), OverloadedError);
  model.release();
  t.same(await Promise.all([a, b]), [['out-1'], ['out-2']]);
  t.same(model.runs, [[1], [2]]);
});

t.test('rejects every request of a run that fails, then keeps serving', async (t) => {
  let fail = true;
  const batcher = new MicroBatcher(async (rows: number[]) => {
    if (fail) throw new Error('model exploded');
    return rows;
  });
  const results = await Promise.allSettled([batcher.submit([1]), batcher.submit([2])]);
  t.same(results.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  t.same(await batcher.submit([5]), [5]);
});

t.test('rejects a run whose result count does not match its inputs', async (t) => {
  const batcher = new MicroBatcher(async () => [1]);
  await t.rejects(batcher.submit([1, 2]), /returned 1 results for 2 inputs/);
});

t.test('reports batch sizes and queue depth to its observers', async (t) => {
  const sizes: number[] = [];
  const depths: number[] = [];
  const batcher = new MicroBatcher(async (rows: number[]) => rows, {
    onBatch: (size) => sizes.push(size),
    onQueueDepth: (depth) => depths.push(depth),
  });
  await Promise.all([batcher.submit([1]), batcher.submit([2, 3])]);
  t.same(sizes, [3]);
  t.same(depths, [1, 3, 0]);
});

t.test('close fails queued requests, waits for the run in flight and refuses new ones', async (t) => {
  const model = fakeModel({ manual: true });
  const batcher = new MicroBatcher(model.run);
  const running = batcher.submit([1]);
  await tick();
  const queued = batcher.submit([2]);
  const closing = batcher.close();
  await t.rejects(queued, BatcherClosedError);
  model.release();
  await closing;
  t.same(await running, ['out-1']);
  await t.rejects(batcher.submit([3]), BatcherClosedError);
});
