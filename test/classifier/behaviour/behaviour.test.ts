/**
 * Behavioural tests of the committed model (`models/tagifai/<COMMITTED_VERSION>`): minimum functionality,
 * invariance and directional expectations from `cases.ts`, through the Predictor.
 *
 * The version is named, not "the newest under models/tagifai": a user who trains a `v2` while
 * following the docs must not change what `npm test` checks. Committing a new model version means
 * moving `COMMITTED_VERSION` (in `isolated-environment.ts`) to it.
 */
import t from 'tap';
import { Predictor } from '../../../src/classifier/model/index.js';
import { COMMITTED_MODEL_DIR } from '../isolated-environment.js';
import { DIRECTIONAL, INVARIANCE, MINIMUM_FUNCTIONALITY } from './cases.js';

const predictor = await Predictor.load(COMMITTED_MODEL_DIR);
t.teardown(() => predictor.close());

async function labelOf(title: string, description = ''): Promise<string> {
  const [result] = await predictor.predict([{ title, description }]);
  return result!.prediction;
}

t.test('minimum functionality: a plain one-line description of each class gets that class', async (t) => {
  for (const { title, description, label } of MINIMUM_FUNCTIONALITY) t.equal(await labelOf(title, description), label, title);
});

t.test('invariance: swapping a word unrelated to the field keeps the label', async (t) => {
  for (const { template, fillers } of INVARIANCE) {
    const labels = await Promise.all(fillers.map((filler) => labelOf(template.replace('{}', filler))));
    t.equal(new Set(labels).size, 1, `${template}: ${fillers.map((f, i) => `${f}→${labels[i]}`).join(', ')}`);
  }
});

t.test('directional: changing the domain word moves the label to that domain', async (t) => {
  for (const { template, expectations } of DIRECTIONAL) {
    for (const [word, label] of Object.entries(expectations)) t.equal(await labelOf(template.replace('{}', word)), label, template.replace('{}', word));
  }
});
