/**
 * The batch CLI, spawned as a user runs it, against a private models folder (only the committed
 * version) and databases in temporary folders: what `models/tagifai` and `data/` hold does not matter.
 */
import t from 'tap';
import type { Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PredictionStore } from '../../../src/classifier/batch/prediction-store.js';
import { isolatedEnvironment, COMMITTED_VERSION } from '../isolated-environment.js';
import { startService } from '../service/service-harness.js';

/**
 * Runs the batch CLI (TypeScript source, via tsx) and returns its exit status and output. The
 * models folder and default database are the test's own (`TAGIFAI_MODELS_DIR`, `TAGIFAI_DB`);
 * `env` adds to or replaces them.
 */
function runCli(t: Test, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/classifier/batch/batch-cli.ts', ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...isolatedEnvironment(t).env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeProjects(dir: string): string {
  const file = join(dir, 'projects.csv');
  writeFileSync(file, [
    'id,created_on,title,description,tag',
    '6,2020-02-20,"Comparison between YOLO and RCNN on real world videos","Bringing theory to experiment is cool. We can easily train models in colab and find the results in minutes.",computer-vision',
    '7,2020-02-20,"Show, Infer & Tell: Contextual Inference for Creative Captioning","The beauty of the work lies in the way it architects the fundamental idea that humans look at the overall image and then individual pieces of it.\nA second line, inside quotes.",computer-vision',
    '9,2020-02-24,"Awesome Graph Classification","A collection of important graph embedding, classification and representation learning papers with implementations.",other',
    '15,2020-02-28,"Awesome Monte Carlo Tree Search","A curated list of Monte Carlo tree search papers with implementations.",other',
  ].join('\n') + '\n');
  return file;
}

t.test('predicts every row into SQLite and prints a summary', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'out', 'predictions.sqlite');
  const run = runCli(t, ['--data', writeProjects(dir), '--db', db]);
  t.equal(run.status, 0, run.stderr);
  t.match(run.stdout, new RegExp(`4 predicted, 0 already in .*predictions\\.sqlite, 0 invalid rows \\(model ${COMMITTED_VERSION}\\)`));
  t.match(run.stderr, /\[#+\] 100%/, 'a progress bar was drawn');
  const store = PredictionStore.openForReading(db)!;
  t.equal(store.count(), 4);
  t.match(store.get('6'), { project_id: '6', prediction: 'computer-vision', model: { id: COMMITTED_VERSION, version: COMMITTED_VERSION } });
  store.close();
});

t.test('a second run resumes: rows already predicted are skipped', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'p.sqlite');
  const data = writeProjects(dir);
  t.equal(runCli(t, ['--data', data, '--db', db]).status, 0);
  const again = runCli(t, ['--data', data, '--db', db]);
  t.equal(again.status, 0);
  t.match(again.stdout, /0 predicted, 4 already in/);
});

t.test('the database defaults to TAGIFAI_DB, the setting the server reads', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'env.sqlite');
  t.equal(runCli(t, ['--data', writeProjects(dir)], { TAGIFAI_DB: db }).status, 0);
  t.equal(PredictionStore.openForReading(db)!.count(), 4);
});

t.test('usage errors exit 2 and a missing file exits 1, with a message', async (t) => {
  const usage = runCli(t, []);
  t.equal(usage.status, 2);
  t.match(usage.stderr, /missing --data/);
  const missing = runCli(t, ['--data', '/nonexistent.csv']);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /cannot read the data file \/nonexistent\.csv/);
});

t.test('GET /predictions/{project_id} serves what the batch job wrote', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'served.sqlite');
  const service = await startService(t, { database: db });
  t.equal((await service.request('/predictions/6')).status, 404, 'before the job: no database yet');
  t.equal(runCli(t, ['--data', writeProjects(dir), '--db', db]).status, 0);
  const response = await service.request('/predictions/6');
  t.equal(response.status, 200);
  t.match(response.body, { message: 'OK', method: 'GET', 'status-code': 200, url: `${service.url}/predictions/6` });
  t.same(Object.keys(response.body.data), ['project_id', 'prediction', 'probabilities', 'model', 'generated_at']);
  t.match(response.body.data, { project_id: '6', prediction: 'computer-vision', model: { id: COMMITTED_VERSION, version: COMMITTED_VERSION } });
  t.equal((await service.request('/predictions/12345')).status, 404);
});

t.test('--help and -h print the usage on stdout and exit 0, like the other classifier CLIs', async (t) => {
  for (const flag of ['--help', '-h']) {
    const run = runCli(t, [flag]);
    t.equal(run.status, 0, flag);
    t.match(run.stdout, /^usage: npm run batch -- --data <csv>/, flag);
    t.match(run.stdout, /--chunk-size/, flag);
    t.equal(run.stderr, '', flag);
  }
});
