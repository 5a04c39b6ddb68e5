import t from 'tap';
import { parsePrometheus } from '../metrics/prometheus-parser.js';
import { startService, type RunningService } from './service-harness.js';

/** The batch-size histogram's count and sum, from /metrics. */
async function batchStats(service: RunningService): Promise<{ runs: number; singles: number }> {
  const family = parsePrometheus((await service.request('/metrics')).text).find((f) => f.name === 'tagifai_inference_batch_size')!;
  const series = family.metrics[0];
  if (series === undefined) return { runs: 0, singles: 0 };
  return { runs: Number(series.buckets!['+Inf']), singles: Number(series.buckets!['1']) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

t.test('concurrent requests are coalesced into fewer model runs (batch sizes > 1)', async (t) => {
  const service = await startService(t, { batching: true });
  const before = await batchStats(service);
  const responses = await Promise.all(
    Array.from({ length: 64 }, (_, i) => service.request('/predict', { json: { title: `Concurrent project ${i} on image segmentation` } })),
  );
  t.ok(responses.every((r) => r.status === 200));
  const after = await batchStats(service);
  const runs = after.runs - before.runs;
  t.ok(runs < 64, `64 requests took ${runs} model runs`);
  t.ok(after.singles - before.singles < runs, 'at least one run held more than one request');
  t.comment(`64 concurrent requests → ${runs} runs (mean batch ${(64 / runs).toFixed(1)})`);
});

t.test('with batching off every request is its own run', async (t) => {
  const service = await startService(t, { batching: false });
  await Promise.all(Array.from({ length: 16 }, (_, i) => service.request('/predict', { json: { title: `Project ${i}` } })));
  t.equal((await batchStats(service)).runs, 16);
});

t.test('a lone request is about as fast with batching on as off (medians recorded)', async (t) => {
  const timings: Record<string, number> = {};
  for (const batching of [true, false]) {
    const service = await startService(t, { batching });
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      await service.request('/predict', { json: { title: `Lone request ${i} about transformers` } });
      if (i >= 5) samples.push(performance.now() - started);
    }
    timings[batching ? 'on' : 'off'] = median(samples);
    await service.server.close();
  }
  t.comment(`lone-request median latency: batching on ${timings.on!.toFixed(2)} ms, off ${timings.off!.toFixed(2)} ms`);
  // A generous bound: the machine is shared, so only a gross regression (waiting for company)
  // should fail this — a batcher lingering even 5 ms would.
  t.ok(timings.on! < timings.off! * 1.5 + 2, `on ${timings.on} ms vs off ${timings.off} ms`);
});

t.test('a full inference queue answers 503 with Retry-After instead of waiting', async (t) => {
  const service = await startService(t, { maxQueue: 4, maxBatchSize: 4 });
  const items = Array.from({ length: 1000 }, (_, i) => ({ title: `Batch item ${i} on speech recognition`, description: 'audio '.repeat(50) }));
  const responses = await Promise.all(Array.from({ length: 12 }, () => service.request('/predict/batch', { json: { items: items.slice(0, 3) } })).concat(
    Array.from({ length: 4 }, () => service.request('/predict/batch', { json: { items } })),
  ));
  const statuses = responses.map((r) => r.status);
  t.ok(statuses.includes(503), `statuses: ${statuses.join(',')}`);
  const refused = responses.find((r) => r.status === 503)!;
  t.equal(refused.headers.get('retry-after'), '1');
  t.match(refused.body.detail, /queue is full/);
  t.ok(statuses.every((s) => s === 200 || s === 503));
  t.equal((await service.request('/predict', { json: { title: 'after the storm' } })).status, 200, 'serving resumes');
});
