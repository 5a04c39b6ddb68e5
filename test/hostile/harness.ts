/**
 * The target of the hostile-client suites: a small framework app served by the real server on
 * 127.0.0.1, and raw-socket helpers whose every wait is bounded.
 *
 * The app records every path it is asked for, so a test can prove that a smuggled request was
 * never dispatched (`hits` stays empty for `/smuggled`), and it serves a static directory whose
 * parent holds a secret file, so a traversal that escapes the root would be visible.
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, staticFiles } from '../../src/app/index.js';
import { serve, type ServerHandle, type ServerOptions } from '../../src/server/index.js';
import { raw, type RawResult } from '../server/helpers.js';

/** Text inside the file that sits outside the static root. */
export const SECRET = 'TOP-SECRET-7f3a';

/** A running target and what it saw. */
export interface Target {
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** Builds the app under attack. */
function hostileApp(hits: string[], staticRoot: string): App {
  const app = new App({ logger: { error: () => undefined } });
  app.get('/ok', () => ({ ok: true }));
  app.get('/smuggled', () => (hits.push('/smuggled'), 'smuggled'));
  app.post('/echo', async (request) => {
    hits.push('/echo');
    const body = (await request.json()) as Record<string, unknown>;
    const probe = {} as Record<string, unknown>;
    return { keys: Object.keys(body ?? {}).length, polluted: probe.polluted ?? null, protoIntact: Object.getPrototypeOf(body) === Object.prototype || body === null || Array.isArray(body) || typeof body !== 'object' };
  });
  app.post('/drain', async (request) => ({ bytes: (await request.bytes()).byteLength }));
  app.get('/query', (request) => ({ count: [...request.query.keys()].length }));
  app.get('/big', () => 'x'.repeat(256 * 1024));
  app.mount('/static', staticFiles({ directory: staticRoot }));
  app.websocket('/ws/echo', async (ws) => {
    await ws.accept();
    for await (const message of ws) await (typeof message === 'string' ? ws.sendText(message) : ws.sendBytes(message));
  });
  // Accepts, then does not read for 2 s: messages pile up on the server's side meanwhile.
  app.websocket('/ws/deaf', async (ws) => {
    await ws.accept();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for await (const message of ws) void message;
  });
  return app;
}

/** Serves the hostile app on an ephemeral port with a temp static tree. */
export async function startTarget(options: Partial<ServerOptions> = {}): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-hostile-'));
  const root = join(dir, 'public');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'hello.txt'), 'hello');
  writeFileSync(join(root, 'sub', 'inner.txt'), 'inner');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  const hits: string[] = [];
  const handle: ServerHandle = await serve(hostileApp(hits, root), {
    host: '127.0.0.1', port: 0, accessLog: false, logLevel: 'critical', lifespan: 'off', idleQuietPeriodMs: 50, ...options,
  });
  return {
    port: handle.port!,
    hits,
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a raw exchange produced: every byte received, and whether the server closed the socket. */
export type RawAnswer = RawResult;

/** Opens a socket, resolving once connected (or rejecting after `ms`). */
export function open(port: number, ms = 3000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('connect timed out'))), ms);
    socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** Writes `payload` on a fresh connection and collects the answer (see `raw` in the server tests). */
export const exchange = raw;

/** Every HTTP status line in a raw answer. */
export function statusLines(text: string): string[] {
  return text.match(/HTTP\/1\.1 \d{3}/g) ?? [];
}

/** A plain GET, as one string. */
export function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;
}

/**
 * The health check run after every hostile case: a normal request on a fresh connection is
 * answered 200 within `ms`. Returns the latency in ms, or -1 when it was not answered.
 */
export async function healthy(port: number, ms = 3000): Promise<number> {
  const started = performance.now();
  const answer = await exchange(port, get('/ok', 'Connection: close\r\n'), ms, /\{"ok":true\}/);
  return /^HTTP\/1\.1 200/.test(answer.text) && answer.text.includes('{"ok":true}') ? performance.now() - started : -1;
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
