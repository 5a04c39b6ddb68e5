/**
 * Example 01 — a raw TSGI app: the whole protocol with nothing in between.
 *
 * What it teaches: an application is one async function `(scope, receive, send)`. The server calls
 * it once per HTTP request, once per WebSocket session and once for the lifespan, and `scope.type`
 * says which. A `switch` on that type (with `assertNever`) is all the routing a raw app needs.
 *
 * What it does: echoes HTTP requests. A request with a body gets its body back, with the same
 * content type; a request without one gets a line describing what it asked for. WebSocket
 * upgrades are refused (this app speaks HTTP only), and the lifespan is answered at once.
 *
 * Read beside: docs/protocol.md §1 (the app signature), §3.1 (HTTP events), §3.3 (lifespan).
 * Try it: `npm run build && node dist/src/server/cli.js serve dist/examples/01-raw-protocol-app.js --port 8000`,
 * then `curl -d hello http://127.0.0.1:8000/echo`.
 */
import { assertNever, headerValue, type App, type HttpScope, type Receive, type Send } from '../src/protocol/index.js';

/** Reads the request body, which arrives as one or more `http.request` events. */
async function readBody(receive: Receive): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const event = await receive();
    // The client may leave before sending everything; then there is nobody to answer.
    if (event.type === 'http.disconnect') return null;
    if (event.type !== 'http.request') continue;
    chunks.push(event.body);
    if (!event.moreBody) break;
  }
  return Buffer.concat(chunks);
}

async function echo(scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  const body = await readBody(receive);
  if (body === null) return;
  const query = scope.queryString ? `?${scope.queryString}` : '';
  const hasBody = body.length > 0;
  // Headers are [name, value] string pairs; a response may send any number, in order.
  await send({
    type: 'http.response.start',
    status: 200,
    headers: [
      ['content-type', hasBody ? (headerValue(scope.headers, 'content-type') ?? 'application/octet-stream') : 'text/plain; charset=utf-8'],
      ['x-echo-method', scope.method],
    ],
  });
  // One body event without `moreBody: true` completes the response. A string is sent as UTF-8.
  await send({ type: 'http.response.body', body: hasBody ? body : `${scope.method} ${scope.path}${query}\n` });
}

/** The lifespan of an app with nothing to set up: answer startup, then shutdown. */
async function lifespan(receive: Receive, send: Send): Promise<void> {
  for (;;) {
    const event = await receive();
    if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
    if (event.type === 'lifespan.shutdown') return send({ type: 'lifespan.shutdown.complete' });
  }
}

/** The echo app. */
export const app: App = async (scope, receive, send) => {
  switch (scope.type) {
    case 'http':
      return echo(scope, receive, send);
    case 'websocket':
      // Closing before accepting denies the upgrade; the server answers 403.
      await receive();
      return send({ type: 'websocket.close' });
    case 'lifespan':
      return lifespan(receive, send);
    default:
      // If TSGI ever grew a fourth scope type, this line would stop compiling.
      return assertNever(scope, 'scope');
  }
};
