/**
 * deploy/nginx/tsgi.conf, run for real: Debian's nginx on a loopback port in front of two tsgi
 * workers, driven with HTTP and a WebSocket.
 *
 * The config file is used as shipped, with only its addresses rewritten (listen port, upstream
 * servers); the test wraps it in a minimal main config that keeps every path in a temp folder.
 * The client connects from 127.0.0.2 (all of 127/8 is loopback on Linux) while nginx reaches the
 * workers from 127.0.0.1, so the address an app sees tells who it believed:
 *   - worker "trusting" allows forwarded headers from 127.0.0.1 and sees the client, 127.0.0.2;
 *   - worker "wary" allows them from nobody and sees nginx, 127.0.0.1.
 * nginx alternates between the two (round robin is forced by rewriting the upstream).
 */
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { App } from '../../src/protocol/index.js';
import { serve, type ServerHandle } from '../../src/server/index.js';

const NGINX = '/usr/sbin/nginx';
const CLIENT_ADDRESS = '127.0.0.2';
const shippedConfig = readFileSync(fileURLToPath(new URL('../../deploy/nginx/tsgi.conf', import.meta.url)), 'utf8');

/** Answers every request and WebSocket with what the server told it about the connection. */
function reportingApp(worker: string): App {
  return async (scope, receive, send) => {
    if (scope.type === 'http') {
      const body = JSON.stringify({ worker, client: scope.client?.[0] ?? null, scheme: scope.scheme, path: scope.path });
      await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
      await send({ type: 'http.response.body', body });
    } else if (scope.type === 'websocket') {
      await receive();
      await send({ type: 'websocket.accept' });
      await send({ type: 'websocket.send', text: JSON.stringify({ worker, client: scope.client?.[0] ?? null, scheme: scope.scheme }) });
      for (;;) {
        const event = await receive();
        if (event.type !== 'websocket.receive') return;
        await send({ type: 'websocket.send', text: `echo:${event.text ?? ''}` });
      }
    }
  };
}

/** A port that was free a moment ago (nginx cannot be told to pick one). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Rewrites the shipped config's addresses, failing loudly if the file no longer has them. */
function configFor(listenPort: number, upstreamPorts: number[]): string {
  let text = shippedConfig;
  const replace = (pattern: RegExp, replacement: string, what: string): void => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx/tsgi.conf: ${what} not found`);
    text = text.replace(pattern, replacement);
  };
  replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${listenPort};`, 'listen 80');
  replace(/^\s*listen \[::\]:80;\n/m, '', 'listen [::]:80');
  // The shipped balancing (least_conn, a backup) would send everything to one worker here.
  replace(/^\s*least_conn;\n/m, '', 'least_conn');
  replace(/(^\s*server 127\.0\.0\.1:\d+[^;]*;\n)+/m, upstreamPorts.map((port) => `    server 127.0.0.1:${port};\n`).join(''), 'upstream servers');
  return text;
}

function mainConfig(dir: string): string {
  return [
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
    `  include ${dir}/tsgi.conf;`,
    '}',
  ].join('\n');
}

async function waitForPort(port: number, nginx: ChildProcess, dir: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (nginx.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '';
  throw new Error(`nginx did not open port ${port} within 5 s (exit ${nginx.exitCode}):\n${log}`);
}

interface Report { worker: string; client: string | null; scheme: string; path?: string }

/** GET through nginx from the client address, optionally with forged forwarding headers. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Report }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, localAddress: CLIENT_ADDRESS, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Report }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** What each worker is expected to see as the client address. */
const EXPECTED_CLIENT: Record<string, string> = { trusting: CLIENT_ADDRESS, wary: '127.0.0.1' };

if (!existsSync(NGINX)) {
  t.fail(`nginx is not installed at ${NGINX}: install it (apt-get install nginx) — CI does; this test cannot pass without it`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-nginx-'));
  const workers: ServerHandle[] = [
    await serve(reportingApp('trusting'), { port: 0, accessLog: false, logLevel: 'warning', proxyHeaders: true, forwardedAllowIps: ['127.0.0.1'] }),
    await serve(reportingApp('wary'), { port: 0, accessLog: false, logLevel: 'warning', proxyHeaders: true, forwardedAllowIps: [] }),
  ];
  const port = await freePort();
  writeFileSync(`${dir}/tsgi.conf`, configFor(port, workers.map((w) => w.port!)));
  writeFileSync(`${dir}/nginx.conf`, mainConfig(dir));
  const nginx = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', `daemon off; pid ${dir}/nginx.pid;`], { stdio: 'ignore' });
  t.teardown(async () => {
    if (nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    await Promise.all(workers.map((w) => w.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  await waitForPort(port, nginx, dir);

  t.test('HTTP requests reach both workers through nginx', async (t) => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const { status, body } = await get(port, `/hello?i=${i}`);
      t.equal(status, 200);
      t.equal(body.path, '/hello');
      seen.add(body.worker);
    }
    t.same([...seen].sort(), ['trusting', 'wary']);
  });

  t.test('only the worker that trusts nginx sees the forwarded client address', async (t) => {
    for (let i = 0; i < 4; i++) {
      const { body } = await get(port, '/who');
      t.equal(body.client, EXPECTED_CLIENT[body.worker], `worker ${body.worker}`);
      t.equal(body.scheme, 'http');
    }
  });

  t.test('a client cannot forge its address or scheme through nginx', async (t) => {
    for (let i = 0; i < 4; i++) {
      const { body } = await get(port, '/who', { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' });
      t.equal(body.client, EXPECTED_CLIENT[body.worker], `worker ${body.worker}`);
      t.equal(body.scheme, 'http', 'nginx overwrote the forged proto');
    }
  });

  t.test('forwarded headers sent straight to a worker by an untrusted peer are ignored', async (t) => {
    const { body } = await get(workers[0]!.port!, '/direct', { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' });
    t.equal(body.worker, 'trusting');
    t.equal(body.client, CLIENT_ADDRESS);
    t.equal(body.scheme, 'http');
  });

  t.test('a WebSocket upgrades through nginx, echoes, and sees the forwarded address', async (t) => {
    const workersSeen = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress: CLIENT_ADDRESS, handshakeTimeout: 5000 });
      const messages: string[] = [];
      const next = (): Promise<string> => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no WebSocket message within 5 s')), 5000);
        ws.once('message', (data) => { clearTimeout(timer); resolve(String(data)); });
      });
      const greeting = JSON.parse(await next()) as Report;
      workersSeen.add(greeting.worker);
      t.equal(greeting.client, EXPECTED_CLIENT[greeting.worker], `worker ${greeting.worker}`);
      t.equal(greeting.scheme, 'ws');
      const reply = next();
      ws.send('ping');
      messages.push(await reply);
      t.same(messages, ['echo:ping']);
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      ws.close(1000);
      t.equal(await closed, 1000);
    }
    t.same([...workersSeen].sort(), ['trusting', 'wary']);
  });
}
