/**
 * The abort handler goes on only for a response still unfinished once the microtasks after
 * uWS's request handler have run (http-exchange.ts `drainEnded`, uws-adapter.ts rule 1). Missing
 * it where it is needed makes uWS terminate the process, so the server runs in a child process
 * (fixtures/abort-deferral-server.ts) and every test checks, after its own exchange, that the
 * child is still alive and still answers. Real sockets on 127.0.0.1.
 */
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { raw, statusLines, delay } from './helpers.js';

const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/abort-deferral-server.ts'], {
  cwd: new URL('../..', import.meta.url).pathname,
  stdio: ['pipe', 'pipe', 'pipe'],
});
let stdout = '';
let stderr = '';
child.stdout.on('data', (chunk) => (stdout += chunk));
child.stderr.on('data', (chunk) => (stderr += chunk));
const ports = await new Promise<[number, number]>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`server child did not start: ${stderr}`)), 20_000);
  child.stdout.on('data', () => {
    const found = /listening (\d+) (\d+)/.exec(stdout);
    if (found) {
      clearTimeout(timer);
      resolve([Number(found[1]), Number(found[2])]);
    }
  });
  child.once('exit', (code) => reject(new Error(`server child exited ${code}: ${stderr}`)));
});
const [port, gatedPort] = ports;
t.teardown(() => {
  child.stdin.end();
  setTimeout(() => child.kill('SIGKILL'), 2000).unref();
});

const get = (path: string, method = 'GET', extra = ''): string => `${method} ${path} HTTP/1.1\r\nHost: h\r\n${extra}\r\n`;

/** The child survived and answers a fresh connection. */
async function assertAlive(t: Test): Promise<void> {
  await delay(20);
  t.equal(child.exitCode, null, 'the server process is still running');
  t.notMatch(stderr, /forbidden|terminate called/, 'uWS never complained about a missing abort handler');
  const answer = await raw(port, get('/drain'), 2000, /drain$/);
  t.match(answer.text, /^HTTP\/1\.1 200 [\s\S]*drain$/, 'and still answers');
}

t.test('answers given in the handler, in the drain after it, later in that drain, or after waiting all arrive', async (t) => {
  for (const path of ['/sync', '/drain', '/deep', '/immediate', '/timer']) {
    const answer = await raw(port, get(path), 2000, new RegExp(`${path.slice(1)}$`));
    t.match(answer.text, new RegExp(`^HTTP/1\\.1 200 [\\s\\S]*${path.slice(1)}$`), path);
  }
  await assertAlive(t);
});

t.test('three pipelined requests answered in the drain each get their answer, in order', async (t) => {
  const answer = await raw(port, get('/drain') + get('/deep') + get('/drain'), 2000, /drain[\s\S]*deep[\s\S]*drain$/);
  t.equal(statusLines(answer.text).length, 3);
  t.match(answer.text, /drain[\s\S]*deep[\s\S]*drain$/);
  await assertAlive(t);
});

t.test('a pipelined request behind one that waits on a timer closes the connection without killing the server', async (t) => {
  // uWS refuses to parse a request while the one before it is unanswered: it closes the
  // connection, which the first exchange hears through its abort handler.
  const answer = await raw(port, get('/timer') + get('/drain') + get('/drain'), 1000);
  t.ok(answer.closedByServer, 'the connection was closed');
  await assertAlive(t);
});

t.test('a client that leaves while the app waits is heard, and the late answer touches nothing', async (t) => {
  for (const path of ['/timer', '/deep', '/stream-timer']) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(get(path));
    await delay(5);
    socket.destroy();
  }
  await delay(60);
  await assertAlive(t);
});

t.test('request bodies, in the same packet or trickled in later, are echoed', async (t) => {
  const whole = await raw(port, `POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello`, 2000, /hello$/);
  t.match(whole.text, /^HTTP\/1\.1 200 [\s\S]*hello$/);
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  socket.write('POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nfirst');
  await delay(30);
  socket.write('later');
  for (let i = 0; i < 100 && !/firstlater$/.test(text); i++) await delay(10);
  socket.destroy();
  t.match(text, /^HTTP\/1\.1 200 [\s\S]*firstlater$/);
  await assertAlive(t);
});

t.test('streamed responses, all in the drain or across a timer, arrive whole', async (t) => {
  for (const path of ['/stream-drain', '/stream-timer']) {
    const answer = await raw(port, get(path), 2000, /\r\n0\r\n\r\n$/);
    t.match(answer.text, /Transfer-Encoding: chunked/i, path);
    t.match(answer.text.replace(/\r\n[0-9a-f]+\r\n/g, ''), /one,two,three/, path);
  }
  await assertAlive(t);
});

t.test('HEAD and 204 answers end without a body and keep the connection usable', async (t) => {
  for (const how of ['sync', 'drain']) {
    const answer = await raw(port, get('/head-length', 'HEAD', `x-answer: ${how}\r\n`) + get('/drain'), 2000, /drain$/);
    t.equal(statusLines(answer.text).length, 2, `HEAD answered ${how}, then the next request on the connection`);
    t.match(answer.text, /^HTTP\/1\.1 200 OK\r\n[\s\S]*content-length: 11\r\n[\s\S]*\r\n\r\nHTTP\/1\.1 200/i);
    t.notMatch(answer.text, /hello world/);
  }
  const noContent = await raw(port, get('/no-content') + get('/drain'), 2000, /drain$/);
  t.equal(statusLines(noContent.text).length, 2);
  t.match(noContent.text, /^HTTP\/1\.1 204 /);
  await assertAlive(t);
});

t.test('a HEAD that must close the connection after declaring a length is still guarded', async (t) => {
  // uWS keeps such a response in progress until the client leaves: it needs the abort handler.
  for (const how of ['sync', 'drain']) {
    const answer = await raw(port, get('/head-length-close', 'HEAD', `x-answer: ${how}\r\n`), 1000, /\r\n\r\n$/);
    t.match(answer.text, /content-length: 11/i, how);
    t.match(answer.text, /connection: close/i, how);
  }
  await assertAlive(t);
});

t.test('the concurrency gate: a queued request is answered, a refused one gets 503, a queued one may leave', async (t) => {
  const slow = raw(gatedPort, get('/slow'), 3000, /slow$/);
  await delay(50);
  const queued = raw(gatedPort, get('/drain'), 3000, /drain$/);
  await delay(50);
  const refused = await raw(gatedPort, get('/drain'), 2000, /\}$/);
  t.match(refused.text, /^HTTP\/1\.1 503 /);
  t.match((await slow).text, /^HTTP\/1\.1 200 [\s\S]*slow$/);
  t.match((await queued).text, /^HTTP\/1\.1 200 [\s\S]*drain$/);
  const slowAgain = raw(gatedPort, get('/slow'), 3000, /slow$/);
  await delay(50);
  const leaving = connect(gatedPort, '127.0.0.1');
  leaving.on('error', () => undefined);
  leaving.write(get('/timer'));
  await delay(50);
  leaving.destroy();
  t.match((await slowAgain).text, /slow$/);
  const after = await raw(gatedPort, get('/drain'), 2000, /drain$/);
  t.match(after.text, /^HTTP\/1\.1 200 [\s\S]*drain$/, 'the slot freed and the gate serves again');
  await assertAlive(t);
});
