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
  // Both services run at once and requests alternate between them, so load from other processes
  // on this shared machine falls on both sides alike.
  const services = { on: await startService(t, { batching: true }), off: await startService(t, { batching: false }) };
  const samples: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let i = 0; i < 60; i++) {
    for (const mode of ['on', 'off'] as const) {
      const started = performance.now();
      await services[mode].request('/predict', { json: { title: `Lone request ${i} about transformers` } });
      if (i >= 10) samples[mode].push(performance.now() - started);
    }
  }
  const on = median(samples.on);
  const off = median(samples.off);
  t.comment(`lone-request median latency: batching on ${on.toFixed(2)} ms, off ${off.toFixed(2)} ms (ratio ${(on / off).toFixed(2)})`);
  // Generous on purpose (shared machine): only a gross regression — a batcher that waits for
  // company, even a few milliseconds — should fail this.
  t.ok(on < off * 1.5 + 3, `on ${on.toFixed(2)} ms vs off ${off.toFixed(2)} ms`);
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
