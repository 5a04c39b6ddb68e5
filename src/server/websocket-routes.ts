/**
 * The uWS WebSocket behaviour: the upgrade checks and the callbacks that feed sessions.
 *
 * Checks on an upgrade request, before the app sees it:
 * - ambiguous framing → the connection is closed; request line and headers over `maxHeaderSize`
 *   → 431 (the HTTP handler's checks, which an upgrade would otherwise skip).
 * - `Sec-WebSocket-Version` other than 13 → 426 with `Sec-WebSocket-Version: 13` (RFC 6455
 *   §4.4). uWS v20.30 would otherwise accept any version.
 * - more than `maxWebSockets` sessions open → 503 with `Retry-After`.
 *
 * Limits enforced with uWS's help: messages over `wsMaxMessageSize` close the socket with 1009
 * (websocket-session.ts; uWS's own cap sits higher, see `hardMessageCap`); `wsIdleTimeout` closes silent sockets, and automatic pings keep live ones open.
 * uWS drops an outgoing message once a socket's buffer passes `maxBackpressure` (4 ×
 * `wsMaxBackpressure`); the session sees that in `send()`'s result and closes with 1008, and it caps
 * the messages waiting for the app (uWS cannot pause a WebSocket's reads) the same way.
 * Unmasked client frames are not rejected by uWS v20.30 and cannot be from above it.
 */
import type { Address, WebSocketScope } from '../protocol/index.js';
import { statusPhrase } from '../protocol/index.js';
import type { HttpRequest, HttpResponse, TemplatedApp, us_socket_context_t } from './uws-adapter.js';
import { readRequestHead, decodePath } from './request-head.js';
import { readConnection } from './connection-info.js';
import { WebSocketSession, type HandshakeCount, type SocketData } from './websocket-session.js';
import { ServerRejection, headTooLarge } from './errors.js';
import type { ServerRuntime } from './server-runtime.js';

/** Registers the WebSocket behaviour on `/*`. */
export function registerWebSockets(app: TemplatedApp, runtime: ServerRuntime, server: () => Address | null, tls: boolean): void {
  const options = runtime.options;
  const handshakes: HandshakeCount = { pending: 0 };
  app.ws<SocketData>('/*', {
    // uWS drops a connection whose message exceeds maxPayloadLength without a close frame (the
    // client sees 1006). So uWS's hard cap is set above ours, and a message over our limit is
    // answered with a proper 1009 close by the session; only a message over the hard cap is cut off.
    maxPayloadLength: hardMessageCap(options.wsMaxMessageSize),
    idleTimeout: options.wsIdleTimeout,
    sendPingsAutomatically: true,
    maxBackpressure: options.wsMaxBackpressure * 4,
    closeOnBackpressureLimit: 0,
    upgrade: (res, req, context) => upgrade(res, req, context, runtime, server(), tls, handshakes),
    open: (ws) => ws.getUserData().session.opened(ws),
    message: (ws, message, isBinary) => ws.getUserData().session.message(message, isBinary),
    drain: (ws) => ws.getUserData().session.drained(),
    close: (ws, code, message) => ws.getUserData().session.socketClosed(code, message),
  });
}

/** Twice the limit, and at least 64 KiB above it. */
function hardMessageCap(limit: number): number {
  return Math.min(2 ** 31 - 1, Math.max(limit * 2, limit + 64 * 1024));
}

function refuse(res: HttpResponse, runtime: ServerRuntime, rejection: ServerRejection, headers: Array<[string, string]>): void {
  runtime.counters.rejected += 1;
  res.writeStatus(`${rejection.status} ${statusPhrase(rejection.status)}`);
  for (const [name, value] of headers) res.writeHeader(name, value);
  res.writeHeader('content-type', 'application/json');
  res.writeHeader('server', runtime.options.serverHeader);
  res.end(rejection.body(), true);
}

function upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t, runtime: ServerRuntime, server: Address | null, tls: boolean, handshakes: HandshakeCount): void {
  const head = readRequestHead(req);
  // The same head checks as an HTTP request (request-handler.ts): uWS routes an upgrade here
  // instead, and without them an upgrade carried ambiguous framing and headers far past
  // `maxHeaderSize` (up to uWS's own ~128 KiB) to the app.
  if (head.framing === 'ambiguous') {
    runtime.counters.rejected += 1;
    runtime.log.warning('closed a connection with ambiguous request framing', { path: head.rawPath });
    res.close();
    return;
  }
  if (head.headerBytes > runtime.options.maxHeaderSize) {
    refuse(res, runtime, headTooLarge(head.headerBytes, runtime.options.maxHeaderSize), []);
    return;
  }
  const version = req.getHeader('sec-websocket-version');
  if (version !== '13') {
    refuse(res, runtime, new ServerRejection(426, 'bad-websocket-version', `Sec-WebSocket-Version must be 13, got ${JSON.stringify(version)}`), [['sec-websocket-version', '13']]);
    return;
  }
  // Handshakes in progress count too: each already runs the app, and an app that answers slowly
  // (an auth look-up) would otherwise let any number of upgrades past the limit at once.
  if (!runtime.ready || runtime.counters.websockets + handshakes.pending >= runtime.options.maxWebSockets) {
    refuse(res, runtime, new ServerRejection(503, 'too-many-websockets', 'no more WebSocket connections are accepted now'), [['retry-after', String(runtime.options.retryAfterSeconds)]]);
    return;
  }
  const keys = {
    key: req.getHeader('sec-websocket-key'),
    protocol: req.getHeader('sec-websocket-protocol'),
    extensions: req.getHeader('sec-websocket-extensions'),
    context,
  };
  const connection = readConnection(res, head.headers, head.forwarded, runtime.options, server, tls);
  const scope: WebSocketScope = {
    type: 'websocket',
    tsgi: { version: '1.0', specVersion: '1.0' },
    httpVersion: '1.1',
    scheme: connection.scheme === 'https' ? 'wss' : 'ws',
    path: runtime.options.rootPath + decodePath(head.rawPath),
    rawPath: head.rawPath,
    queryString: head.queryString,
    rootPath: runtime.options.rootPath,
    headers: head.headers,
    client: connection.client,
    server: connection.server,
    subprotocols: keys.protocol.split(',').map((p) => p.trim()).filter((p) => p !== ''),
    extensions: runtime.extensions,
  };
  if (runtime.state !== undefined) scope.state = runtime.scopeState();
  new WebSocketSession(res, scope, keys, runtime, handshakes).run();
}
