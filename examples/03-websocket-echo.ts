/**
 * Example 03 — a WebSocket echo: a conversation that lasts.
 *
 * What it teaches: a WebSocket scope starts as an upgrade request that the app must answer —
 * `websocket.accept` (optionally choosing one of the client's subprotocols) or `websocket.close`
 * to refuse. After accepting, messages flow both ways as `websocket.receive` / `websocket.send`,
 * each carrying either `text` or `bytes`, until one side closes: the client with
 * `websocket.disconnect` (carrying its close code), the app with `websocket.close`.
 *
 * What it does, at `/echo`: sends back every text message upper-cased and every binary message
 * unchanged; the text `bye` makes the app close with code 1000. Other paths are refused (403),
 * and plain HTTP requests get 426 Upgrade Required.
 *
 * Read beside: docs/protocol.md §3.2 (WebSocket events), §4.2 (the session's states).
 * Try it: `npm run build && node dist/src/server/cli.js serve dist/examples/03-websocket-echo.js --port 8000`,
 * then connect any WebSocket client to `ws://127.0.0.1:8000/echo`.
 */
import type { App, Receive, Send, WebSocketScope } from '../src/protocol/index.js';

/** The subprotocol this app speaks, if the client offers it. */
const SUBPROTOCOL = 'echo.v1';

async function echo(scope: WebSocketScope, receive: Receive, send: Send): Promise<void> {
  // The first event of every session is websocket.connect: the upgrade request itself.
  await receive();
  if (scope.path !== '/echo') return send({ type: 'websocket.close' });
  const subprotocol = scope.subprotocols.includes(SUBPROTOCOL) ? SUBPROTOCOL : null;
  await send({ type: 'websocket.accept', subprotocol });
  for (;;) {
    const event = await receive();
    if (event.type === 'websocket.disconnect') return; // The client closed; nothing more to send.
    if (event.type !== 'websocket.receive') continue;
    if (event.text === 'bye') return send({ type: 'websocket.close', code: 1000, reason: 'goodbye' });
    if (event.text !== undefined) await send({ type: 'websocket.send', text: event.text.toUpperCase() });
    else if (event.bytes !== undefined) await send({ type: 'websocket.send', bytes: event.bytes });
  }
}

/** The WebSocket echo app. */
export const app: App = async (scope, receive, send) => {
  switch (scope.type) {
    case 'websocket':
      return echo(scope, receive, send);
    case 'http':
      await send({ type: 'http.response.start', status: 426, headers: [['upgrade', 'websocket'], ['content-type', 'text/plain; charset=utf-8']] });
      return send({ type: 'http.response.body', body: 'connect with a WebSocket client to /echo\n' });
    case 'lifespan':
      for (;;) {
        const event = await receive();
        if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
        if (event.type === 'lifespan.shutdown') return send({ type: 'lifespan.shutdown.complete' });
      }
  }
};
