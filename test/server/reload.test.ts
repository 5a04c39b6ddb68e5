/**
 * `tsgi serve --reload`: the development supervisor restarts the server when a file under the app
 * module's folder changes, and takes its child down with it on SIGTERM.
 */
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, waitListening, reap, type CliRun, killSurvivors, waitUntilGone } from './cli-process.js';
import { freePort } from '../../src/server/workers.js';

/** A complete TSGI app (lifespan included) in plain ESM whose every answer is `text`. */
function appSource(text: string): string {
  return `
export async function app(scope, receive, send) {
  if (scope.type === 'lifespan') {
    for (;;) {
      const event = await receive();
      if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
      if (event.type === 'lifespan.shutdown') return send({ type: 'lifespan.shutdown.complete' });
    }
  }
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
  await send({ type: 'http.response.body', body: ${JSON.stringify(text)} });
}
`;
}

async function fetchText(port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return await response.text();
  } catch {
    return undefined;
  }
}

/** Polls until the server answers `expected`, or `timeoutMs` passes; returns the last answer. */
async function waitForAnswer(port: number, expected: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await fetchText(port);
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

/** Writes an app module answering `text` to a fresh folder and serves it with `--reload`. */
async function serveReloading(t: Test, text: string): Promise<{ run: CliRun; port: number; modulePath: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'tsgi-reload-'));
  const modulePath = join(folder, 'app.mjs');
  writeFileSync(modulePath, appSource(text));
  const port = await freePort('127.0.0.1');
  const run = runCli(['serve', modulePath, '--port', String(port), '--reload', '--no-access-log']);
  t.teardown(() => {
    reap(run);
    rmSync(folder, { recursive: true, force: true });
  });
  return { run, port, modulePath };
}

t.test('a change to the app module restarts the server with the new code', async (t) => {
  const { run, port, modulePath } = await serveReloading(t, 'first version');
  t.ok(await waitListening(run, 1, 30_000), 'the first server listens');
  t.equal(await fetchText(port), 'first version');

  writeFileSync(modulePath, appSource('second version'));
  t.equal(await waitForAnswer(port, 'second version', 30_000), 'second version', 'the restarted server runs the edited module');
  t.match(run.stderr(), /change detected; restarting/);
  t.ok(await waitListening(run, 2, 5_000), 'a second server announced itself');

  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'the supervisor exits 0 on SIGTERM');
  t.equal(await fetchText(port), undefined, 'and its server child is gone with it');
});

t.test('a module that fails to load is retried on the next change, not given up on', async (t) => {
  const { run, port, modulePath } = await serveReloading(t, 'working');
  t.ok(await waitListening(run, 1, 30_000), 'listening');

  writeFileSync(modulePath, 'export const app = ; // a syntax error mid-edit\n');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !/could not import/.test(run.stderr())) await new Promise((resolve) => setTimeout(resolve, 100));
  t.match(run.stderr(), /could not import/, 'the broken module is reported');
  t.equal(run.child.exitCode, null, 'the supervisor keeps running');

  writeFileSync(modulePath, appSource('fixed'));
  t.equal(await waitForAnswer(port, 'fixed', 30_000), 'fixed', 'the next change brings the server back');
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0);
});

t.test('the server stops when its --reload supervisor is killed with SIGKILL, instead of holding the port as an orphan', async (t) => {
  const { run, port } = await serveReloading(t, 'one');
  t.equal(await waitForAnswer(port, 'one', 20_000), 'one', 'serving');
  const childPids = execFileSync('pgrep', ['-P', String(run.child.pid)]).toString().trim().split('\n').map(Number);
  t.teardown(() => {
    killSurvivors(childPids);
  });
  t.equal(childPids.length, 1, 'one server under the supervisor');
  run.child.kill('SIGKILL');
  await run.exited;
  t.same(await waitUntilGone(childPids), [], 'the server exited');
});

