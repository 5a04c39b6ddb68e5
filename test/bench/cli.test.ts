/**
 * The harness's command line as a person uses it: `--list` names every peer, and `--serve <peer>`
 * prints `listening <port>`, answers on that port and exits 0 on SIGTERM; a bad command line or a taken
 * port ends with one line and a non-zero exit.
 */
import t from 'tap';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';
import { peers } from '../../bench/peers/catalogue.js';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('../../bench/run.ts', import.meta.url));

t.test('--list names every peer, with the reason when one cannot run here', async (t) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', entry, '--list'], { timeout: 30000 });
  for (const peer of peers) {
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${peer.name} `));
    t.ok(line, `${peer.name} is listed`);
    t.equal(line!.includes('[absent:'), peer.unavailable() !== null, `${peer.name} is marked absent exactly when it cannot run`);
  }
});

t.test('--serve uws prints its port, answers there and exits 0 on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--serve', 'uws', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening (\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
  t.same(await response.json(), { api: 'fastit' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'exit code 0');
  clearTimeout(killer);
});

/** Runs the harness with `argv` and resolves with its exit code and output. */
function runHarness(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', entry, ...argv], { timeout: 30000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

t.test('a bad command line ends with one line on stderr and exit 2, before any peer starts', async (t) => {
  for (const argv of [['--serve', 'nope'], ['--peers', 'nope'], ['--runs', '0'], ['--seconds', '-1'], ['--port', '5'], ['--bogus']]) {
    const { code, stdout, stderr } = await runHarness(argv);
    t.equal(code, 2, `${argv.join(' ')}: exit 2`);
    t.match(stderr, /^bench: [^\n]+\n$/, `${argv.join(' ')}: one line (${stderr.trim()})`);
    t.equal(stdout, '', `${argv.join(' ')}: nothing measured, nothing written`);
  }
});

t.test('--serve on a taken port says so in one line and exits 1, for Node peers and handed-over programs alike', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as AddressInfo).port;
  // tagifai runs its own program (handed over): its exit code must come back, not Node's 13 for a
  // promise left pending; fastapi is a Python program. Both only where they can run.
  for (const peer of ['uws', 'node-http', 'tagifai', 'fastapi'].filter((name) => peers.find((p) => p.name === name)!.unavailable() === null)) {
    const { code, stdout, stderr } = await runHarness(['--serve', peer, '--port', String(port)]);
    t.equal(code, 1, `${peer}: exit 1`);
    t.match(stderr, new RegExp(`^[^\\n]*127\\.0\\.0\\.1:${port}[^\\n]*\\n$`), `${peer}: one line naming the address (${stderr.trim()})`);
    t.notMatch(stdout, /listening/);
  }
});
