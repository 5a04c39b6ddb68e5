/**
 * A worker whose primary dies while the worker is still starting (loading its module, running a
 * slow lifespan startup): serve() only watches the IPC channel once it listens, so the CLI must,
 * or the worker would go on to serve the port as an orphan nothing supervises.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { runCli, reap, killSurvivors, waitUntilGone } from './cli-process.js';


t.test('workers still starting when the primary is killed with SIGKILL exit instead of serving on as orphans', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:slowStartup', '--port', '0', '--workers', '2', '--no-access-log']);
  let workerPids: number[] = [];
  t.teardown(() => {
    reap(run);
    killSurvivors(workerPids);
  });
  // The workers are forked at once; their startup takes 2 s.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline && workerPids.length < 2; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      workerPids = execFileSync('pgrep', ['-P', String(run.child.pid)]).toString().trim().split('\n').map(Number);
    } catch {
      workerPids = [];
    }
  }
  t.equal(workerPids.length, 2, `two workers forked: ${workerPids.join(',')}`);
  t.notMatch(run.stderr(), /"message":"listening"/, 'killed while they were still starting');
  run.child.kill('SIGKILL');
  await run.exited;
  t.same(await waitUntilGone(workerPids), [], 'no worker outlives its primary');
});
