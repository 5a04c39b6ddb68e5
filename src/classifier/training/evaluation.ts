/**
 * Evaluation of a saved model version on a labelled CSV, through the serving path.
 *
 * The projects go through the `Predictor` — the same featurizer, ONNX graph and onnxruntime the
 * service uses — so the numbers describe what is served, not an in-memory twin. The report holds
 * the classification metrics on the model's top label (no threshold), the confusion matrix and the
 * expected calibration error of the probabilities.
 */
import type { Predictor } from '../model/predictor.js';
import { expectedCalibrationError, type CalibrationReport } from './calibration-error.js';
import { classificationReport, type ClassificationReport } from './classification-metrics.js';
import { argmax } from './cross-validation.js';
import type { LabelledProject } from './dataset.js';

/** The evaluation report, also written as JSON by the CLI. */
export interface EvaluationReport extends ClassificationReport {
  model: string;
  data: { file: string; sha256: string; rows: number };
  calibration: CalibrationReport;
}

/** Predicts every project in batches of `batchSize` and scores the result. */
export async function evaluateModel(
  predictor: Predictor,
  projects: readonly LabelledProject[],
  data: { file: string; sha256: string },
  batchSize = 256,
): Promise<EvaluationReport> {
  const probabilities: Float32Array[] = [];
  for (let start = 0; start < projects.length; start += batchSize) {
    const batch = predictor.featurize(projects.slice(start, start + batchSize));
    const flat = await predictor.runBatch(batch);
    for (let row = 0; row < batch.rows; row++) {
      probabilities.push(flat.slice(row * predictor.labels.length, (row + 1) * predictor.labels.length));
    }
  }
  const truth = projects.map((p) => predictor.labels.indexOf(p.tag));
  const predicted = probabilities.map((p) => argmax(p));
  return {
    model: predictor.id,
    data: { ...data, rows: projects.length },
    ...classificationReport(truth, predicted, predictor.labels),
    calibration: expectedCalibrationError(probabilities, truth),
  };
}
