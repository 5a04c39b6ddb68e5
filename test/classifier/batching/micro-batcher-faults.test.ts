/**
 * Fault isolation in the micro-batcher, with the committed model and real onnxruntime: a request
 * whose input makes the ONNX graph fail must not take the requests it shared a run with down too.
 *
 * The fault is injected below the batcher, in the tensors: the run function featurizes as the
 * service does, then points one poisoned row's first feature id past the end of the weight matrix,
 * so onnxruntime's Gather node rejects the whole run — the way a real bad input would.
 */
import t from 'tap';
import { MicroBatcher } from '../../../src/classifier/batching/micro-batcher.js';
import { Predictor, type Prediction, type PredictionInput } from '../../../src/classifier/model/index.js';
import { COMMITTED_MODEL_DIR } from '../isolated-environment.js';

const POISON = 'poisoned project';
const predictor = await Predictor.load(COMMITTED_MODEL_DIR);
t.teardown(() => predictor.close());

/** `predictor.predict`, except that rows titled POISON get an out-of-range feature id. */
const runs: number[] = [];
async function runWithFault(rows: PredictionInput[]): Promise<Prediction[]> {
  runs.push(rows.length);
  const batch = predictor.featurize(rows);
  rows.forEach((row, i) => {
    if (row.title === POISON) batch.ids[i * batch.width] = 10n ** 12n;
  });
  return predictor.decode(await predictor.runBatch(batch), batch.rows);
}

const healthy = [
  { title: 'Object detection for drones', description: 'cars in aerial images' },
  { title: 'Summarising news with T5', description: 'abstractive summarisation' },
  { title: 'Feature store for real-time models', description: 'serving and monitoring' },
];

t.test('a fault in a shared run fails only the request that caused it; the others get their answers', async (t) => {
  runs.length = 0;
  const batcher = new MicroBatcher(runWithFault, { maxBatchSize: 64 });
  const expected = await predictor.predict(healthy);
  // Submitted in one tick, so all four share the first run: two lone requests, the poison, a pair.
  const outcomes = await Promise.allSettled([
    batcher.submit([healthy[0]!]),
    batcher.submit([{ title: POISON }]),
    batcher.submit([healthy[1]!]),
    batcher.submit([healthy[2]!, healthy[0]!]),
  ]);
  t.same(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  t.match((outcomes[1] as PromiseRejectedResult).reason.message, /out of data bounds/, 'the real onnxruntime error reaches the bad request');
  const answers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
  t.same(answers[0]![0]!.prediction, expected[0]!.prediction);
  t.same(answers[2]![0]!.prediction, expected[1]!.prediction);
  t.same(answers[3]!.map((p) => p.prediction), [expected[2]!.prediction, expected[0]!.prediction]);
  for (const [index, answer] of [[0, answers[0]![0]!], [1, answers[2]![0]!]] as const) {
    for (const label of predictor.labels) t.ok(Math.abs(answer.probabilities[label]! - expected[index]!.probabilities[label]!) < 1e-6);
  }
  t.same(runs, [5, 1, 1, 1, 2], 'one shared run of 5 rows, then each request alone');
  t.equal(batcher.stats().isolations, 1);
});

t.test('after an isolated fault the batcher goes back to shared runs', async (t) => {
  runs.length = 0;
  const batcher = new MicroBatcher(runWithFault);
  await Promise.allSettled([batcher.submit([{ title: POISON }]), batcher.submit([healthy[0]!])]);
  const answers = await Promise.all([batcher.submit([healthy[1]!]), batcher.submit([healthy[2]!])]);
  t.equal(answers.length, 2);
  t.same(runs, [2, 1, 1, 2], 'the healthy pair shares one run again');
});

t.test('a lone failing request is not run twice', async (t) => {
  runs.length = 0;
  const batcher = new MicroBatcher(runWithFault);
  await t.rejects(batcher.submit([healthy[0]!, { title: POISON }]), /out of data bounds/);
  t.same(runs, [2]);
  t.equal(batcher.stats().isolations, 0);
});

t.test('a request whose own items include the fault fails whole, as one answer', async (t) => {
  runs.length = 0;
  const batcher = new MicroBatcher(runWithFault);
  const [mixed, clean] = await Promise.allSettled([batcher.submit([healthy[0]!, { title: POISON }, healthy[1]!]), batcher.submit([healthy[2]!])]);
  t.equal(mixed.status, 'rejected');
  t.equal(clean.status, 'fulfilled');
  t.same(runs, [4, 3, 1]);
});
