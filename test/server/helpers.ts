/**
 * Helpers shared by the server tests: start a server on 127.0.0.1 port 0 with quiet logs, and
 * talk to it over a raw socket with a time bound.
 */
import { connect } from 'node:net';
import type { App } from '../../src/protocol/index.js';
import { serve, type ServerHandle, type ServerOptions } from '../../src/server/index.js';

/** Serves `app` on an ephemeral port with logging off unless asked for. */
export function start(app: App, options: Partial<ServerOptions> = {}): Promise<ServerHandle & { port: number; url: string }> {
  return serve(app, { host: '127.0.0.1', port: 0, accessLog: false, logLevel: 'critical', idleQuietPeriodMs: 50, ...options }).then((handle) => ({
    ...handle,
    port: handle.port!,
    url: `http://127.0.0.1:${handle.port}`,
  }));
}

/** What a raw exchange produced: every byte received, and whether the server closed the socket. */
export interface RawResult {
  text: string;
  closedByServer: boolean;
}

/**
 * Writes `payload` (one piece, or several written in order) on a fresh connection and collects the
 * answer until the server closes the socket, `waitMs` passes, or `until` matches what arrived.
 * The hostile-client suites use it too (test/hostile/harness.ts).
 */
export function raw(port: number, payload: string | Buffer | Array<string | Buffer>, waitMs = 1500, until?: RegExp): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (until && until.test(Buffer.concat(chunks).toString('latin1'))) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    for (const part of Array.isArray(payload) ? payload : [payload]) socket.write(part);
  });
}

/** Counts HTTP status lines in a raw answer. */
export function statusLines(text: string): string[] {
  return text.match(/HTTP\/1\.1 \d{3}[^\r]*/g) ?? [];
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` every 10 ms until it holds or `ms` pass; says whether it held. Tests wait on
 * what they observe this way, not on a fixed sleep, so a slow (loaded) machine only slows them.
 */
export async function eventually(condition: () => boolean, ms = 5000): Promise<boolean> {
  for (const deadline = Date.now() + ms; !condition(); ) {
    if (Date.now() > deadline) return false;
    await delay(10);
  }
  return true;
}

/** A minimal app answering every request with `body` (and the lifespan with complete). */
export function textApp(body: string | ((scope: import('../../src/protocol/index.js').HttpScope) => string)): App {
  return async (scope, receive, send) => {
    if (scope.type === 'lifespan') {
      for (;;) {
        const event = await receive();
        if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
        else return send({ type: 'lifespan.shutdown.complete' });
      }
    }
    if (scope.type !== 'http') return;
    await receive();
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    await send({ type: 'http.response.body', body: typeof body === 'string' ? body : body(scope) });
  };
}

/** Waits for `promise`, or `ms` at most; the timer is cleared so it never keeps the process alive. */
export async function bounded<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
