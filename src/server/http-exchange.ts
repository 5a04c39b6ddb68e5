/**
 * One HTTP exchange: a uWS request turned into `scope`, `receive` and `send`, and the app guarded
 * while it runs.
 *
 * Where it sits: created by the request handler (serve.ts) once the head was read and the framing
 * and limits checked; it runs the app when the concurrency gate gives it a slot. Every event the
 * app sends goes through the protocol's HTTP state machine (`stepHttpResponse`) first, so an
 * illegal event is refused with a `ProtocolError` and never reaches the socket. What the client
 * sees when the app misbehaves (docs/protocol.md §4.4):
 *
 * | the app...                               | the client gets                     |
 * |------------------------------------------|-------------------------------------|
 * | throws before `http.response.start`      | 500 with a short JSON body          |
 * | throws after the response started        | the connection closed (truncated)   |
 * | returns without a response               | 500, and a log line naming the path |
 * | returns mid-body                         | the connection closed               |
 *
 * Hot path: a request without a body answers `receive()` with one shared, frozen event; a `send`
 * that completes synchronously returns one shared resolved promise; the whole response is written
 * in one cork (response-writer.ts) — uWS's own when the app answers during the handler or in the
 * microtasks right after it; an app that answered by then needs no abort handler either
 * (`handlerReturned`, `drainEnded`); the peer address is read only if the app reads
 * `scope.client` while the exchange is open (http-scope.ts, `readPeer` below).
 */
import type { Address, HttpReceiveEvent, SendEvent } from '../protocol/index.js';
import { ProtocolError, stepHttpResponse, type HttpResponseState } from '../protocol/index.js';
import type { HttpResponse } from './uws-adapter.js';
import type { RequestHead } from './request-head.js';
import { DISCONNECT_EVENT, RequestBodyStream } from './request-body.js';
import { RESOLVED, ResponseWriter } from './response-writer.js';
import { ServerRejection } from './errors.js';
import type { ServerRuntime } from './server-runtime.js';
import { readPeer, type ConnectionInfo } from './connection-info.js';
import { ServerHttpScope, type PeerSource } from './http-scope.js';

const EMPTY_BODY = new Uint8Array(0);
/** The one event a request without a body delivers: shared by every such request, so frozen. */
const EMPTY_REQUEST: Readonly<HttpReceiveEvent> = Object.freeze({ type: 'http.request', body: EMPTY_BODY, moreBody: false });
const EMPTY_REQUEST_PROMISE = Promise.resolve(EMPTY_REQUEST as HttpReceiveEvent);
const DISCONNECT_PROMISE = Promise.resolve(DISCONNECT_EVENT as HttpReceiveEvent);
const JSON_HEADERS: Array<[string, string]> = [['content-type', 'application/json']];

/**
 * The exchange whose handler returned with its response unfinished, until the microtask queued
 * then runs. One at a time: uWS calls each request handler through its own `node::MakeCallback`,
 * whose microtask drain runs that microtask before the next request is parsed. A module variable
 * and one shared function, rather than a closure per exchange.
 */
let exchangeAwaitingDrain: HttpExchange | undefined;
function drainEnded(): void {
  const exchange = exchangeAwaitingDrain;
  if (exchange === undefined) return;
  exchangeAwaitingDrain = undefined;
  exchange.drainEnded();
}

/** One request and its response. */
export class HttpExchange implements PeerSource {
  private state: HttpResponseState = 'idle';
  private readonly writer: ResponseWriter;
  private readonly body: RequestBodyStream | null;
  private emptyBodyDelivered = false;
  private disconnectWaiters: Array<(event: HttpReceiveEvent) => void> | undefined;
  private readonly startedAt: number;
  /** Set when the client leaves while queued for a slot, so the gate skips it. */
  cancelled = false;
  private ran = false;
  private abortArmed = false;
  /** The app's `receive` and `send`. */
  readonly receive: () => Promise<HttpReceiveEvent>;
  readonly send: (event: SendEvent) => Promise<void>;
  /** What runs when the app's promise settles (see `run`). */
  private readonly onAppReturned: () => void;
  private readonly onAppThrew: (error: unknown) => void;

