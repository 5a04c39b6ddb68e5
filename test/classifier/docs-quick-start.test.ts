/**
 * docs/classifier.md's quick start shows a request and the answer the committed model gives it;
 * this test runs that request through the model so the figures in the docs cannot drift from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Predictor } from '../../src/classifier/model/index.js';
import { COMMITTED_MODEL_DIR } from './isolated-environment.js';

const quickStart = readFileSync(join(import.meta.dirname, '../../docs/classifier.md'), 'utf8').split('\n## ')[1]!;

t.test('the quick-start answer in docs/classifier.md is what the committed model returns for its request', async (t) => {
  const request = JSON.parse(/-d '(\{.*\})'/.exec(quickStart)![1]!);
  const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(quickStart)![1]!);
  const predictor = await Predictor.load(COMMITTED_MODEL_DIR);
  t.teardown(() => predictor.close());
  const [actual] = await predictor.predict([request]);
  const [documented] = shown.data.results;
  t.equal(documented.prediction, actual!.prediction);
  for (const [label, probability] of Object.entries(actual!.probabilities)) {
    t.ok(Math.abs(documented.probabilities[label] - probability) < 1e-6, `${label}: docs ${documented.probabilities[label]}, model ${probability}`);
  }
  t.same(shown.data.model, { id: predictor.id, version: predictor.metadata.version });
});
