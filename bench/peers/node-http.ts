/**
 * Peer `node-http`: the contract on Node's own `node:http` server, routed by hand.
 *
 * It shows what Node's HTTP parser and `ServerResponse` cost compared with uWebSockets.js. The
 * WebSocket echo uses the `ws` package on the server's `upgrade` event, as most Node apps do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ROOT_BODY, answerEcho, answerItem, type ContractAnswer } from './contract.js';

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export function listen(port: number): Promise<number> {
  const server = createServer(route);
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
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
  if (req.method === 'GET' && path.startsWith('/items/') && path.indexOf('/', 7) === -1) {
    const q = queryAt === -1 ? null : new URLSearchParams(url.slice(queryAt + 1)).get('q');
    return reply(res, answerItem(decodeURIComponent(path.slice(7)), q));
  }
  if (req.method === 'POST' && path === '/echo') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => reply(res, answerEcho(Buffer.concat(chunks).toString('utf8'))));
    return;
  }
  reply(res, { status: 404, body: '{"detail":"Not Found"}' });
}

function reply(res: ServerResponse, answer: ContractAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
