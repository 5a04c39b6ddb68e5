/**
 * Differential harness: run one TSGI app through the in-process test client and through the real
 * server (uWebSockets.js on 127.0.0.1, port 0, real sockets), and describe both results in the
 * same terms, so a test can compare them with one `t.same`.
 *
 * The two cannot be identical byte for byte, and the differences are the protocol's own:
 * - the server writes framing and bookkeeping headers (`date`, `server`, `content-length`,
 *   `transfer-encoding`, `connection`, uWS's own `uwebsockets`), so those are left out;
 * - where the server turns an app failure into what a client can see (docs/protocol.md §4.4: a
 *   500 before the response started, a cut connection after), the test client rejects the call
 *   with the app's error instead. `Outcome` names the failure by *when* it happened, which both
 *   sides can tell: before the response started, or in the middle of it.
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { App } from '../../../src/protocol/index.js';
import { ProtocolError, TestClient, WebSocketDenied, type TestClientOptions, type TestRequestOptions } from '../../../src/protocol/index.js';

/** What a client learns from one HTTP request. */
export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Array<[string, string]>; body: string }
  /** The app failed before starting a response (server: its own 500; test client: the call rejects). */
  | { kind: 'failed-before-response' }
  /** The app failed after starting one (server: the connection is cut; test client: the body read rejects). */
  | { kind: 'failed-mid-response' };

/** Headers only the server writes (framing, date, its name): not part of what the app said. */
const SERVER_OWNED = new Set(['date', 'server', 'content-length', 'transfer-encoding', 'connection', 'uwebsockets']);

function comparable(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return headers.map(([name, value]): [string, string] => [name.toLowerCase(), value]).filter(([name]) => !SERVER_OWNED.has(name));
}

/** One request through the test client. A rejection is classified by replaying the request as a stream. */
export async function viaTestClient(app: App, method: string, path: string, options: TestRequestOptions = {}, clientOptions: TestClientOptions = {}): Promise<HttpOutcome> {
  const client = new TestClient(app, { timeoutMs: 1000, ...clientOptions });
  try {
    const response = await client.request(method, path, options);
    return { kind: 'response', status: response.status, headers: comparable(response.headers), body: response.text };
  } catch {
    // `stream()` resolves at http.response.start: whether it does says when the failure came.
    try {
      const stream = await client.stream(method, path, options);
      await stream.finished.catch(() => undefined);
      return { kind: 'failed-mid-response' };
    } catch {
      return { kind: 'failed-before-response' };
    }
  }
}

/** The body of a 500 the server writes itself when the app failed before responding. */
const SERVER_FAILURE = /^\{"error":\{"code":"(app-error|no-response)"/;

/** One request to a running server over a fresh TCP connection. */
export function viaServer(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      req.destroy();
      settle({ kind: 'failed-mid-response' });
    }, 2000);
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent: false, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('aborted', () => settle({ kind: 'failed-mid-response' }));
      res.on('error', () => settle({ kind: 'failed-mid-response' }));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 500 && SERVER_FAILURE.test(body)) return settle({ kind: 'failed-before-response' });
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        settle({ kind: 'response', status: res.statusCode!, headers: comparable(pairs), body });
      });
    });
    // A connection closed before any response is a response cut short: the start was lost with it.
    req.on('error', () => settle({ kind: 'failed-mid-response' }));
    req.end(options.body);
  });
}

/** What a client learns from one WebSocket session. */
export type WebSocketOutcome =
  | { kind: 'accepted'; subprotocol: string | null; replies: string[]; code: number }
  | { kind: 'denied'; status: number }
  /** The app failed before answering the handshake (server: HTTP 500; test client: the call rejects). */
  | { kind: 'failed-before-accept' };

/** A WebSocket session played from the client side: offer subprotocols, send texts, read until closed. */
export interface WebSocketScript {
  path: string;
  subprotocols?: string[];
  /** Texts sent once the app accepted, in order. */
  texts: string[];
}

/**
 * What the server does when an app *returns* with the upgrade unanswered — never answered, or a
 * denial response left unfinished, which a server holds until its last body event (§4.4): 403.
 * The test client reports the same thing as the rule the app broke.
 */
const UNANSWERED_UPGRADE = new Set(['returned-without-handshake', 'returned-mid-response']);

/** One session through the test client: replies are read until the app closes. */
export async function webSocketViaTestClient(app: App, script: WebSocketScript): Promise<WebSocketOutcome> {
  const client = new TestClient(app, { timeoutMs: 1000 });
  let ws;
  try {
    ws = await client.websocket(script.path, { subprotocols: script.subprotocols });
  } catch (error) {
    if (error instanceof WebSocketDenied) return { kind: 'denied', status: error.status };
    if (error instanceof ProtocolError && UNANSWERED_UPGRADE.has(error.rule)) return { kind: 'denied', status: 403 };
    return { kind: 'failed-before-accept' };
  }
  for (const text of script.texts) ws.sendText(text);
  const replies: string[] = [];
  for (;;) {
    try {
      replies.push(await ws.receiveText());
    } catch {
      // The session is over, whichever way: the close code the client saw says how.
      const close = await Promise.race([ws.closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000))]);
      return { kind: 'accepted', subprotocol: ws.subprotocol, replies, code: close?.code ?? -1 };
    }
  }
}

/** One session against a running server, with the `ws` client. */
export function webSocketViaServer(port: number, script: WebSocketScript): Promise<WebSocketOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${script.path}`, script.subprotocols ?? []);
    const replies: string[] = [];
    const timer = setTimeout(() => {
      socket.terminate();
      resolve({ kind: 'accepted', subprotocol: socket.protocol || null, replies, code: -1 });
    }, 2000);
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      response.resume();
      resolve(response.statusCode === 500 ? { kind: 'failed-before-accept' } : { kind: 'denied', status: response.statusCode! });
      socket.terminate();
    });
    // A handshake the client refuses (a subprotocol it did not offer) ends in 'close' with 1006.
    socket.on('error', () => undefined);
    socket.on('open', () => {
      for (const text of script.texts) socket.send(text);
    });
    socket.on('message', (data: Buffer) => replies.push(data.toString('utf8')));
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ kind: 'accepted', subprotocol: socket.protocol || null, replies, code });
    });
  });
}
