/**
 * Peer `uws`: the contract served straight from uWebSockets.js, with no layer above it.
 *
 * This is the physical limit for tsgi (which runs on the same library): every other peer's figure is
 * reported as a ratio to this one. Handlers answer synchronously where they can, so uWS corks the
 * status, headers and body into one write; `/echo` gathers its body with `onData` (the chunks are only
 * valid during the callback, hence the copy) and must register `onAborted` before any async work.
 */
import uWS from 'uWebSockets.js';
import { BODY_LIMIT, NOT_FOUND, ROOT_BODY, TOO_LARGE, answerEcho, answerItem, type ContractAnswer } from './contract.js';
import { decodeSegment, queryValue } from './query-value.js';

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export function listen(port: number): Promise<number> {
  const app = uWS.App();
  app.get('/', (res) => {
    res.writeHeader('content-type', 'application/json').end(ROOT_BODY);
  });
  app.get('/items/:id', (res, req) => {
    // uWS hands the segment and the query over as sent: decoded here as the frameworks decode them.
    reply(res, answerItem(decodeSegment(req.getParameter(0) ?? ''), queryValue(req.getQuery() ?? '', 'q')));
  });
  app.post('/echo', (res) => {
    const state = { aborted: false };
    res.onAborted(() => {
      state.aborted = true;
    });
    readBody(res, (text) => {
      if (!state.aborted) res.cork(() => reply(res, answerEcho(text)));
    });
  });
  return echoAndListen(app, port, 'uws');
}

/**
 * Adds the `/ws` echo and the 404 for every other path, and binds 127.0.0.1:`port` (shared with the
 * `uws-async` peer). Without the catch-all, uWS closes the connection on an unknown path without a
 * word.
 */
export function echoAndListen(app: uWS.TemplatedApp, port: number, peer: string): Promise<number> {
  app.any('/*', (res) => reply(res, NOT_FOUND));
  app.ws('/ws', {
    compression: uWS.DISABLED,
    idleTimeout: 60,
    // uWS's default is 16 KiB (a larger message drops the connection); the tsgi server takes 1 MiB.
    maxPayloadLength: BODY_LIMIT,
    message: (ws, message, isBinary) => {
      ws.send(message, isBinary);
    },
  });
  return new Promise((resolve, reject) => {
    app.listen('127.0.0.1', port, (socket) => {
      if (socket) resolve(uWS.us_socket_local_port(socket));
      else reject(new Error(`${peer} peer could not listen on 127.0.0.1:${port}`));
    });
  });
}

/** Writes a computed answer with its status line (shared with the `uws-async` peer). */
export function reply(res: uWS.HttpResponse, answer: ContractAnswer): void {
  res.writeStatus(STATUS_LINES[answer.status] ?? String(answer.status));
  res.writeHeader('content-type', 'application/json').end(answer.body);
}

/**
 * Copies each chunk (uWS reuses the buffer after the callback) and hands over the whole body as text.
 * A body past {@link BODY_LIMIT} is answered 413 here, at once, and the connection closed (the rest is
 * not read); `done` is then never called.
 */
export function readBody(res: uWS.HttpResponse, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.onData((chunk, isLast) => {
    if (size > BODY_LIMIT) return;
    size += chunk.byteLength;
    if (size > BODY_LIMIT) {
      res.cork(() => {
        res.writeStatus(STATUS_LINES[TOO_LARGE.status]!).writeHeader('content-type', 'application/json').end(TOO_LARGE.body, true);
      });
      return;
    }
    chunks.push(Buffer.from(new Uint8Array(chunk)));
    if (isLast) done(Buffer.concat(chunks).toString('utf8'));
  });
}

const STATUS_LINES: Record<number, string> = { 200: '200 OK', 400: '400 Bad Request', 404: '404 Not Found', 413: '413 Content Too Large', 422: '422 Unprocessable Entity' };