  constructor(
    private readonly res: HttpResponse,
    private readonly head: RequestHead,
    private readonly connection: ConnectionInfo,
    private readonly runtime: ServerRuntime,
  ) {
    this.startedAt = runtime.log.accessEnabled ? performance.now() : 0;
    this.writer = new ResponseWriter(res, head.method === 'HEAD', runtime.serverLine, runtime.log.accessEnabled, runtime, this);
    // Closures assigned here rather than declared as arrow-function fields: the behaviour is the
    // same, but a field's arrow is a *named* function, which tools that keep names (tsx, esbuild's
    // keepNames) wrap in a per-request defineProperty call.
    // All four share one closure context (this constructor's), so they cost a function object each.
    this.receive = () => this.nextEvent();
    this.send = (event) => this.sendEvent(event);
    this.onAppReturned = () => this.appReturned();
    this.onAppThrew = (error) => this.appThrew(error);
    if (head.framing === 'none') {
      this.body = null;
    } else {
      const body = new RequestBodyStream(res, runtime.options.maxBodySize, this);
      this.body = body;
      res.onData((chunk, isLast) => {
        body.take(chunk, isLast);
        if (isLast) this.bodyArrived();
      });
    }
  }

  /**
   * uWS's request handler is returning. A response finished in place (the framework's plain
   * `GET`s) needs nothing more. An unfinished one keeps uWS's cork, and goes without an abort
   * handler, until the microtasks queued so far have run (`drainEnded`): an app that answers
   * there — `await send(start); await send(body)` — then costs uWS what a synchronous answer
   * costs, with no abort handler to register and keep. Why that is safe is rule 1 of
   * uws-adapter.ts: uWS checks for the abort handler only after that drain.
   */
  handlerReturned(): void {
    if (!this.writer.done) this.awaitDrain();
  }

  /**
   * uWS's request handler is leaving with an exception (a server bug: the app's own throws are
   * caught in `run`). Node skips the microtask drain after a callback that threw, so the abort
   * handler an unfinished response needs cannot wait for `drainEnded`: it goes on now.
   */
  handlerThrew(): void {
    if (!this.writer.done) this.armAbortHandler();
  }

  /**
   * The last chunk of the request body was handed over, from uWS's data callback: uWS has the
   * socket corked again until that callback's microtask drain is over, so an app answering as
   * soon as it read the body (a JSON endpoint) writes without a `cork` of its own.
   */
  private bodyArrived(): void {
    if (this.writer.done) return;
    this.writer.corkedByUws = true;
    this.awaitDrain();
  }

  /** Queues `drainEnded` for this exchange: it runs last of the microtasks queued so far. */
  private awaitDrain(): void {
    // Another exchange still waiting here means a callback returned without a drain after it
    // (never seen: each handler call is its own outermost callback, pipelined requests included).
    // Ending its wait now keeps the rule whatever happened: the abort handler, if needed, goes on now.
    if (exchangeAwaitingDrain !== undefined) drainEnded();
    exchangeAwaitingDrain = this;
    void RESOLVED.then(drainEnded);
  }

  /**
   * The microtasks that followed uWS's handler have run: uWS's cork is about to come off, and an
   * unfinished response needs the abort handler before uWS looks for it.
   */
  drainEnded(): void {
    this.writer.corkedByUws = false;
    if (!this.writer.done) this.armAbortHandler();
  }

  /** Puts the abort handler on, once. */
  armAbortHandler(): void {
    if (this.abortArmed) return;
    this.abortArmed = true;
    this.res.onAborted(() => this.clientLeft());
  }

  /** Starts the app (called by the concurrency gate). */
  run(): void {
    this.ran = true;
    const runtime = this.runtime;
    runtime.started();
    let result: Promise<void>;
    try {
      result = runtime.app(new ServerHttpScope(this.head, this.connection, runtime, this), this.receive, this.send);
    } catch (error) {
      this.appThrew(error);
      return;
    }
    // `then` with the two closures made in the constructor, not an `async` helper awaiting the
    // app: the helper cost an async function object, its promise, and the await's own context and
    // closures — 416 of ~2,300 bytes allocated per raw GET / (sampled), against ~100 for `then`'s
    // derived promise and reaction. Same single tick after the app's promise settles. A JavaScript
    // app may return a non-promise; `Promise.resolve` passes a native promise through unchanged.
    void Promise.resolve(result).then(this.onAppReturned, this.onAppThrew);
  }

  /** Answers a request the server refuses on its own (413, 503, 431...). */
  reject(rejection: ServerRejection, extraHeaders: Array<[string, string]> = [], closeConnection = false): void {
    this.runtime.counters.rejected += 1;
    this.stopBody();
    this.writer.respond(rejection.status, [...JSON_HEADERS, ...extraHeaders], rejection.body(), closeConnection);
    this.logAccess();
  }

  /** The peer, for a scope that reads `client` lazily: `null` once `res` may no longer be touched. */
  readPeer(): Address | null {
    return this.writer.done ? null : readPeer(this.res);
  }

