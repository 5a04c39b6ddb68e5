/**
 * The test client's WebSocket: the client end of an accepted session (spec §3.2).
 *
 * Messages the app sends are collected as they arrive, so `closed` settles the moment the app
 * sends `websocket.close` even if the test never reads. Reads after the close reject with
 * `WebSocketClosed`, which carries the app's close code and reason.
 */
import type { HeaderList } from '../scope.js';
import type { WebSocketAcceptEvent } from '../events.js';
import { ConversationError, WebSocketClosed } from '../errors.js';
import type { Communicator } from './communicator.js';
import { EventQueue } from './event-queue.js';

/** One message from the app: exactly one of the two fields is set. */
export interface WebSocketMessage {
  /** Set for a text message. */
  text?: string;
  /** Set for a binary message. */
  bytes?: Uint8Array;
}

/** The client end of an accepted WebSocket session. */
export interface TestWebSocket {
  /** The subprotocol the app chose in `websocket.accept`, or `null`. */
  subprotocol: string | null;
  /** Extra headers the app sent with `websocket.accept`. */
  acceptHeaders: HeaderList;
  /** Delivers a text message to the app (`websocket.receive` with `text`). */
  sendText(text: string): void;
  /** Delivers a binary message to the app (`websocket.receive` with `bytes`). */
  sendBytes(bytes: Uint8Array): void;
  /** Delivers `value` serialised as JSON, in a text message. */
  sendJson(value: unknown): void;
  /** The next message; rejects with `WebSocketClosed` once the app has closed (or with its error). */
  receive(timeoutMs?: number): Promise<WebSocketMessage>;
  /** The next message, which must be text. */
  receiveText(timeoutMs?: number): Promise<string>;
  /** The next message, which must be binary. */
  receiveBytes(timeoutMs?: number): Promise<Uint8Array>;
  /** The next message, which must be text holding JSON. */
  receiveJson<T = unknown>(timeoutMs?: number): Promise<T>;
  /** Closes from the client side (`websocket.disconnect`) and waits for the app to return. */
  close(code?: number, reason?: string): Promise<void>;
  /**
   * Settles when the app ends the session: with its `websocket.close`, or as a server closes for
   * it — 1000 when it returns without closing, 1011 when it throws (unless the test closed first).
   */
  closed: Promise<{
    /** The close code the app sent (1000 by default). */
    code: number;
    /** The close reason the app sent, `''` if none. */
    reason: string;
  }>;
}

/** A `TestWebSocket` over a communicator whose app has accepted. */
export class AcceptedWebSocket implements TestWebSocket {
  readonly subprotocol: string | null;
  readonly acceptHeaders: HeaderList;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly messages = new EventQueue<WebSocketMessage>();
  private markClosed!: (close: { code: number; reason: string }) => void;
  /** Set once the test closed from the client side: the app's end then sends no close frame. */
  private clientClosed = false;

  constructor(
    private readonly talk: Communicator,
    accept: WebSocketAcceptEvent,
    private readonly timeoutMs: number,
  ) {
    this.subprotocol = accept.subprotocol || null;
    this.acceptHeaders = accept.headers ?? [];
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    void this.collect();
  }

  /** Moves the app's events into `messages` until it closes or returns. */
  private async collect(): Promise<void> {
    for (;;) {
      let event;
      try {
        event = await this.talk.receive(Infinity);
      } catch (error) {
        this.appEnded(error instanceof ConversationError && error.code === 'TSGI_APP_RETURNED' ? undefined : error);
        return;
      }
      if (event.type === 'websocket.send') {
        this.messages.push(event.text !== undefined && event.text !== null ? { text: event.text } : { bytes: (event.bytes as Uint8Array).slice() });
      } else if (event.type === 'websocket.close') {
        const close = { code: event.code ?? 1000, reason: event.reason ?? '' };
        this.markClosed(close);
        this.messages.end(new WebSocketClosed(close.code, close.reason));
        // The server completes the closing handshake and tells the app, should it still listen.
        this.talk.sendFinal({ type: 'websocket.disconnect', code: close.code, reason: close.reason });
        return;
      } else {
        this.messages.end(new ConversationError('TSGI_UNEXPECTED_EVENT', `an accepted websocket app sent ${event.type}`));
        return;
      }
    }
  }

  /**
   * The app returned (`error` undefined) or threw without sending `websocket.close`: the session
   * ends as a server ends it (spec §4.4) — a close with 1000 after a return, 1011 after an error.
   * Reads then reject with `WebSocketClosed`, or with the app's own error so the test sees it.
   */
  private appEnded(error: unknown): void {
    const close = { code: error === undefined ? 1000 : 1011, reason: '' };
    if (!this.clientClosed) this.markClosed(close);
    this.messages.end(error ?? new WebSocketClosed(close.code, close.reason));
  }

  sendText(text: string): void {
    this.talk.send({ type: 'websocket.receive', text });
  }

  sendBytes(bytes: Uint8Array): void {
    this.talk.send({ type: 'websocket.receive', bytes: bytes.slice() });
  }

  sendJson(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  receive(timeoutMs: number = this.timeoutMs): Promise<WebSocketMessage> {
    return this.messages.next(timeoutMs, () => new ConversationError('TSGI_TIMEOUT', `the websocket app sent no message within ${timeoutMs} ms`));
  }

  async receiveText(timeoutMs?: number): Promise<string> {
    const message = await this.receive(timeoutMs);
    if (message.text === undefined) throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'expected a text message, got a binary one');
    return message.text;
  }

  async receiveBytes(timeoutMs?: number): Promise<Uint8Array> {
    const message = await this.receive(timeoutMs);
    if (message.bytes === undefined) throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'expected a binary message, got a text one');
    return message.bytes;
  }

  async receiveJson<T = unknown>(timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.receiveText(timeoutMs)) as T;
  }

  async close(code = 1000, reason = ''): Promise<void> {
    this.clientClosed = true;
    this.talk.sendFinal({ type: 'websocket.disconnect', code, reason });
    await this.talk.waitFinished(this.timeoutMs);
  }
}
