/**
 * WebSocket: what a WebSocket route handler receives — one session, as a small state machine.
 *
 * The protocol conversation (docs/protocol.md, WebSocket scope) is: the server says
 * `websocket.connect`; the app answers `websocket.accept` or refuses — `close()` becomes the
 * server's 403, `deny(error)` a full HTTP response such as 429 with `Retry-After` — then messages
 * flow both ways until either side closes. The table below names every legal step; anything else
 * throws `WebSocketStateError` naming the state and the step, so a handler that sends before
 * accepting fails loudly instead of confusing the server.
 */
import type { Receive, Send } from '../protocol/app.js';
import type { HeaderList, WebSocketScope } from '../protocol/scope.js';
import { type HTTPException, WebSocketDisconnect, WebSocketSerializationError, WebSocketStateError } from './errors.js';
import { Headers } from './headers.js';
import type { RouteRecord } from './route-types.js';
import type { PathParams } from './routing/path-pattern.js';

/** Where a session is. */
export type WebSocketState = 'connecting' | 'handshake' | 'connected' | 'closed';
/** What can happen to it. */
type Step = 'connect' | 'accept' | 'deny' | 'message' | 'send' | 'disconnect' | 'close';

/** The result every finished message loop gives. */
const ITERATION_DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** The legal steps from each state and where they lead. */
const TRANSITIONS: Record<WebSocketState, Partial<Record<Step, WebSocketState>>> = {
  connecting: { connect: 'handshake' },
  handshake: { accept: 'connected', deny: 'closed', disconnect: 'closed' },
  connected: { message: 'connected', send: 'connected', disconnect: 'closed', close: 'closed' },
  // After the handler's own close the server still reports the end with a disconnect event; a
  // handler that reads again learns it as `WebSocketDisconnect`, not as a state error.
  closed: { disconnect: 'closed' },
};

/** A message as received: text frames are strings, binary frames bytes. */
export type WebSocketMessage = string | Uint8Array;

/**
 * One WebSocket session.
 *
 * @example
 * ```ts
 * app.websocket('/rooms/{room}', async (ws) => {
 *   await ws.accept();
 *   for await (const message of ws) await ws.sendText(`${ws.pathParams.room}: ${String(message)}`);
 * });
 * ```
 */
export class WebSocket<S extends object = Record<string, unknown>> implements AsyncIterable<WebSocketMessage> {
  /** Filled by the router; the record of the route that matched. */
  route: RouteRecord | undefined = undefined;
  private current: WebSocketState = 'connecting';
  private cachedHeaders: Headers | undefined;
  private cachedQuery: URLSearchParams | undefined;

  constructor(
    /** The raw TSGI scope of this session. */
    readonly scope: WebSocketScope,
    private readonly receiveEvent: Receive,
    private readonly sendEvent: Send,
    /** Values captured from the route template, already converted (`{id:int}` gives a number). */
    readonly pathParams: PathParams,
  ) {}

  /** Where the session is: `connecting`, `handshake`, `connected` or `closed`; methods check it first. */
  get state(): WebSocketState {
    return this.current;
  }

  /** Headers of the upgrade request. */
  get headers(): Headers {
    return (this.cachedHeaders ??= new Headers(this.scope.headers));
  }

  /** Query parameters of the upgrade URL (browsers cannot set headers on a WebSocket, so tokens often travel here). */
  get query(): URLSearchParams {
    return (this.cachedQuery ??= new URLSearchParams(this.scope.queryString));
  }

  /** Lifespan state (per-session copy). */
  get appState(): S {
    return (this.scope.state ??= {}) as S;
  }

  /** Accepts the session, optionally choosing one of the client's subprotocols. */
  async accept(options: { subprotocol?: string; headers?: HeaderList } = {}): Promise<void> {
    if (this.current === 'connecting') await this.receiveConnect();
    this.step('accept');
    await this.sendEvent({ type: 'websocket.accept', subprotocol: options.subprotocol ?? null, headers: options.headers ?? [] });
  }

  /** The next message; throws `WebSocketDisconnect` when the client has gone. */
  async receive(): Promise<WebSocketMessage> {
    const message = await this.receiveRaw();
    if (message === null) throw new WebSocketDisconnect(this.closeCode, this.closeReason);
    return message;
  }

  /** The next message, which must be text; a binary one throws `WebSocketStateError`. */
  async receiveText(): Promise<string> {
    const message = await this.receive();
    if (typeof message !== 'string') throw new WebSocketStateError('expected a text message, received a binary one');
    return message;
  }

  /** The next message as bytes; a text message is encoded as UTF-8. */
  async receiveBytes(): Promise<Uint8Array> {
    const message = await this.receive();
    return typeof message === 'string' ? new TextEncoder().encode(message) : message;
  }

  /** The next message parsed as JSON (text or UTF-8 bytes). */
  async receiveJson(): Promise<unknown> {
    const message = await this.receive();
    return JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
  }

  /** Sends a text frame; throws `WebSocketStateError` unless the session is connected. */
  sendText(text: string): Promise<void> {
    // Not `async`: one message, one promise (the server's); a refused step still rejects.
    const refused = this.tryStep('send');
    return refused === null ? this.sendEvent({ type: 'websocket.send', text }) : Promise.reject(refused);
  }

