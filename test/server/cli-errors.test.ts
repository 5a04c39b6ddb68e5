/**
 * `tsgi serve` used wrongly, from outside: every mistake is one line on stderr starting `tsgi:`
 * and a non-zero exit — no stack trace for a user error, no silent exit 0, no fork bomb.
 */
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, reap, waitListening } from './cli-process.js';
import { parseServeArgs } from '../../src/server/cli-args.js';

/** One `tsgi:` line and nothing that looks like a stack frame. */
function oneLine(t: Test, stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((line) => line.startsWith('tsgi:') || line.startsWith('    at ') || /^\w*Error/.test(line));
  t.equal(lines.length, 1, `one error line, got: ${JSON.stringify(stderr.slice(0, 400))}`);
  t.match(lines[0], pattern);
}

t.test('a lifespan startup that awaits something nothing can settle exits 1 saying so, not 0 in silence', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:stalled', '--port', '0']);
  t.teardown(() => reap(run));
  t.equal(await run.exited, 1);
  oneLine(t, run.stderr(), /^tsgi: lifespan startup failed: the app never answered lifespan\.startup/);
  t.notMatch(run.stderr(), /"message":"listening"/, 'it never listened');
});

t.test('TLS files that are missing, not PEM, or do not match are one line each', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'tsgi-cli-tls-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const pair = (name: string): [string, string] => {
    const key = join(folder, `${name}-key.pem`);
    const cert = join(folder, `${name}-cert.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore', timeout: 20_000 });
    return [key, cert];
  };
  const [keyA, certA] = pair('a');
  const [keyB] = pair('b');
  const notPem = join(folder, 'not.pem');
  writeFileSync(notPem, 'hello\n');
  const cases: Array<[string[], RegExp]> = [
    [['--ssl-keyfile', join(folder, 'missing.pem'), '--ssl-certfile', certA], /^tsgi: --ssl-keyfile \S+missing\.pem cannot be read \(ENOENT\)$/],
    [['--ssl-keyfile', keyA, '--ssl-certfile', notPem], /^tsgi: --ssl-certfile \S+not\.pem is not a PEM file/],
    [['--ssl-keyfile', keyB, '--ssl-certfile', certA], /^tsgi: could not set up TLS with --ssl-keyfile \S+ and --ssl-certfile \S+ \(does the key match the certificate\?/],
  ];
  for (const [flags, pattern] of cases) {
    const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', '0', ...flags]);
    t.teardown(() => reap(run));
    t.equal(await run.exited, 1, flags.join(' '));
    oneLine(t, run.stderr(), pattern);
  }
});

t.test('--workers beyond 256 is refused before anything is forked', async (t) => {
  t.throws(() => parseServeArgs(['app.js', '--workers', '100000']), { code: 'bad-option', message: '--workers must be at most 256, got 100000' });
  t.match(parseServeArgs(['app.js', '--workers', '256']), { workers: 256 });
});

t.test('--reload on a module in a folder that does not exist is one line, not a stack from fs.watch', async (t) => {
  const run = runCli(['serve', '/nonexistent-tsgi-folder/app.js', '--reload']);
  t.teardown(() => reap(run));
  t.equal(await run.exited, 1);
  oneLine(t, run.stderr(), /^tsgi: --reload cannot watch \/nonexistent-tsgi-folder \(ENOENT\)$/);
});

t.test('a TSGI_WORKER_ID left in the environment does not turn --workers 2 into one process', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', '0', '--workers', '2', '--no-access-log'], { TSGI_WORKER_ID: '1' });
  t.teardown(() => reap(run));
  t.ok(await waitListening(run, 2, 30_000), 'two workers listening');
  t.match(run.stderr(), /primary: starting workers/);
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0);
});

t.test('a promise the app forgot to await that rejects is logged, and the server keeps serving', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts:forgetsRejection', '--port', '0', '--lifespan', 'off']);
  t.teardown(() => reap(run));
  t.ok(await waitListening(run), 'listening');
  const port = Number(/"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(run.stderr())?.[1]);
  for (let i = 0; i < 3; i++) t.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'ok', `request ${i + 1} answered`);
  t.match(run.stderr(), /"level":"error".*unhandled promise rejection in the app.*a rejection nobody awaited/);
  t.equal(run.child.exitCode, null, 'still running');
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0);
});

t.test('a port another process listens on is refused in one line, alone or with --workers, and nothing starts', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.teardown(() => holder.close());
  const port = String((holder.address() as AddressInfo).port);
  for (const extra of [[], ['--workers', '2']]) {
    const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--host', '127.0.0.1', '--port', port, ...extra]);
    t.teardown(() => reap(run));
    t.equal(await run.exited, 1, `exit 1 ${extra.join(' ')}`);
    oneLine(t, run.stderr(), new RegExp(`^tsgi: could not listen on 127\\.0\\.0\\.1:${port}: another process is listening there$`));
    t.notMatch(run.stderr(), /"message":"listening"|starting workers/, 'nothing listened, no worker was forked');
  }
});
