/**
 * The end of a WebSocket opening handshake: the app's answer to `websocket.connect`, checked
 * against the upgrade request and written as the HTTP reply to it (RFC 6455 §4.2.2,
 * docs/protocol.md §3.2, §4).
 *
 * Where it sits: websocket-routes.ts has already checked the upgrade request itself (framing,
 * header size, version 13, connection limit) and built the scope; websocket-session.ts runs the
 * app, and when the app answers the connect event the session calls here:
 * - `checkHandshakeAnswer` on every event the app sends, before the session takes it, so a bad
 *   answer rejects the app's `send()` and nothing reaches the socket;
 * - `writeAccept` for `websocket.accept`: the 101 and uWS's `upgrade()`;
 * - `writeHandshakeResponse` for every HTTP answer instead of the 101: the app's own denial
 *   (`websocket.http.response.*`, shaped by `denialHeaders` and `denialBody`), or the server's
 *   `UPGRADE_DENIED` / `APP_FAILED`.
 *
 * Why these rules live in the server and not in the protocol's `stepWebSocket`: the state machine
 * checks field types and event order, which need no I/O. These rules depend on the request (which
 * subprotocols the client offered) or on what the server writes itself (the handshake's headers,
 * the denial's body framing), so only the side that writes the reply can check them.
 */
import type { HeaderList, SendEvent } from '../protocol/index.js';
import { ProtocolError, statusPhrase } from '../protocol/index.js';
import type { HttpResponse, us_socket_context_t } from './uws-adapter.js';

/** What uWS needs to complete an upgrade, copied in the upgrade handler while `req` is valid. */
export interface UpgradeKeys {
  key: string;
  protocol: string;
  extensions: string;
  context: us_socket_context_t;
}

/** An HTTP answer to an upgrade request, written instead of the 101. */
export interface HandshakeResponse {
  status: number;
  headers: HeaderList;
  body: string | Uint8Array;
}

/** The app refused the upgrade without a response of its own: `websocket.close` first, or it returned. */
export const UPGRADE_DENIED: Readonly<HandshakeResponse> = Object.freeze<HandshakeResponse>({
  status: 403,
  headers: [['content-type', 'text/plain; charset=utf-8']],
  body: 'WebSocket upgrade denied',
});

/** The app threw or rejected before answering the handshake; the details go to the log only. */
export const APP_FAILED: Readonly<HandshakeResponse> = Object.freeze<HandshakeResponse>({
  status: 500,
  headers: [['content-type', 'application/json']],
  body: JSON.stringify({ error: { code: 'app-error', message: 'internal server error' } }),
});

/** Response headers of a 101 that the handshake writes itself; an app's copy would contradict them. */
const HANDSHAKE_HEADERS = new Set(['sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions', 'upgrade', 'connection', 'content-length', 'transfer-encoding']);

/** Headers that frame an HTTP body; the server writes its own for a denial response. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

/**
 * Throws a `ProtocolError` when the app's answer to `websocket.connect` breaks a rule that depends
 * on the request or on the server's own handshake (`state` names the session state, for the
 * message; other events pass unchecked):
 * - `websocket.accept` may choose only a subprotocol the client offered (docs/protocol.md §4,
 *   RFC 6455 §4.2.2). This also keeps a CR/LF in the chosen name off the 101's header block,
 *   since the offered names come from one parsed request header.
 * - its extra headers may not repeat one the handshake writes (`sec-websocket-protocol` is chosen
 *   through `subprotocol`; two `Sec-WebSocket-Accept` lines make the client fail the handshake).
 *
 * @example
 * ```ts
 * checkHandshakeAnswer({ type: 'websocket.accept', subprotocol: 'chat' }, 'handshake', ['chat']); // passes
 * checkHandshakeAnswer({ type: 'websocket.accept', subprotocol: 'mqtt' }, 'handshake', ['chat']); // throws invalid-subprotocol
 * ```
 */
export function checkHandshakeAnswer(event: SendEvent, state: string, offered: readonly string[]): void {
  if (event.type === 'websocket.accept') {
    const chosen = event.subprotocol;
    if (chosen !== undefined && chosen !== null && chosen !== '' && !offered.includes(chosen)) {
      throw new ProtocolError('invalid-subprotocol', state, event.type, `subprotocol ${JSON.stringify(chosen)} was not offered by the client (offered: ${offered.join(', ') || 'none'})`);
    }
    for (const [name] of event.headers ?? []) {
      if (HANDSHAKE_HEADERS.has(name.toLowerCase())) {
        throw new ProtocolError('invalid-headers', state, event.type, `header ${name} is written by the server's handshake${name.toLowerCase() === 'sec-websocket-protocol' ? '; choose it with subprotocol' : ''}`);
      }
    }
  }
}

/**
 * Answers the upgrade with 101 and hands the connection to uWS: the app's extra headers first,
 * then uWS writes the handshake's own (`Sec-WebSocket-Accept`, the chosen subprotocol) and calls
 * the `open` handler with `data` as the socket's user data. Corked, so the 101 leaves in one write.
 */
export function writeAccept<UserData>(res: HttpResponse, data: UserData, keys: UpgradeKeys, subprotocol: string | null, headers: HeaderList): void {
  res.cork(() => {
    res.writeStatus('101 Switching Protocols');
    for (const [name, value] of headers) res.writeHeader(name, value);
    res.upgrade(data, keys.key, subprotocol ?? '', keys.extensions, keys.context);
  });
}

/**
 * Answers the upgrade with HTTP instead of 101 and closes the connection: no WebSocket follows a
 * refused handshake, and the client may not reuse the connection for a request either. uWS frames
 * `body` with `Content-Length`.
 */
export function writeHandshakeResponse(res: HttpResponse, response: Readonly<HandshakeResponse>, serverHeader: string): void {
  res.cork(() => {
    res.writeStatus(`${response.status} ${statusPhrase(response.status)}`);
    for (const [name, value] of response.headers) res.writeHeader(name, value);
    res.writeHeader('server', serverHeader);
    res.end(response.body, true);
  });
}

/**
 * The app's denial headers as written: without its own `Content-Length` or `Transfer-Encoding`.
 * The server frames the body itself (uWS writes `Content-Length`), and an app's framing next to it
 * would give the client two framings to choose from.
 */
export function denialHeaders(headers: HeaderList): HeaderList {
  return headers.filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase()));
}

/** The app's denial body: its `websocket.http.response.body` chunks joined, strings as UTF-8. */
export function denialBody(chunks: ReadonlyArray<Uint8Array | string>): Uint8Array {
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}
