import t from 'tap';
import { runCli, waitListening, reap } from './cli-process.js';
import { freePort } from '../../src/server/workers.js';

t.test('--help lists every flag with its default', async (t) => {
  const run = runCli(['serve', '--help']);
  t.equal(await run.exited, 0);
  for (const flag of ['--host', '--port', '--uds', '--workers', '--root-path', '--proxy-headers', '--forwarded-allow-ips', '--limit-concurrency',
    '--max-body-size', '--timeout-graceful-shutdown', '--shutdown-delay', '--ssl-keyfile', '--ssl-certfile', '--log-level', '--no-access-log', '--reload']) {
    t.ok(run.stdout().includes(flag), flag);
  }
  t.match(run.stdout(), /default 1048576/);
});

t.test('a bad flag exits 1 and names it', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', 'eighty']);
  t.equal(await run.exited, 1);
  t.match(run.stderr(), /--port expects a non-negative integer, got "eighty"/);
});

t.test('a missing export exits 1 and lists the exports', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:nope', '--port', '0']);
  t.equal(await run.exited, 1);
  t.match(run.stderr(), /no function export "nope" \(its exports: app, crashesSoon, failing, forgetsRejection, slowStartup, stalled, stuckAtShutdown\)/);
});

t.test('a failed lifespan startup exits non-zero with the app message', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:failing', '--port', '0']);
  t.teardown(() => reap(run));
  t.equal(await run.exited, 1);
  t.match(run.stderr(), /cannot open the model file/);
});

t.test('serves the module export and exits 0 on SIGTERM after finishing in-flight work', async (t) => {
  const port = await freePort('127.0.0.1');
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', String(port), '--no-access-log']);
  t.teardown(() => reap(run));
  t.ok(await waitListening(run), 'listening');
  const slow = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
  for (const deadline = Date.now() + 10_000; !run.stdout().includes('slow request started') && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  run.child.kill('SIGTERM');
  t.match(await slow, /^\d+$/, 'the in-flight request was answered');
  t.equal(await run.exited, 0);
  t.notMatch(run.stderr(), /"type":"access"/, '--no-access-log');
});
