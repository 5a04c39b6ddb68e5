/**
 * Evaluation through the serving path, and its text report, on the tiny fixture model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Predictor } from '../../../src/classifier/model/index.js';
import { evaluateModel } from '../../../src/classifier/training/evaluation.js';
import { renderEvaluation } from '../../../src/classifier/training/report-table.js';
import { writeModelVersion } from '../../../src/classifier/training/write-model.js';
import { tinyDataset, trainTiny } from './tiny-model.js';

const dataset = tinyDataset();
const root = mkdtempSync(join(tmpdir(), 'tagifai-eval-'));
writeModelVersion(trainTiny(dataset), dataset, join(root, 'v1'));
const predictor = await Predictor.load(join(root, 'v1'));
t.teardown(async () => {
  await predictor.close();
  rmSync(root, { recursive: true });
});

t.test('scores agree with the predictor’s own predictions, batch size notwithstanding', async (t) => {
  const report = await evaluateModel(predictor, dataset.projects, { file: 'tiny.csv', sha256: dataset.sha256 }, 3);
  const predictions = await predictor.predict(dataset.projects);
  const correct = predictions.filter((p, i) => p.prediction === dataset.projects[i]!.tag).length;
  t.equal(report.accuracy, correct / dataset.projects.length);
  t.equal(report.data.rows, 20);
  t.equal(report.confusion.flat().reduce((a, b) => a + b, 0), 20);
  t.equal(report.calibration.bins.reduce((sum, bin) => sum + bin.count, 0), 20);
});

t.test('the text report shows per-class, macro and weighted rows, the matrix and ECE', async (t) => {
  const text = renderEvaluation(await evaluateModel(predictor, dataset.projects, { file: 'tiny.csv', sha256: dataset.sha256 }));
  for (const needle of ['computer-vision', 'macro', 'weighted', 'accuracy', 'true \\ predicted', '[3] other', 'expected calibration error']) {
    t.match(text, needle);
  }
});
