/**
 * One WebSocket session: an upgrade request turned into a `websocket` scope, and the app guarded
 * from `websocket.connect` to the close (docs/protocol.md §3.2, §4.2).
 *
 * Where it sits: created by the upgrade handler (websocket-routes.ts) after the version and limit
 * checks. The app is called before the upgrade is answered: its first `receive()` is
 * `websocket.connect`, and its answer decides the HTTP reply — `websocket.accept` → 101,
 * `websocket.close` → 403, `websocket.http.response.*` → the app's own denial response. What that
 * answer may say and how it is written is websocket-handshake.ts; this file decides when. Either
 * denial ends the session: `receive()` then answers `websocket.disconnect` (1006).
 * After the upgrade, uWS's `message`/`drain`/`close` callbacks feed this object through the
 * `WebSocket` handle. Every send passes the protocol's WebSocket state machine first.
 *
 * Backpressure, both directions:
 * - Outgoing: `send()` resolves at once while uWS's buffer for this socket is below
 *   `wsMaxBackpressure`, and otherwise waits for uWS's `drain` callback. uWS itself drops a
 *   message once the buffer passes four times that (our `maxBackpressure`); an app that sends
 *   without awaiting gets there, and since a silently lost message breaks any reply protocol the
 *   session closes the socket with 1008 instead.
 * - Incoming: uWS v20.30 cannot pause reading a WebSocket (its WebSocket has no `pause()`; only
 *   `HttpResponse` has one), so messages arrive as fast as the client sends them whether or not
 *   the app reads. The inbox is therefore capped: past `wsMaxQueuedMessages` messages or
 *   `wsMaxQueuedBytes` characters/bytes (default 4 × `wsMaxMessageSize`) waiting for `receive()`,
 *   the socket is closed with 1008 (policy violation) instead of growing memory without bound.
 * - On a disconnect the messages still waiting are dropped and `websocket.disconnect` is the next
 *   event (docs/protocol.md §5.1): nobody is left to read a reply, and a flooded backlog would
 *   otherwise keep the app busy long after the client left.
 */
import type { HeaderList, SendEvent, WebSocketReceiveEventUnion, WebSocketScope } from '../protocol/index.js';
import { stepWebSocket, type WebSocketState } from '../protocol/index.js';
import type { HttpResponse, WebSocket } from './uws-adapter.js';
import type { ServerRuntime, Closable } from './server-runtime.js';
import { wsQueuedBytesLimit } from './config.js';
import { RESOLVED } from './response-writer.js';
import {
  APP_FAILED, UPGRADE_DENIED, checkHandshakeAnswer, denialBody, denialHeaders, writeAccept, writeHandshakeResponse,
  type HandshakeResponse, type UpgradeKeys,
} from './websocket-handshake.js';

/**
 * Upgrades still in their handshake (the app has not accepted or denied yet). They count against
 * `maxWebSockets` with the open sockets: each one is already running the app.
 */
export interface HandshakeCount {
  pending: number;
}

/** The user data uWS keeps on an upgraded socket: the session it belongs to. */
export interface SocketData {
  session: WebSocketSession;
}

const decoder = new TextDecoder();

/**
 * Endings after which messages still waiting for the app are dropped: the connection broke (1006),
 * or the server closed it for a limit (1008 flood, 1009 too big) — the backlog is what was wrong.
 * After a clean close frame from the client they are delivered first, in order, as the client sent
 * them before saying goodbye (a last "save this" must not be lost); the caps bound that backlog.
 */
const DROPS_BACKLOG = new Set([1006, 1008, 1009]);

/** String methods of ES2024 (Node 20 has them; the project's `lib` is ES2023). */
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * `text` with any lone UTF-16 surrogate replaced by U+FFFD, as `TextEncoder` would. uWS encodes a
 * lone surrogate into bytes that are not UTF-8, and a client must fail the whole connection on
 * such a text frame (RFC 6455 §8.1: measured, `ws` closes with 1007 and later messages are lost).
 * The check is one pass over the string; a well-formed one is passed through unchanged.
 */
function wellFormed(text: string): string {
  const checked = text as WellFormedString;
  return checked.isWellFormed() ? text : checked.toWellFormed();
}

/** uWS's `send()` result for a message it dropped because the buffer passed `maxBackpressure`. */
const SEND_DROPPED = 2;

