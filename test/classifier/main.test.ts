/**
 * The service's entry point, spawned: failed starts print one line and exit non-zero; a good one
 * serves and stops on SIGTERM. Each run gets a private models folder (only the committed v1) and
 * database path, and no `TAGIFAI_*` setting from the shell (`isolated-environment.ts`).
 */
import t from 'tap';
import type { Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMITTED_MODEL_DIR, isolatedEnvironment } from './isolated-environment.js';

function runMain(t: Test, env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/classifier/main.ts', '--port', '0', ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...isolatedEnvironment(t).env, ...env },
  });
}

/** The lines a failed start printed: the one-line message only, no stack trace in front of it. */
const lines = (stderr: string) => stderr.split('\n').filter((line) => line !== '');

t.test('a missing model exits non-zero with a message naming the file', async (t) => {
  const dir = t.testdir();
  const result = runMain(t, { TAGIFAI_MODELS_DIR: join(dir, 'nowhere') });
  t.equal(result.status, 1);
  t.match(result.stderr, /nowhere\/v1\/model\.onnx/);
});

t.test('a corrupt model file exits non-zero naming model.onnx', async (t) => {
  const dir = t.testdir();
  mkdirSync(join(dir, 'v1'));
  copyFileSync(join(COMMITTED_MODEL_DIR, 'metadata.json'), join(dir, 'v1', 'metadata.json'));
  writeFileSync(join(dir, 'v1', 'model.onnx'), 'this is not an onnx graph');
  const result = runMain(t, { TAGIFAI_MODELS_DIR: dir });
  t.equal(result.status, 1);
  t.match(result.stderr, /cannot load model file .*v1\/model\.onnx/);
  t.equal(lines(result.stderr).length, 1, 'one line');
});

t.test('corrupt metadata exits non-zero naming metadata.json', async (t) => {
  const dir = t.testdir();
  mkdirSync(join(dir, 'v1'));
  copyFileSync(join(COMMITTED_MODEL_DIR, 'model.onnx'), join(dir, 'v1', 'model.onnx'));
  writeFileSync(join(dir, 'v1', 'metadata.json'), '{"schemaVersion": 1');
  const result = runMain(t, { TAGIFAI_MODELS_DIR: dir });
  t.equal(result.status, 1);
  t.match(result.stderr, /v1\/metadata\.json/);
  t.equal(lines(result.stderr).length, 1, 'one line');
});

t.test('a bad setting exits non-zero naming it', async (t) => {
  const result = runMain(t, { TAGIFAI_MAX_BATCH_SIZE: 'lots' });
  t.equal(result.status, 1);
  t.match(result.stderr, /TAGIFAI_MAX_BATCH_SIZE="lots"/);
});

t.test('--help prints the settings table', async (t) => {
  const result = runMain(t, {}, ['--help']);
  t.equal(result.status, 0);
  t.match(result.stdout, /\| `TAGIFAI_PORT` \| `--port` \| `8000` \|/);
});

t.test('serves on the configured port and stops cleanly on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/classifier/main.ts', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: isolatedEnvironment(t).env });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
      if (match) (clearTimeout(timer), resolve(match[1]!));
    });
  });
  t.equal((await fetch(`${url}/healthz`)).status, 200);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  t.equal(await exited, 0);
});
