/**
 * Micro-batching in the running service: coalescing under concurrency, batching off, overload.
 * That a lone request does not wait for company is a structural property tested without a clock
 * in `test/classifier/batching/micro-batcher.test.ts`; its latency on and off is measured by the
 * benchmark (`bench/`, rows "POST /predict (1 client)" of tagifai and tagifai-nobatch).
 */
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