/** One WebSocket session. */
export class WebSocketSession implements Closable {
  private state: WebSocketState = 'handshake';
  private res: HttpResponse | undefined;
  private socket: WebSocket<SocketData> | undefined;
  private readonly inbox: WebSocketReceiveEventUnion[] = [{ type: 'websocket.connect' }];
  /** Size of the `websocket.receive` events in `inbox`: string length or byte length. */
  private queuedSize = 0;
  /** The inbox caps (`wsMaxQueuedMessages`, `wsMaxQueuedBytes`), read once per session. */
  private readonly maxQueuedMessages: number;
  private readonly maxQueuedSize: number;
  private waiter: ((event: WebSocketReceiveEventUnion) => void) | undefined;
  private drainWaiters: Array<() => void> = [];
  private closed = false;
  /** `websocket.disconnect` was queued: the session is over and `receive()` keeps answering it. */
  private disconnectQueued = false;
  private denial: { status: number; headers: HeaderList; chunks: Array<Uint8Array | string> } | undefined;

  constructor(
    res: HttpResponse,
    private readonly scope: WebSocketScope,
    private readonly keys: UpgradeKeys,
    private readonly runtime: ServerRuntime,
    /** Upgrades whose handshake the app has not answered yet, shared by every session of the server. */
    private readonly handshakes: HandshakeCount,
  ) {
    this.res = res;
    handshakes.pending += 1;
    this.maxQueuedMessages = runtime.options.wsMaxQueuedMessages;
    this.maxQueuedSize = wsQueuedBytesLimit(runtime.options);
    res.onAborted(() => {
      this.takeRes();
      this.disconnected(1006, '');
    });
  }

  /**
   * Takes the upgrade's `res` (to answer it, or because the client left), ending the handshake:
   * from here the session counts as an open WebSocket or not at all.
   */
  private takeRes(): HttpResponse | undefined {
    const res = this.res;
    if (res !== undefined) {
      this.res = undefined;
      this.handshakes.pending -= 1;
    }
    return res;
  }

  /** Runs the app; it ends when the app returns. */
  run(): void {
    this.runtime.started();
    let result: Promise<void>;
    try {
      result = this.runtime.app(this.scope, this.receive, this.send);
    } catch (error) {
      this.appEnded(error);
      return;
    }
    // An app written in JavaScript may be a plain function returning nothing; `result.then` would
    // then throw inside uWS's upgrade callback and end the process.
    Promise.resolve(result).then(() => this.appEnded(undefined), (error: unknown) => this.appEnded(error ?? new Error('app rejected')));
  }

  /** uWS opened the socket after our `upgrade`. */
  opened(socket: WebSocket<SocketData>): void {
    this.socket = socket;
    this.runtime.counters.websockets += 1;
    this.runtime.websockets.add(this);
    if (this.closed) socket.end(1000, '');
    // Accepted while the server was already shutting down (the app answered the handshake late):
    // the shutdown's round of 1001 closes is over, so this session gets its own now, or it would
    // keep the process up until the graceful timeout.
    else if (this.runtime.draining) this.closeForShutdown();
  }

  /** A message from the client. The ArrayBuffer is only valid now, so it is decoded or copied. */
  message(data: ArrayBuffer, isBinary: boolean): void {
    if (data.byteLength > this.runtime.options.wsMaxMessageSize) {
      if (this.socket && !this.closed) {
        this.closed = true;
        this.socket.end(1009, 'message too big');
      }
      return;
    }
    if (this.waiter === undefined && this.overQueueLimit(data.byteLength)) {
      this.closeForPolicy('too many unread messages');
      return;
    }
    if (isBinary) return this.push({ type: 'websocket.receive', bytes: new Uint8Array(data.slice(0)) }, data.byteLength);
    const text = decoder.decode(data);
    this.push({ type: 'websocket.receive', text }, text.length);
  }

  /**
   * Whether queueing one more message of `size` bytes passes the inbox limits. The byte length
   * bounds the queued size from above: decoded UTF-8 never has more UTF-16 units than bytes.
   */
  private overQueueLimit(size: number): boolean {
    return this.inbox.length >= this.maxQueuedMessages || this.queuedSize + size > this.maxQueuedSize;
  }

  /** Closes the socket with 1008 (policy violation), e.g. for a client flooding an app that does not keep up. */
  private closeForPolicy(reason: string): void {
    if (!this.socket || this.closed) return;
    this.runtime.log.warning('WebSocket closed with 1008', { path: this.scope.rawPath, reason });
    this.closed = true;
    this.socket.end(1008, reason);
  }

  drained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** uWS closed the socket (either side, or a timeout, or an oversize message). */
  socketClosed(code: number, message: ArrayBuffer): void {
    if (this.socket) {
      this.runtime.counters.websockets -= 1;
      this.runtime.websockets.delete(this);
    }
    this.socket = undefined;
    this.disconnected(code, decoder.decode(message));
  }

  /** Graceful shutdown: close with 1001 "going away". */
  closeForShutdown(): void {
    if (this.socket && !this.closed) {
      this.closed = true;
      this.socket.end(1001, 'server shutting down');
    }
  }

