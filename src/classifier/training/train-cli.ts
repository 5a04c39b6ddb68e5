/**
 * `npm run train -- --data <csv> [--out models/tagifai] [--version vN] [--seed 42] [--folds 5]
 * [--repeats 3] [--max-iterations 300] [--features "<feature set>"]`: trains, cross-validates and
 * writes a model version. `--features` limits the search to one named feature set of
 * `search-space.ts` (its L2 strengths are still cross-validated).
 *
 * Progress bars go to stderr; the summary (chosen configuration, CV scores, calibration, files
 * written) goes to stdout. Without `--version` the next free `v<n>` under `--out` is used, so an
 * earlier model is never overwritten by accident.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { listModelVersions } from '../model/model-registry.js';
import { integerFlag, parseFlags, requireFlag, runCli, UsageError } from './cli-args.js';
import { loadDataset } from './dataset.js';
import { defaultCandidates, FEATURE_SETS } from './search-space.js';
import { trainTagifai } from './train.js';
import { writeModelVersion } from './write-model.js';

const FLAGS = ['data', 'out', 'version', 'seed', 'folds', 'repeats', 'max-iterations', 'features'];

function nextVersion(root: string): string {
  const versions = listModelVersions(root);
  return `v${versions.length === 0 ? 1 : Number(versions.at(-1)!.slice(1)) + 1}`;
}

function candidatesFor(featureSet: string | undefined) {
  const all = defaultCandidates();
  if (featureSet === undefined) return all;
  const chosen = all.filter((candidate) => candidate.name === featureSet);
  if (chosen.length === 0) throw new UsageError(`unknown feature set "${featureSet}" (known: ${Object.keys(FEATURE_SETS).join(', ')})`);
  return chosen;
}

function main(argv: readonly string[]): void {
  const flags = parseFlags(argv, FLAGS);
  const started = Date.now();
  const dataset = loadDataset(requireFlag(flags, 'data'));
  const root = flags.out ?? 'models/tagifai';
  const dir = join(root, flags.version ?? nextVersion(root));
  const trained = trainTagifai({
    projects: dataset.projects,
    candidates: candidatesFor(flags.features),
    seed: integerFlag(flags, 'seed', 42),
    folds: integerFlag(flags, 'folds', 5),
    repeats: integerFlag(flags, 'repeats', 3),
    maxIterations: integerFlag(flags, 'max-iterations', 300),
    progress: process.stderr,
  });
  const metadata = writeModelVersion(trained, dataset, dir);
  const cv = metadata.metrics.cv;
  const line = (name: string, s: { mean: number; std: number }) => `  ${name.padEnd(30)} ${s.mean.toFixed(4)} ± ${s.std.toFixed(4)}`;
  console.log(`\ntrained ${dir} on ${dataset.projects.length} projects (sha256 ${dataset.sha256.slice(0, 12)}…)`);
  console.log(`chosen: ${trained.candidate.name}, l2=${trained.candidate.l2}, class weight ${trained.candidate.classWeight}`);
  console.log(`cross-validation (${cv.repeats}×${cv.folds}-fold, seed ${cv.seed}):`);
  console.log(line('weighted F1', cv.weightedF1));
  console.log(line('macro F1', cv.macroF1));
  console.log(line('accuracy', cv.accuracy));
  for (const label of metadata.labels) console.log(line(`F1 ${label}`, cv.perClassF1[label]!));
  console.log(`calibration: T=${trained.temperature.toFixed(3)}, out-of-fold ECE ${cv.eceBeforeCalibration.toFixed(4)} → ${cv.eceAfterCalibration.toFixed(4)}`);
  console.log(`final fit: ${metadata.features.size} features, ${trained.fit.iterations} L-BFGS iterations, converged=${trained.fit.converged}`);
  for (const file of ['model.onnx', 'metadata.json', 'MODEL_CARD.md']) {
    console.log(`  wrote ${join(dir, file)} (${(statSync(join(dir, file)).size / 1024).toFixed(0)} KiB)`);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}


const USAGE = `usage: npm run train -- --data <csv> [--out models/tagifai] [--version vN] [--seed 42] [--folds 5]
       [--repeats 3] [--max-iterations 300] [--features "<feature set>"]`;

void runCli('train', USAGE, main);
