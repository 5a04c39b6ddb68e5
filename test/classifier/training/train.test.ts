/**
 * The training pipeline on the tiny fixture: determinism, honest selection and calibration.
 */
import t from 'tap';
import { TAGIFAI_LABELS } from '../../../src/classifier/training/dataset.js';
import { selectCandidate, type CandidateResult } from '../../../src/classifier/training/cross-validation.js';
import { tinyDataset, trainTiny } from './tiny-model.js';

const dataset = tinyDataset();
const first = trainTiny(dataset, 11);

t.test('the same data and seed give bit-identical weights, vocabulary and CV scores', async (t) => {
  const second = trainTiny(dataset, 11);
  t.same([...second.model.weights], [...first.model.weights]);
  t.same([...second.model.bias], [...first.model.bias]);
  t.same(second.vocabularies, first.vocabularies);
  t.same(second.cv, first.cv);
});

t.test('a different seed reshuffles the folds, so the fold scores may differ but the labels stay', async (t) => {
  const other = trainTiny(dataset, 12);
  t.same(other.labels, TAGIFAI_LABELS);
  t.equal(other.cv.seed, 12);
});

t.test('records every candidate with a mean and spread over repeats × folds', async (t) => {
  t.equal(first.cv.candidates.length, 2);
  t.equal(first.results[0]!.foldWeightedF1.length, 4);
  for (const candidate of first.cv.candidates) t.ok(candidate.weightedF1.std >= 0);
});

t.test('calibration is folded into the weights with a positive temperature', async (t) => {
  t.ok(first.temperature > 0);
  t.ok(first.cv.eceAfterCalibration <= first.cv.eceBeforeCalibration + 1e-9);
});

t.test('training rejects a tag outside the label set', async (t) => {
  t.throws(() => trainTiny({ ...dataset, projects: [...dataset.projects, { title: 'x', description: '', tag: 'poetry' }] }), /poetry/);
});

t.test('selection prefers the simpler candidate when scores are within one standard error of the best', async (t) => {
  const result = (name: string, maxN: number, l2: number, mean: number, std: number) =>
    ({
      candidate: { name, blocks: [{ kind: 'word', field: 'text', minN: 1, maxN, removeStopwords: true, minDf: 1, maxFeatures: 9, sublinearTf: true, weight: 1 }], l2, classWeight: 'none' },
      weightedF1: { mean, std },
      foldWeightedF1: new Array(9).fill(mean),
    }) as unknown as CandidateResult;
  // Best 0.90 with std 0.03 over 9 folds: standard error 0.01, floor 0.89.
  const rich = result('rich', 3, 1e-5, 0.9, 0.03);
  const simple = result('simple', 1, 1e-4, 0.892, 0.02);
  const poor = result('poor', 1, 1e-2, 0.8, 0.01);
  t.equal(selectCandidate([rich, simple, poor]).candidate.name, 'simple');
  t.equal(selectCandidate([rich, result('outside', 1, 1e-4, 0.885, 0.02)]).candidate.name, 'rich');
});