  private disconnected(code: number, reason: string): void {
    if (this.disconnectQueued) return;
    this.disconnectQueued = true;
    this.closed = true;
    if (DROPS_BACKLOG.has(code)) {
      // A `websocket.connect` not yet read stays the first event.
      this.inbox.length = this.inbox[0]?.type === 'websocket.connect' ? 1 : 0;
      this.queuedSize = 0;
    }
    this.push({ type: 'websocket.disconnect', code, reason }, 0);
    this.drained();
  }

  /** Hands `event` to a waiting `receive()`, or queues it; `size` counts towards the inbox limit. */
  private push(event: WebSocketReceiveEventUnion, size: number): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) return waiter(event);
    this.inbox.push(event);
    this.queuedSize += size;
  }

  private readonly receive = (): Promise<WebSocketReceiveEventUnion> => {
    const event = this.inbox.shift();
    if (event) {
      if (event.type === 'websocket.receive') this.queuedSize -= event.text !== undefined ? event.text.length : event.bytes!.byteLength;
      // The disconnect event stays available: after the end, receive() keeps answering it.
      if (event.type === 'websocket.disconnect') this.inbox.unshift(event);
      return Promise.resolve(event);
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  };

  private readonly send = (event: SendEvent): Promise<void> => {
    try {
      const next = stepWebSocket(this.state, event);
      checkHandshakeAnswer(event, this.state, this.scope.subprotocols);
      this.state = next;
    } catch (error) {
      this.runtime.log.error('protocol violation', { path: this.scope.rawPath, error });
      return Promise.reject(error);
    }
    switch (event.type) {
      case 'websocket.accept':
        this.accept(event.subprotocol ?? null, event.headers ?? []);
        return RESOLVED;
      case 'websocket.send':
        return this.sendMessage(event.text, event.bytes);
      case 'websocket.close':
        this.close(event.code ?? 1000, event.reason ?? '');
        return RESOLVED;
      case 'websocket.http.response.start':
        this.denial = { status: event.status, headers: event.headers ?? [], chunks: [] };
        return RESOLVED;
      case 'websocket.http.response.body':
        this.denial?.chunks.push(event.body ?? '');
        if (event.moreBody !== true) this.endDenial();
        return RESOLVED;
      default:
        return RESOLVED;
    }
  };

  private accept(subprotocol: string | null, headers: HeaderList): void {
    const res = this.takeRes();
    if (!res) return;
    const data: SocketData = { session: this };
    writeAccept(res, data, this.keys, subprotocol, headers);
  }

  private sendMessage(text: string | undefined, bytes: Uint8Array | undefined): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closed) return RESOLVED;
    const sent = text !== undefined ? socket.send(wellFormed(text), false) : socket.send(bytes!, true);
    if (sent === SEND_DROPPED) {
      this.closeForPolicy('client is not reading its messages');
      return RESOLVED;
    }
    if (socket.getBufferedAmount() < this.runtime.options.wsMaxBackpressure) return RESOLVED;
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private close(code: number, reason: string): void {
    if (this.res) {
      // Closing before accepting denies the upgrade.
      this.answerHttp(UPGRADE_DENIED);
      return;
    }
    if (this.socket && !this.closed) {
      this.closed = true;
      this.socket.end(code, wellFormed(reason));
    }
  }

  private endDenial(): void {
    const denial = this.denial!;
    this.answerHttp({ status: denial.status, headers: denialHeaders(denial.headers), body: denialBody(denial.chunks) });
  }

  /** Answers the upgrade with HTTP instead of 101, which ends the session. */
  private answerHttp(response: Readonly<HandshakeResponse>): void {
    const res = this.takeRes();
    if (!res) return;
    this.closed = true;
    writeHandshakeResponse(res, response, this.runtime.options.serverHeader);
    // The upgrade was answered with HTTP and the connection closes: the session is over, so an app
    // still calling receive() gets its end (as after a complete HTTP response, docs/protocol.md
    // §5.1) instead of waiting forever and holding up a graceful shutdown.
    this.disconnected(1006, '');
  }

  private appEnded(error: unknown): void {
    if (error !== undefined) this.runtime.log.error('app raised an exception in a WebSocket session', { path: this.scope.rawPath, error });
    if (this.res) {
      if (error !== undefined) this.answerHttp(APP_FAILED);
      else {
        this.runtime.log.error('app returned without answering the WebSocket handshake', { path: this.scope.rawPath });
        this.answerHttp(UPGRADE_DENIED);
      }
    } else if (this.socket && !this.closed) {
      this.closed = true;
      this.socket.end(error === undefined ? 1000 : 1011, error === undefined ? '' : 'internal error');
    }
    this.runtime.finished();
  }
}
