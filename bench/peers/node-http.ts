/**
 * Peer `node-http`: the contract on Node's own `node:http` server, routed by hand.
 *
 * It shows what Node's HTTP parser and `ServerResponse` cost compared with uWebSockets.js. The
 * WebSocket echo uses the `ws` package on the server's `upgrade` event, as most Node apps do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BODY_LIMIT, NOT_FOUND, ROOT_BODY, TOO_LARGE, answerEcho, answerItem, type ContractAnswer } from './contract.js';
import { decodeSegment, queryValue } from './query-value.js';

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export function listen(port: number): Promise<number> {
  const server = createServer(route);
  // ws takes 100 MiB messages by default; 1 MiB as the tsgi server (a larger one closes with 1009).
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: BODY_LIMIT });
  sockets.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ws') return void socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (req.method === 'GET' && path === '/') return reply(res, { status: 200, body: ROOT_BODY });
  // `/items/` has no id: no route, as in the frameworks (not a 422).
  if (req.method === 'GET' && path.startsWith('/items/') && path.length > 7 && path.indexOf('/', 7) === -1) {
    // A malformed escape (`%zz`) stays as sent and fails as an integer; decodeURIComponent used to
    // throw here, which ended the process.
    const q = queryAt === -1 ? null : queryValue(url.slice(queryAt + 1), 'q');
    return reply(res, answerItem(decodeSegment(path.slice(7)), q));
  }
  if (req.method === 'POST' && path === '/echo') return readEcho(req, res);
  reply(res, NOT_FOUND);
}

/** Gathers the body up to {@link BODY_LIMIT}; past it, answers 413 at once and closes the connection. */
function readEcho(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    if (size > BODY_LIMIT) return;
    size += chunk.byteLength;
    if (size <= BODY_LIMIT) return void chunks.push(chunk);
    res.setHeader('connection', 'close');
    reply(res, TOO_LARGE);
    req.pause();
  });
  req.on('end', () => {
    if (size <= BODY_LIMIT) reply(res, answerEcho(Buffer.concat(chunks).toString('utf8')));
  });
}

function reply(res: ServerResponse, answer: ContractAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
