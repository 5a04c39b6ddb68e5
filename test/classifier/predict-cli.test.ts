/**
 * The predict CLI, spawned as a user runs it: `--help` prints the usage (exit 0), a usage error
 * prints the message and the usage (exit 2), and a project is classified with a private copy of
 * the committed model (`isolated-environment.ts`).
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { isolatedEnvironment, COMMITTED_VERSION } from './isolated-environment.js';

function runPredict(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/classifier/predict-cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

t.test('--help and -h print the usage on stdout and exit 0', async (t) => {
  for (const flag of ['--help', '-h']) {
    const run = runPredict([flag]);
    t.equal(run.status, 0, flag);
    t.match(run.stdout, /^usage: npm run predict -- --title "<title>"/, flag);
    t.match(run.stdout, /--threshold/, flag);
    t.equal(run.stderr, '', flag);
  }
});

t.test('--help after other flags still prints the usage, without loading a model', async (t) => {
  const run = runPredict(['--models', '/nonexistent', '--help']);
  t.equal(run.status, 0);
  t.match(run.stdout, /^usage: npm run predict/);
});

t.test('a missing --title exits 2 naming the flag, followed by the usage', async (t) => {
  const run = runPredict([]);
  t.equal(run.status, 2);
  t.match(run.stderr, /^predict: missing required flag --title\nusage: npm run predict/);
});

t.test('a title is classified with the model in --models and printed as JSON', async (t) => {
  const { modelsDir } = isolatedEnvironment(t);
  const run = runPredict(['--models', modelsDir, '--title', 'Transformers', '--description', 'Transformers for natural language processing']);
  t.equal(run.status, 0, run.stderr);
  const printed = JSON.parse(run.stdout);
  t.match(printed, { model: COMMITTED_VERSION, prediction: 'natural-language-processing' });
  t.ok(printed.probabilities['natural-language-processing'] > 0.9);
});
