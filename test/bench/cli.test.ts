/**
 * The harness's command line as a person uses it: `--list` names every peer, and `--serve <peer>`
 * prints `listening <port>`, answers on that port and exits 0 on SIGTERM.
 */
import t from 'tap';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
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
