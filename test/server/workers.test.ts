import t from 'tap';
import { runCli, waitListening, reap, alive, killSurvivors, waitUntilGone, listeningWorkerPids } from './cli-process.js';
import { freePort, restartDelayMs } from '../../src/server/workers.js';
import { raw } from './helpers.js';

/** One request on a fresh connection, so the kernel can pick any worker. */
async function get(port: number, path: string): Promise<string> {
  const answer = await raw(port, `GET ${path} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n`, 3000);
  return answer.text.split('\r\n\r\n')[1] ?? '';
}

t.test('N worker processes share one port; stats, gather, crash replacement and shutdown reach them all', async (t) => {
  const port = await freePort('127.0.0.1');
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', String(port), '--workers', '2', '--no-access-log']);
  t.teardown(() => reap(run));
  t.ok(await waitListening(run, 2, 30_000), 'two workers listening');

  const pids = new Set<string>();
  for (let i = 0; i < 40 && pids.size < 2; i++) pids.add(await get(port, '/'));
  t.equal(pids.size, 2, 'requests reached both workers (SO_REUSEPORT)');

  const gathered = JSON.parse(await get(port, '/gather')) as number[];
  t.same(new Set(gathered.map(String)), pids, 'gather asked every worker');
  t.same(JSON.parse(await get(port, '/gather?bigint')), [], 'a value IPC cannot carry is no answer, not a crash');
  t.notMatch(run.stderr(), /worker died|unhandled promise rejection/, 'no worker died of it, nothing went unhandled');

  // Totals travel worker -> primary -> worker on two 500 ms timers, so poll rather than guess a delay.
  let totals = { workers: 0, accepted: 0 };
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    totals = JSON.parse(await get(port, '/stats')) as typeof totals;
    if (totals.workers === 2 && totals.accepted >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.equal(totals.workers, 2);
  t.ok(totals.accepted >= 3, `total accepted ${totals.accepted} counts both workers`);

  await get(port, '/crash');
  t.ok(await waitListening(run, 3, 30_000), 'a replacement worker started');
  t.match(run.stderr(), /worker died; starting a replacement/);
  t.match(await get(port, '/'), /^\d+$/, 'still serving');

  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'the primary exits 0 after its workers');
});


t.test('workers shut themselves down when the primary is killed with SIGKILL', async (t) => {
  const port = await freePort('127.0.0.1');
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', String(port), '--workers', '2', '--no-access-log']);
  let workerPids: number[] = [];
  t.teardown(() => {
    reap(run);
    killSurvivors(workerPids);
  });
  t.ok(await waitListening(run, 2, 30_000), 'two workers listening');
  workerPids = listeningWorkerPids(run);
  t.equal(workerPids.length, 2, 'both workers logged their pid');

  run.child.kill('SIGKILL');
  await run.exited;
  // Workers have no in-flight work, so they should be gone well within the orphan grace (5 s).
  t.same(await waitUntilGone(workerPids), [], 'no worker outlives its primary');
  t.match(run.stderr(), /primary is gone/, 'the workers said why they stopped');
});

t.test('a worker replaced at once after one crash waits longer each time it keeps crashing right after listening', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 7, 9].map(restartDelayMs), [0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:crashesSoon', '--port', '0', '--workers', '2', '--no-access-log']);
  t.teardown(() => reap(run));
  // Deaths per worker slot, in order: [delayMs, quickDeaths] pairs.
  const deathsBySlot = (): Map<string, number[][]> => {
    const bySlot = new Map<string, number[][]>();
    for (const m of run.stderr().matchAll(/"worker":(\d+),"message":"worker died; starting a replacement".*?"delayMs":(\d+),"quickDeaths":(\d+)/g)) {
      bySlot.set(m[1]!, [...(bySlot.get(m[1]!) ?? []), [Number(m[2]), Number(m[3])]]);
    }
    return bySlot;
  };
  let slot: string | undefined;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && slot === undefined; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    slot = [...deathsBySlot()].find(([, deaths]) => deaths.length >= 2)?.[0];
  }
  t.same(deathsBySlot().get(slot ?? '')?.slice(0, 2), [[0, 1], [1000, 2]], 'the first crash is replaced at once, the second after 1 s');
  const listening = (): number => (run.stderr().match(new RegExp(`"worker":${slot},"message":"listening"`, 'g')) ?? []).length;
  const before = listening();
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.equal(listening(), before, 'no replacement of that worker during the pause');
  run.child.kill('SIGTERM');
  t.ok([0, 1].includes((await run.exited) ?? -1), 'SIGTERM during the pause ends the primary without waiting for it');
});

t.test('a worker stuck in a busy loop at shutdown is killed after the graceful bound, and the primary exits 1', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:stuckAtShutdown', '--port', '0', '--workers', '2', '--no-access-log', '--timeout-graceful-shutdown', '1']);
  let workerPids: number[] = [];
  t.teardown(() => {
    reap(run);
    killSurvivors(workerPids);
  });
  t.ok(await waitListening(run, 2, 30_000), 'two workers listening');
  workerPids = listeningWorkerPids(run);
  run.child.kill('SIGTERM');
  const began = Date.now();
  // The bound: 1 s graceful + 0 s delay + the 5 s margin; allow a loaded machine some slack.
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([run.exited, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
  clearTimeout(timer);
  t.equal(code, 1, `the primary exited 1 after ${Date.now() - began} ms`);
  t.match(run.stderr(), /worker did not exit after the graceful shutdown; killing it/);
  t.same(workerPids.filter(alive), [], 'no stuck worker is left behind');
});
