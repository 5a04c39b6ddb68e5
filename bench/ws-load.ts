/**
 * A WebSocket load client: many connections, each keeping a window of messages in flight, counting
 * the replies for a fixed time.
 *
 * wrk cannot speak WebSocket, so the harness runs this file as its own process pinned to the load
 * core: `node ws-load.js --url ws://127.0.0.1:8000/ws --message hi --seconds 5`. It prints one JSON
 * line `{"messages": n, "seconds": s, "closedEarly": c}` (connections the server closed mid-run). Pipelining (a window > 1) keeps the server busy even though
 * one Node client is slower per message than the uWS server it measures; the harness also reports
 * the server's CPU time per message, which does not depend on the client's speed.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

/** How to load one endpoint. */
export interface WebSocketLoad {
  url: string;
  message: string;
  seconds: number;
  connections: number;
  /** Messages in flight per connection. */
  window: number;
}

/** Runs the load and resolves with the replies received and the time it took. */
export async function loadWebSocket(load: WebSocketLoad): Promise<{ messages: number; seconds: number; closedEarly: number }> {
  // A string goes out as a text frame, as the JSON protocols under test expect.
  const payload = load.message;
  const sockets = await Promise.all(Array.from({ length: load.connections }, () => open(load.url)));
  let messages = 0;
  let closedEarly = 0;
  const started = performance.now();
  const deadline = started + load.seconds * 1000;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          let inFlight = 0;
          socket.on('message', () => {
            messages++;
            inFlight--;
            if (performance.now() < deadline) {
              socket.send(payload);
              inFlight++;
            } else if (inFlight === 0) resolve();
          });
          socket.on('close', () => {
            if (performance.now() < deadline) closedEarly++;
            resolve();
          });
          for (let n = 0; n < load.window; n++, inFlight++) socket.send(payload);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.close();
  return { messages, seconds, closedEarly };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      message: { type: 'string', default: 'hello' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      window: { type: 'string', default: '8' },
    },
  });
  if (!values.url) throw new Error('ws-load needs --url ws://127.0.0.1:<port>/<path>');
  const result = await loadWebSocket({ url: values.url, message: values.message!, seconds: Number(values.seconds), connections: Number(values.connections), window: Number(values.window) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