  /** `receive()`: the next request event (spec §5.1). */
  private nextEvent(): Promise<HttpReceiveEvent> {
    // Once the response is complete the exchange is over, whatever of the request the app left
    // unread (spec §5.1): even a GET that never asked for its empty body hears the disconnect.
    if (this.writer.done) return DISCONNECT_PROMISE;
    const body = this.body;
    if (body === null) {
      if (!this.emptyBodyDelivered) {
        this.emptyBodyDelivered = true;
        return EMPTY_REQUEST_PROMISE;
      }
    } else if (!body.finished) {
      return body.next();
    }
    // The body is all delivered: the next event is the end of the exchange (spec §5.1).
    return new Promise((resolve) => (this.disconnectWaiters ??= []).push(resolve));
  }

  /** `send(event)`: checked by the protocol's state machine, then written. */
  private sendEvent(event: SendEvent): Promise<void> {
    try {
      if (event?.type === 'http.response.pathsend') {
        throw new ProtocolError('extension-not-advertised', this.state, event.type, 'http.response.pathsend needs the http.response.pathsend extension, which this server does not advertise');
      }
      this.state = stepHttpResponse(this.state, event);
    } catch (error) {
      this.runtime.log.error('protocol violation', { path: this.head.rawPath, error });
      return Promise.reject(error);
    }
    if (event.type === 'http.response.start') {
      this.writer.start(event.status, event.headers);
      return RESOLVED;
    }
    const body = event as { body?: Uint8Array | string };
    if (this.state === 'complete') this.stopBody();
    const sent = this.writer.body(body.body, this.state === 'complete');
    if (this.state === 'complete') this.responseDone();
    return sent;
  }

  /**
   * The response is about to end: a request body still arriving is drained from here on, and the
   * connection closes after the answer. Draining alone would let a client stream without end on a
   * keep-alive connection once it had its answer, past `maxBodySize` (which counts only what is
   * queued), since `res` can no longer be closed after it ended.
   */
  private stopBody(): void {
    if (this.body !== null && this.body.stop()) this.writer.closeAfterwards = true;
  }

  /** The body grew past the limit while streaming in. */
  bodyTooLarge(): void {
    const limit = this.runtime.options.maxBodySize;
    if (!this.writer.headSent && !this.writer.done) {
      this.reject(new ServerRejection(413, 'body-too-large', `request body exceeds the limit of ${limit} bytes`), [], true);
    } else {
      this.writer.close();
    }
    this.body?.disconnect();
    this.wakeDisconnectWaiters();
  }

  /** uWS's abort handler: the client left before the response ended. */
  private clientLeft(): void {
    this.writer.aborted();
    this.cancelled = true;
    this.body?.disconnect();
    this.wakeDisconnectWaiters();
  }

  private appReturned(): void {
    if (!this.writer.done) {
      this.stopBody();
      if (this.state === 'idle') {
        this.runtime.log.error('app returned without sending a response', { method: this.head.method, path: this.head.rawPath });
        this.writer.respond(500, JSON_HEADERS, new ServerRejection(500, 'no-response', 'no response').body(), false);
      } else {
        this.runtime.log.error('app returned before finishing the response body', { method: this.head.method, path: this.head.rawPath });
        this.writer.close();
      }
      this.responseDone();
    }
    this.finish();
  }

  private appThrew(error: unknown): void {
    this.runtime.log.error('app raised an exception', { method: this.head.method, path: this.head.rawPath, error });
    if (!this.writer.done) {
      this.stopBody();
      if (!this.writer.headSent) this.writer.respond(500, JSON_HEADERS, new ServerRejection(500, 'app-error', 'app error').body(), false);
      else this.writer.close();
      this.responseDone();
    }
    this.finish();
  }

  private responseDone(): void {
    this.logAccess();
    this.wakeDisconnectWaiters();
  }

  private finish(): void {
    if (!this.ran) return;
    this.ran = false;
    this.runtime.gate.release();
    this.runtime.finished();
  }

  private wakeDisconnectWaiters(): void {
    const waiters = this.disconnectWaiters;
    if (waiters === undefined) return;
    this.disconnectWaiters = undefined;
    for (const resolve of waiters) resolve(DISCONNECT_EVENT);
  }

  private logAccess(): void {
    const log = this.runtime.log;
    if (!log.accessEnabled) return;
    log.access({
      method: this.head.method,
      path: this.head.rawPath,
      status: this.writer.status,
      bytes: this.writer.bytes,
      durationMs: performance.now() - this.startedAt,
      requestId: this.writer.requestId,
      client: this.connection.client?.[0],
    });
  }
}