  /** Sends a binary frame; throws `WebSocketStateError` unless the session is connected. */
  sendBytes(bytes: Uint8Array): Promise<void> {
    const refused = this.tryStep('send');
    return refused === null ? this.sendEvent({ type: 'websocket.send', bytes }) : Promise.reject(refused);
  }

  /**
   * Sends `value` serialised as JSON, in a text frame. A value `JSON.stringify` cannot write — a
   * cycle, a `BigInt`, or nesting deep enough to overflow the stack (a client-supplied structure
   * echoed back, say) — rejects with `WebSocketSerializationError` (code
   * `websocket_json_unserializable`), so the handler decides what to do instead of a `RangeError`
   * escaping; nothing is sent then.
   */
  sendJson(value: unknown): Promise<void> {
    let text: string;
    try {
      text = JSON.stringify(value) ?? 'null';
    } catch (error) {
      return Promise.reject(new WebSocketSerializationError(error));
    }
    return this.sendText(text);
  }

  /** Closes the session; before `accept` this refuses the connection (403 from the server). */
  async close(code = 1000, reason = ''): Promise<void> {
    if (this.current === 'connecting') await this.receiveConnect();
    this.step(this.current === 'handshake' ? 'deny' : 'close');
    await this.sendEvent({ type: 'websocket.close', code, reason });
  }

  /**
   * Refuses the handshake with `error` as a full HTTP response — its status, its headers (a 429's
   * `Retry-After`, a 401's `WWW-Authenticate`) and `{"detail": ...}` as JSON, as an HTTP route
   * would answer. It needs the server's `websocket.http.response` extension (docs/protocol.md §6);
   * without it the handshake is refused the only other way, a close (the server's 403).
   *
   * @example
   * ```ts
   * if (overLimit) return ws.deny(new HTTPException(429, 'Too many requests', { 'Retry-After': '30' }));
   * ```
   */
  async deny(error: HTTPException): Promise<void> {
    if (this.current === 'connecting') await this.receiveConnect();
    if (this.scope.extensions?.['websocket.http.response'] === undefined) return this.close(1008);
    this.step('deny');
    // The body below is always JSON, so the exception's own content-type (if any) would contradict it.
    const headers: HeaderList = [['content-type', 'application/json'], ...error.headers.filter(([name]) => name.toLowerCase() !== 'content-type')];
    await this.sendEvent({ type: 'websocket.http.response.start', status: error.status, headers });
    await this.sendEvent({ type: 'websocket.http.response.body', body: JSON.stringify({ detail: error.detail }) });
  }

  /**
   * Messages until the client disconnects; the loop then simply ends. A plain iterator object
   * rather than an async generator: a generator queues each step through extra promises, and an
   * echo loop runs this once per message.
   */
  [Symbol.asyncIterator](): AsyncIterator<WebSocketMessage> {
    let finished = false;
    const next = (): Promise<IteratorResult<WebSocketMessage>> => {
      if (finished) return Promise.resolve(ITERATION_DONE);
      return this.receiveRaw().then((message) => {
        if (message !== null) return { value: message, done: false };
        finished = true;
        return ITERATION_DONE;
      });
    };
    return { next, return: () => { finished = true; return Promise.resolve(ITERATION_DONE); } };
  }

  /** Close code and reason the client sent, once disconnected. */
  closeCode = 1000;
  /** The close reason the client sent, `''` until it disconnects (or if it gave none). */
  closeReason = '';

  /** Reads the opening `websocket.connect` (or an early disconnect). */
  private async receiveConnect(): Promise<void> {
    const event = await this.receiveEvent();
    if (event.type === 'websocket.connect') this.step('connect');
    else if (event.type === 'websocket.disconnect') throw new WebSocketDisconnect(event.code, event.reason ?? '');
    else throw new WebSocketStateError(`expected websocket.connect, received ${event.type}`);
  }

  /** Reads one event and applies its step; `null` for a disconnect. */
  private async receiveRaw(): Promise<WebSocketMessage | null> {
    const event = await this.receiveEvent();
    switch (event.type) {
      case 'websocket.connect':
        this.step('connect');
        return this.receiveRaw();
      case 'websocket.receive':
        this.step('message');
        return event.text ?? event.bytes ?? '';
      case 'websocket.disconnect':
        this.step('disconnect');
        this.closeCode = event.code;
        this.closeReason = event.reason ?? '';
        return null;
      default:
        throw new WebSocketStateError(`unexpected event ${event.type} in state ${this.current}`);
    }
  }

  private step(step: Step): void {
    const refused = this.tryStep(step);
    if (refused !== null) throw refused;
  }

  /** Applies `step`, or returns the error saying why it is not legal now. */
  private tryStep(step: Step): WebSocketStateError | null {
    const next = TRANSITIONS[this.current][step];
    if (next === undefined) return new WebSocketStateError(`cannot ${step} in state "${this.current}"`);
    this.current = next;
    return null;
  }
}
