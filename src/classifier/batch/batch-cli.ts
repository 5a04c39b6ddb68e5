/**
 * `npm run batch -- --data <csv> [--db <file>]`: predict a CSV of projects into SQLite.
 *
 * The command-line face of `batch-job.ts`: it loads the model (the configured default, or the
 * newest version), streams the CSV, shows a progress bar on stderr and prints a one-line summary.
 * The database defaults to the same setting the server reads (`TAGIFAI_DB`, else
 * `data/predictions.sqlite`), so `GET /predictions/{project_id}` serves what this wrote. Running it
 * again after an interruption resumes: projects already predicted by that model are skipped.
 * Exit codes: 0 done (or `--help`/`-h`: the usage on stdout, as the other classifier CLIs do), 1 bad
 * input or model, 2 usage.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { latestModelVersion, Predictor } from '../model/index.js';
import { loadConfig } from '../config.js';
import { runBatchJob } from './batch-job.js';
import { readCsvRows } from './csv-stream.js';
import { PredictionStore } from './prediction-store.js';
import { ProgressBar } from './progress-bar.js';

const USAGE = `usage: npm run batch -- --data <csv> [--db <file>] [--model <id>] [--models-dir <dir>] [--chunk-size <n>] [--help]
  --data        CSV with columns id,title,description (other columns are ignored)
  --db          SQLite file to write (default: $TAGIFAI_DB or data/predictions.sqlite)
  --model       model version, e.g. v1 (default: $TAGIFAI_DEFAULT_MODEL or the newest)
  --models-dir  folder of model versions (default: $TAGIFAI_MODELS_DIR or models/tagifai)
  --chunk-size  rows per model run and per transaction (default 256)`;

/** Runs the command; returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' }, db: { type: 'string' }, model: { type: 'string' },
        'models-dir': { type: 'string' }, 'chunk-size': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const chunkSize = Number(args['chunk-size'] ?? 256);
  if (args.data === undefined || !Number.isInteger(chunkSize) || chunkSize < 1) {
    process.stderr.write(`${args.data === undefined ? 'missing --data' : '--chunk-size must be a positive integer'}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig([], env);
  const modelsDir = args['models-dir'] ?? config.modelsDir;
  const modelId = args.model ?? config.defaultModel ?? latestModelVersion(modelsDir);
  const database = args.db ?? config.database;
  let totalBytes: number;
  try {
    totalBytes = statSync(args.data).size;
  } catch {
    process.stderr.write(`cannot read the data file ${args.data}\n`);
    return 1;
  }
  if (modelId === undefined) {
    process.stderr.write(`no model version found under ${modelsDir}\n`);
    return 1;
  }
  let predictor: Predictor | undefined;
  const store = PredictionStore.open(database);
  try {
    predictor = await Predictor.load(join(modelsDir, modelId), { threshold: config.threshold ?? 0 });
    const model = { id: predictor.id, version: predictor.metadata.version, predict: predictor.predict.bind(predictor) };
    const bar = new ProgressBar(totalBytes);
    const summary = await runBatchJob({
      rows: readCsvRows(args.data), store, model, chunkSize,
      onProgress: (progress) => bar.update(progress.bytesRead, progress),
      onInvalid: (line, reason) => process.stderr.write(`\nskipping line ${line}: ${reason}\n`),
    });
    bar.finish();
    process.stdout.write(`${summary.predicted} predicted, ${summary.skipped} already in ${database}, ${summary.invalid} invalid rows (model ${model.id})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`\nbatch failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    store.close();
    await predictor?.close();
  }
}

// Run when executed as a script (not when imported by a test).
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
