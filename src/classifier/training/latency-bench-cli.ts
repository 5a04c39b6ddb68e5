/**
 * `node dist/src/classifier/training/latency-bench-cli.js [--model v1] [--iterations 2000]`:
 * measures how long one prediction takes (text → probabilities) through the Predictor.
 *
 * A bench, not a test: timings depend on the machine and its load, so they are printed, not
 * asserted. Run it pinned to one core (`taskset -c 0 node ...`) with onnxruntime on one thread,
 * the way a service worker runs. Featurization (JavaScript) and the onnxruntime run are timed
 * separately, because either can dominate; a batch of 32 shows what micro-batching buys.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { latestModelVersion } from '../model/model-registry.js';
import { Predictor, type PredictionInput } from '../model/predictor.js';
import { integerFlag, parseFlags, runCli, UsageError } from './cli-args.js';

const SAMPLES: PredictionInput[] = [
  { title: 'Real-time object detection on the edge', description: 'YOLO models pruned and quantised to run on a Raspberry Pi camera at 30 frames per second.' },
  { title: 'Fine-tuning BERT for legal documents', description: 'A walkthrough of domain adaptation for contract classification with Hugging Face transformers.' },
  { title: 'Monitoring drift in production models', description: 'Detect data and concept drift, alert on it and retrain automatically with a feature store.' },
  { title: 'Graph attention networks explained', description: 'Message passing, attention over neighbours and node classification benchmarks.' },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summary(name: string, microseconds: number[]): string {
  const sorted = [...microseconds].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `${name.padEnd(22)} median ${percentile(sorted, 0.5).toFixed(1).padStart(7)} µs   p99 ${percentile(sorted, 0.99).toFixed(1).padStart(7)} µs   mean ${mean.toFixed(1).padStart(7)} µs`;
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, ['model', 'models', 'iterations']);
  const root = flags.models ?? 'models/tagifai';
  const version = flags.model ?? latestModelVersion(root);
  if (version === undefined) throw new UsageError(`no model versions under ${root}`);
  const iterations = integerFlag(flags, 'iterations', 2000);
  const predictor = await Predictor.load(join(root, version), { intraOpThreads: 1 });
  const featurize: number[] = [];
  const run: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < iterations + 200; i++) {
    const item = SAMPLES[i % SAMPLES.length]!;
    const start = performance.now();
    const batch = predictor.featurize([item]);
    const featurized = performance.now();
    predictor.decode(await predictor.runBatch(batch), 1);
    const end = performance.now();
    if (i < 200) continue; // warm-up: JIT and onnxruntime's first runs
    featurize.push(1000 * (featurized - start));
    run.push(1000 * (end - featurized));
    total.push(1000 * (end - start));
  }
  const batch32 = Array.from({ length: 32 }, (_, i) => SAMPLES[i % SAMPLES.length]!);
  const batchTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await predictor.predict(batch32);
    batchTimes.push(1000 * (performance.now() - start));
  }
  console.log(`model ${predictor.id}: ${predictor.metadata.features.size} features, ${iterations} single predictions`);
  console.log(summary('featurize (JS)', featurize));
  console.log(summary('onnxruntime run', run));
  console.log(summary('single prediction', total));
  console.log(summary('batch of 32', batchTimes));
  const median32 = [...batchTimes].sort((a, b) => a - b)[batchTimes.length >> 1]!;
  console.log(`batch of 32: ${((32 * 1e6) / median32).toFixed(0)} predictions/s`);
  await predictor.close();
}


const USAGE = `usage: node dist/src/classifier/training/latency-bench-cli.js [--model v1] [--iterations 2000]`;

void runCli('latency-bench', USAGE, main);
