/**
 * `npm run evaluate -- --data <csv> [--model <version>] [--models models/tagifai] [--json <file>]`
 *
 * Scores a saved model version (the newest by default) on a labelled CSV through the serving path
 * and prints precision, recall and F1 (per class, macro, weighted), the confusion matrix and the
 * calibration error; `--json` writes the same report as JSON. Evaluating on the training file
 * measures fit, not generalisation — the model card's cross-validation numbers are the honest ones.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { latestModelVersion } from '../model/model-registry.js';
import { Predictor } from '../model/predictor.js';
import { parseFlags, requireFlag, runCli, UsageError } from './cli-args.js';
import { loadDataset } from './dataset.js';
import { evaluateModel } from './evaluation.js';
import { renderEvaluation } from './report-table.js';

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, ['data', 'model', 'models', 'json']);
  const dataset = loadDataset(requireFlag(flags, 'data'));
  const root = flags.models ?? 'models/tagifai';
  const version = flags.model ?? latestModelVersion(root);
  if (version === undefined) throw new UsageError(`no model versions under ${root}; run npm run train first`);
  const predictor = await Predictor.load(join(root, version));
  try {
    const report = await evaluateModel(predictor, dataset.projects, { file: basename(dataset.path), sha256: dataset.sha256 });
    if (dataset.sha256 === predictor.metadata.trainingData.sha256) {
      console.log('note: this is the training file; these scores measure fit, see the model card for cross-validation\n');
    }
    console.log(renderEvaluation(report));
    if (flags.json !== undefined) {
      writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${flags.json}`);
    }
  } finally {
    await predictor.close();
  }
}


const USAGE = `usage: npm run evaluate -- --data <csv> [--model <version>] [--models models/tagifai] [--json <file>]`;

void runCli('evaluate', USAGE, main);
