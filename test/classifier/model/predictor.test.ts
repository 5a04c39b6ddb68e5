/**
 * The Predictor over a freshly trained and exported fixture model: the ONNX graph must give the
 * in-memory model's probabilities, batches must equal single predictions, and bad model files
 * must fail loudly, naming the file.
 */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ModelLoadError, Predictor } from '../../../src/classifier/model/index.js';
import { probabilitiesOf } from '../../../src/classifier/training/softmax-regression.js';
import { writeModelVersion } from '../../../src/classifier/training/write-model.js';
import { tinyDataset, trainTiny } from '../training/tiny-model.js';

const dataset = tinyDataset();
const trained = trainTiny(dataset);
const root = mkdtempSync(join(tmpdir(), 'tagifai-models-'));
const dir = join(root, 'v3');
writeModelVersion(trained, dataset, dir, new Date('2026-01-01T00:00:00Z'));
const predictor = await Predictor.load(dir);
t.teardown(async () => {
  await predictor.close();
  rmSync(root, { recursive: true });
});

const probes = [
  { title: 'Object detection for drones', description: 'Detect cars in camera images.' },
  { title: 'Serving models in production', description: 'Deploy and monitor with Docker.' },
  { title: 'Summarize text with BERT' },
  { title: 'Graph embeddings', description: 'Reinforcement learning agents on graphs.' },
  { title: 'zzz qqq', description: '' },
];

t.test('exported ONNX probabilities equal the in-memory model within 1e-5', async (t) => {
  const results = await predictor.predict(probes);
  probes.forEach((probe, i) => {
    const expected = probabilitiesOf(trained.model, trained.featurizer.transform(probe.title, probe.description ?? ''));
    trained.labels.forEach((label, c) => {
      t.ok(Math.abs(results[i]!.probabilities[label]! - expected[c]!) < 1e-5, `${probe.title} / ${label}`);
    });
  });
});

t.test('predicts the obvious class of each fixture-like project', async (t) => {
  const results = await predictor.predict(probes.slice(0, 4));
  t.same(results.map((r) => r.prediction), ['computer-vision', 'mlops', 'natural-language-processing', 'other']);
});

t.test('a batch gives the same answers as one-by-one predictions, in input order', async (t) => {
  const batch = await predictor.predict(probes);
  for (const [i, probe] of probes.entries()) {
    const [single] = await predictor.predict([probe]);
    for (const label of predictor.labels) t.ok(Math.abs(single!.probabilities[label]! - batch[i]!.probabilities[label]!) < 1e-6);
  }
});

t.test('probabilities cover every label and sum to 1', async (t) => {
  const [result] = await predictor.predict([probes[0]!]);
  t.same(Object.keys(result!.probabilities), predictor.labels);
  const sum = Object.values(result!.probabilities).reduce((a, b) => a + b, 0);
  t.ok(Math.abs(sum - 1) < 1e-5);
});

t.test('exposes the version directory name, labels in model order and metadata', async (t) => {
  t.equal(predictor.id, 'v3');
  t.same(predictor.labels, ['computer-vision', 'mlops', 'natural-language-processing', 'other']);
  t.equal(predictor.metadata.trainingData.sha256, dataset.sha256);
  t.equal(predictor.metadata.createdAt, '2026-01-01T00:00:00.000Z');
});

t.test('an empty list predicts nothing without running the model', async (t) => {
  t.same(await predictor.predict([]), []);
});

t.test('below the threshold the label becomes other and the probabilities stay', async (t) => {
  const strict = await Predictor.load(dir, { threshold: 0.999 });
  t.teardown(() => strict.close());
  const [plain] = await predictor.predict([probes[0]!]);
  const [thresholded] = await strict.predict([probes[0]!]);
  t.equal(plain!.prediction, 'computer-vision');
  t.equal(thresholded!.prediction, 'other');
  t.same(thresholded!.probabilities, plain!.probabilities);
});

t.test('a missing model.onnx fails with ModelLoadError naming the file', async (t) => {
  const broken = join(root, 'v4');
  mkdirSync(broken);
  writeFileSync(join(broken, 'metadata.json'), readFileSync(join(dir, 'metadata.json')));
  const error = await Predictor.load(broken).catch((e: unknown) => e);
  t.type(error, ModelLoadError);
  t.match((error as ModelLoadError).message, join(broken, 'model.onnx'));
});

t.test('a corrupt model.onnx fails with ModelLoadError naming the file', async (t) => {
  const broken = join(root, 'v5');
  mkdirSync(broken);
  writeFileSync(join(broken, 'metadata.json'), readFileSync(join(dir, 'metadata.json')));
  writeFileSync(join(broken, 'model.onnx'), 'not a protobuf');
  const error = await Predictor.load(broken).catch((e: unknown) => e);
  t.type(error, ModelLoadError);
  t.equal((error as ModelLoadError).file, join(broken, 'model.onnx'));
});

t.test('a missing or malformed metadata.json fails with ModelLoadError naming it', async (t) => {
  const broken = join(root, 'v6');
  mkdirSync(broken);
  writeFileSync(join(broken, 'model.onnx'), readFileSync(join(dir, 'model.onnx')));
  const missing = await Predictor.load(broken).catch((e: unknown) => e);
  t.equal((missing as ModelLoadError).file, join(broken, 'metadata.json'));
  writeFileSync(join(broken, 'metadata.json'), '{"schemaVersion": 1, "labels": ["a"]}');
  const malformed = await Predictor.load(broken).catch((e: unknown) => e);
  t.type(malformed, ModelLoadError);
  t.match((malformed as Error).message, /labels/);
});
