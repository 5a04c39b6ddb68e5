/**
 * Example 02 — streaming: a body that arrives in pieces, in both directions.
 *
 * What it teaches: an HTTP body is a series of events, not one value. The app sends a response
 * in chunks over time with `moreBody: true` (the server writes each chunk as it comes, with
 * chunked encoding), and it reads a request body chunk by chunk without holding it all. It also
 * shows the one thing a streaming app must not forget: the client may leave at any moment, and
 * `receive()` then yields `http.disconnect` — the signal to stop producing.
 *
 * Routes:
 * - `GET /count?to=5&every=100` streams the lines `1` … `to`, one every `every` milliseconds;
 * - `POST /upload` reads the body as it streams in and reports how many chunks and bytes arrived.
 *
 * Read beside: docs/protocol.md §3.1 (`moreBody`), §5 (disconnects).
 * Try it: `npm run build && node dist/src/server/cli.js serve dist/examples/02-streaming.js --port 8000`,
 * then `curl -N 'http://127.0.0.1:8000/count?to=5&every=300'`.
 */
import type { App, HttpScope, Receive, Send } from '../src/protocol/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A number from the query string, clamped to a safe range, or `fallback`. */
function queryNumber(scope: HttpScope, name: string, fallback: number, max: number): number {
  const value = Number(new URLSearchParams(scope.queryString).get(name));
  return Number.isInteger(value) && value >= 0 ? Math.min(value, max) : fallback;
}

/**
 * Resolves when the client disconnects. The request body of a GET is a single empty event, so
 * after reading it, the next `receive()` only returns when the client goes away.
 */
async function disconnected(receive: Receive): Promise<void> {
  for (;;) if ((await receive()).type === 'http.disconnect') return;
}

async function count(scope: HttpScope, receive: Receive, send: Send): Promise<void> {
  const to = queryNumber(scope, 'to', 5, 1000);
  const every = queryNumber(scope, 'every', 100, 10_000);
  let gone = false;
  void disconnected(receive).then(() => (gone = true));
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain; charset=utf-8']] });
  for (let n = 1; n <= to; n++) {
    if (gone) return; // Nobody is reading; stop the work instead of finishing it.
    await send({ type: 'http.response.body', body: `${n}\n`, moreBody: true });
    if (n < to) await sleep(every);
  }
  await send({ type: 'http.response.body', body: '' });
}

async function upload(receive: Receive, send: Send): Promise<void> {
  let chunks = 0;
  let bytes = 0;
  for (;;) {
    const event = await receive();
    if (event.type === 'http.disconnect') return;
    if (event.type !== 'http.request') continue;
    // Each chunk is looked at and dropped: memory stays flat whatever the upload's size.
    if (event.body.length > 0) chunks++;
    bytes += event.body.length;
    if (!event.moreBody) break;
  }
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
  await send({ type: 'http.response.body', body: JSON.stringify({ chunks, bytes }) });
}

async function notFound(send: Send): Promise<void> {
  await send({ type: 'http.response.start', status: 404, headers: [['content-type', 'text/plain; charset=utf-8']] });
  await send({ type: 'http.response.body', body: 'try GET /count or POST /upload\n' });
}

/** The streaming app. */
export const app: App = async (scope, receive, send) => {
  if (scope.type === 'lifespan') {
    // Nothing to set up: answer each lifespan question as it comes.
    for (;;) {
      const event = await receive();
      if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
      if (event.type === 'lifespan.shutdown') return send({ type: 'lifespan.shutdown.complete' });
    }
  }
  if (scope.type === 'websocket') {
    await receive();
    return send({ type: 'websocket.close' });
  }
  if (scope.method === 'GET' && scope.path === '/count') return count(scope, receive, send);
  if (scope.method === 'POST' && scope.path === '/upload') return upload(receive, send);
  return notFound(send);
};
