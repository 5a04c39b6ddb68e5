/**
 * Starts the real tagifai service (committed model, real onnxruntime) on 127.0.0.1 with port 0,
 * for the end-to-end tests, and gives them small HTTP and WebSocket helpers. Each service gets its
 * own models folder and database path (`isolated-environment.ts`), so a `v2` trained by a user or
 * a `data/predictions.sqlite` written by `npm run batch` does not change what the tests see.
 */
import type { Test } from 'tap';
import WebSocket from 'ws';
import { createClassifierApp } from '../../../src/classifier/app.js';
import { loadConfig, serverBodyLimit, type ClassifierConfig } from '../../../src/classifier/config.js';
import type { ServiceContext } from '../../../src/classifier/service-context.js';
import { serve, type ServerHandle, type ServerOptions } from '../../../src/server/index.js';
import { isolatedEnvironment } from '../isolated-environment.js';

export interface RunningService {
  url: string;
  port: number;
  context: ServiceContext;
  server: ServerHandle;
  /** `fetch` relative to the service; JSON bodies get the JSON Content-Type. */
  request(path: string, init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  websocket(protocols?: string[]): Promise<WebSocket>;
}

/**
 * Starts the service with `overrides` applied to the default configuration; closed when `t` ends.
 * The server's body limit is the one `src/classifier/main.ts` gives it (`serverBodyLimit`), so the
 * tests meet the same two limits as production. The models folder holds only the committed version (`COMMITTED_VERSION`)
 * and the database path is in a temporary folder, unless `overrides` names others.
 */
export async function startService(t: Test, overrides: Partial<ClassifierConfig> = {}, serverOptions: Partial<ServerOptions> = {}): Promise<RunningService> {
  const { modelsDir, database } = isolatedEnvironment(t);
  const config = { ...loadConfig([], {}), port: 0, modelsDir, database, ...overrides };
  const { app, context } = createClassifierApp(config);
  const server = await serve(app, { host: '127.0.0.1', port: 0, maxBodySize: serverBodyLimit(config), accessLog: false, logLevel: 'error', handleSignals: false, ...serverOptions });
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url, port: server.port!, context, server,
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
      const response = await fetch(url + path, {
        method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers, body, text };
    },
    websocket(protocols) {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws/predict`, protocols ?? []);
        const timer = setTimeout(() => reject(new Error('websocket open timed out')), 5000);
        socket.once('open', () => (clearTimeout(timer), resolve(socket)));
        socket.once('error', (error) => (clearTimeout(timer), reject(error)));
        socket.once('unexpected-response', (_req, res) => (clearTimeout(timer), reject(new Error(`handshake refused: ${res.statusCode}`))));
      });
    },
  };
}

/** The next `count` messages of a socket, parsed, within a timeout. */
export function nextMessages(socket: WebSocket, count: number): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const received: unknown[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${received.length}/${count} messages arrived`)), 10_000);
    const onMessage = (data: WebSocket.RawData) => {
      received.push(JSON.parse(data.toString()));
      if (received.length === count) {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(received);
      }
    };
    socket.on('message', onMessage);
  });
}

/** Resolves with the close code of a socket. */
export function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not close')), 10_000);
    socket.once('close', (code) => (clearTimeout(timer), resolve(code)));
  });
}

export const LABELS = ['computer-vision', 'mlops', 'natural-language-processing', 'other'];
