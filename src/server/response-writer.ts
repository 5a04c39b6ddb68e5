/**
 * The response writer: turns `http.response.start` / `http.response.body` into bytes on a uWS
 * response, with backpressure.
 *
 * Where it sits: called by the HTTP exchange (http-exchange.ts) after the protocol state machine
 * accepted an event. Three ways out, chosen by what the app sent:
 *
 * - **One chunk** (the hot path: start, then one body without `moreBody`). Status line, headers
 *   and body leave in one `cork` through `res.end(body)`, which adds `Content-Length` — uWS's own
 *   cork when the body comes during the request handler or the microtasks right after it
 *   (`writerInUwsCork`), one of ours otherwise. Nothing is awaited, so `send()` returns one
 *   shared resolved promise.
 * - **Streamed, length unknown.** `res.write(chunk)` per chunk, which makes uWS use chunked
 *   encoding. `write` buffers what the socket cannot take and returns `false`; the writer then
 *   holds the app's `send()` until `onWritable` says the buffer drained.
 * - **Streamed, length declared** (the app set `content-length`). `res.tryEnd(chunk, total)`
 *   writes only what fits; the rest is retried from `onWritable` at the offset uWS reports, and
 *   `send()` resolves once the chunk is fully out. uWS writes `Content-Length` itself, so the
 *   app's header is taken as the total instead of being written twice.
 *
 * uWS frames every body itself, so an app's `transfer-encoding` header is not written; a HEAD, a
 * 204 and a 304 end after the head whatever body events the app sends.
 *
 * The writer never touches `res` once it ended or was aborted (uws-adapter.ts rule 5).
 */
import type { HttpResponse } from './uws-adapter.js';
import type { Body, HeaderList } from '../protocol/index.js';
import type { ServerLine } from './server-line.js';
import { bodyless, SPECIAL_CONNECTION, SPECIAL_CONTENT_LENGTH, SPECIAL_REQUEST_ID, SPECIAL_SERVER, SPECIAL_TRANSFER_ENCODING, specialHeader, statusLine } from './response-head.js';

/** The one promise every `send()` that completed synchronously returns. */
export const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The writer and body `writeWholeCorked` writes. `cork` takes a callback; one shared function reading
 * these two variables spares a closure per response (cork runs its callback synchronously, so the
 * pair is never overwritten while in use).
 */
let corkedWriter: ResponseWriter | undefined;
let corkedBody: Body | undefined;
function writeWholeCorked(): void {
  corkedWriter!.writeWhole(corkedBody);
}

/**
 * The writer whose socket uWS still holds corked after its request handler returned, until the
 * microtasks queued by then have run.
 *
 * Why that window exists: uWS corks a socket while it parses the bytes that arrived on it, and
 * uWebSockets.js calls the request handler through `node::MakeCallback`, which drains the
 * microtask queue before it returns into that corked loop. So an app written `await send(start);
 * await send(body)` sends its body while uWS's own cork is still on: one `sendto` per response
 * without a `cork` call of ours (checked with strace). Skipping `res.cork` there spares a crossing
 * from JavaScript into C++ and back (measured ~3-4% of a raw GET / side by side).
 *
 * The window is closed by a microtask queued when the handler returns — after the app's first
 * resumption, which the app queued while the handler ran — so it covers exactly the drain that
 * follows this handler. A write after that (an app that awaited I/O) corks as before. If handlers
 * ever returned without a drain in between, only the last one's writer keeps the window, and an
 * earlier one simply corks: the check can cost a cork, never skip a needed one.
 */
let writerInUwsCork: ResponseWriter | undefined;
let uwsCorkEndQueued = false;
function uwsCorkEnded(): void {
  writerInUwsCork = undefined;
  uwsCorkEndQueued = false;
}

/** Writes one response onto one uWS `res`. */
export class ResponseWriter {
  /** `true` once the response ended or the client left: `res` must not be touched. */
  done = false;
  headSent = false;
  status = 0;
  /** Body bytes written: counted for the access log (`countBytes`), and for a declared length. */
  bytes = 0;
  requestId: string | undefined;
  /**
   * The connection closes after this response: the request body was still arriving as the
   * response ended, or the app sent `connection: close`.
   */
  closeAfterwards = false;
  private headers: HeaderList | undefined;
  private declaredLength = -1;
  private pending: Uint8Array | undefined;
  private pendingStart = 0;
  private waiter: (() => void) | undefined;
  private watching = false;
  /**
   * `true` while uWS's request handler for this response is still running: uWS has corked this
   * socket itself for the handler's duration, so a response finished in place needs no `cork` call
   * of its own (one crossing from C++ into JavaScript fewer). Cleared by `handlerReturned`.
   */
  private insideHandler = true;

  constructor(
    private readonly res: HttpResponse,
    private readonly isHead: boolean,
    private readonly serverLine: ServerLine,
    /** Whether `bytes` is wanted (the access log is on); otherwise a string body is not measured. */
    private readonly countBytes: boolean,
    /** Read at write time: `draining` is `true` once the listener closed, so responses say `Connection: close`. */
    private readonly server: { readonly draining: boolean },
  ) {}

  /**
   * uWS's request handler returned. An unfinished response keeps uWS's cork until the microtasks
   * queued so far have run (see `writerInUwsCork`); after that every write needs its own cork.
   */
  handlerReturned(): void {
    this.insideHandler = false;
    if (this.done) return;
    writerInUwsCork = this;
    if (!uwsCorkEndQueued) {
      uwsCorkEndQueued = true;
      void RESOLVED.then(uwsCorkEnded);
    }
  }

  /** `true` when uWS has this socket corked already, so writes need no `cork` of their own. */
  private corkedByUws(): boolean {
    return this.insideHandler || writerInUwsCork === this;
  }

  /** Remembers the status and headers; they are written with the first body chunk. */
  start(status: number, headers: HeaderList | undefined): void {
    this.status = status;
    this.headers = headers;
  }

  /** Writes one body event. Returns `RESOLVED` when the bytes were taken, or a promise that waits for the drain. */
  body(body: Body | undefined, last: boolean): Promise<void> {
    if (this.done) return RESOLVED;
    if (!this.headSent && last) {
      if (this.corkedByUws()) {
        this.writeWhole(body);
        return RESOLVED;
      }
      corkedWriter = this;
      corkedBody = body;
      this.res.cork(writeWholeCorked);
      corkedWriter = undefined;
      corkedBody = undefined;
      return RESOLVED;
    }
    if (this.corkedByUws()) return this.writeChunk(body, last);
    let result = RESOLVED;
    this.res.cork(() => {
      result = this.writeChunk(body, last);
    });
    return result;
  }

  /** One chunk of a streamed response (the head first, with the first chunk); called inside a cork. */
  private writeChunk(body: Body | undefined, last: boolean): Promise<void> {
    const noBody = this.isHead || bodyless(this.status);
    if (!this.headSent) this.writeHead(!noBody);
    if (noBody) {
      // Nothing after the head (RFC 9110 §9.3.2, §6.4.1): chunks are dropped, the last one ends it.
      if (last) this.endWithoutBody();
      return RESOLVED;
    }
    return this.declaredLength >= 0 ? this.writeSized(body, last) : this.writeChunked(body, last);
  }

  /** Writes a complete response the server made itself (500, 413, 503...). */
  respond(status: number, headers: HeaderList, body: string, closeConnection: boolean): void {
    if (this.done) return;
    this.status = status;
    this.headers = headers;
    if (this.corkedByUws()) this.writeRejection(body, closeConnection);
    else this.res.cork(() => this.writeRejection(body, closeConnection));
    this.done = true;
  }

  private writeRejection(body: string, closeConnection: boolean): void {
    this.writeHead(false);
    if (this.countBytes) this.bytes += Buffer.byteLength(body);
    this.res.end(body, closeConnection || this.server.draining || this.closeAfterwards);
  }

  /** Closes the connection at once (a response cut short). */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.res.close();
    this.release();
  }

  /** The client left: forget `res` and let a waiting `send()` go. */
  aborted(): void {
    this.done = true;
    this.release();
  }

  /** Status line, headers and the only body chunk; called inside a cork. */
  writeWhole(body: Body | undefined): void {
    this.writeHead(false);
    if (this.isHead || bodyless(this.status)) {
      this.endWithoutBody();
      return;
    }
    const chunk = body ?? '';
    if (this.countBytes) this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    this.res.end(chunk, this.server.draining || this.closeAfterwards);
    this.done = true;
  }

  /**
   * Ends a response that puts no body on the wire: a HEAD (declaring the length the app gave, if
   * any) or a 204/304, whatever body events the app sent.
   */
  private endWithoutBody(): void {
    const close = this.server.draining || this.closeAfterwards;
    const length = this.isHead && this.declaredLength >= 0 ? this.declaredLength : undefined;
    if (length !== undefined) this.res.endWithoutBody(length, close);
    // No argument at all: uWS v20.30 reads an explicit `undefined` as a length of 2^63, writes that
    // as Content-Length and never counts the response as finished (the next request on the
    // connection then closes it). Called bare, it writes no length and finishes (both checked).
    else if (!close) this.res.endWithoutBody();
    // uWS closes the connection only when given a length as well, so a closing one says 0.
    else this.res.endWithoutBody(0, true);
    this.done = true;
  }

  /**
   * Status line and headers. `streamed`: the body follows in several writes, and uWS will not be
   * asked to close the connection at the end (see `writeChunked`), so a response that must close
   * says so itself here and the client closes after reading it.
   */
  private writeHead(streamed: boolean): void {
    this.headSent = true;
    const res = this.res;
    // uWS writes "200 OK" itself when no status was written: one native call fewer on most responses.
    if (this.status !== 200) res.writeStatus(statusLine(this.status));
    let hasServer = false;
    // The last header is held back so the server line can ride in its `writeHeader` call.
    let heldName: string | undefined;
    let heldValue = '';
    const headers = this.headers;
    if (headers !== undefined) {
      for (let i = 0; i < headers.length; i++) {
        // Indexed, not destructured: `const [name, value] = pair` runs the array iterator protocol.
        const pair = headers[i]!;
        const name = pair[0];
        const value = pair[1];
        const special = specialHeader(name);
        if (special === SPECIAL_CONTENT_LENGTH) {
          this.declaredLength = Number(value);
          continue;
        }
        // uWS frames the body itself (Content-Length for one chunk, chunked when streamed): the
        // app's own framing header would give the response two.
        if (special === SPECIAL_TRANSFER_ENCODING) continue;
        // The server manages the connection: `close` is honoured (uWS writes the header when it
        // ends the response with a close), any other value is not the app's to set.
        if (special === SPECIAL_CONNECTION) {
          if (/(?:^|[\s,])close(?:$|[\s,])/i.test(value)) this.closeAfterwards = true;
          continue;
        }
        if (special === SPECIAL_REQUEST_ID) this.requestId = value;
        else if (special === SPECIAL_SERVER) hasServer = true;
        if (heldName !== undefined) res.writeHeader(heldName, heldValue);
        heldName = name;
        heldValue = value;
      }
    }
    if (streamed && (this.server.draining || this.closeAfterwards)) res.writeHeader('connection', 'close');
    // Strings, not pre-encoded bytes: measured under perf, uWS reading a Uint8Array in place
    // (ArrayBuffer::GetBackingStore) cost more than copying these few characters of a string.
    if (heldName === undefined) {
      if (!hasServer) res.writeHeader('server', this.serverLine.value);
    } else {
      res.writeHeader(hasServer ? heldName : this.serverLine.before(heldName), heldValue);
    }
  }

  private writeChunked(body: Body | undefined, last: boolean): Promise<void> {
    const chunk = body ?? '';
    if (this.countBytes) this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (last) {
      // Never `end(chunk, true)` here: uWS v20.30 then writes its `Connection: close` header line
      // after the chunks already sent, inside the chunked body, and the client cannot parse the
      // response (checked on a raw socket). A response that had to close said so in its head; one
      // that learnt it later (the server began draining mid-stream) ends keep-alive, and the
      // shutdown closes the idle connection.
      this.res.end(chunk);
      this.done = true;
      return RESOLVED;
    }
    if (this.res.write(chunk)) return RESOLVED;
    return this.waitForDrain();
  }

  private writeSized(body: Body | undefined, last: boolean): Promise<void> {
    const chunk = typeof body === 'string' ? Buffer.from(body) : (body ?? new Uint8Array(0));
    const total = this.declaredLength;
    if (this.bytes + chunk.byteLength > total) {
      // More bytes than content-length promised: the response can only be cut short.
      this.close();
      return RESOLVED;
    }
    this.pendingStart = this.res.getWriteOffset();
    const [ok, finished] = this.res.tryEnd(chunk, total);
    this.bytes += chunk.byteLength;
    if (finished) {
      this.done = true;
      return RESOLVED;
    }
    if (last) {
      // The app finished with fewer bytes than content-length promised.
      if (ok) this.close();
      return ok ? RESOLVED : this.waitForDrain(chunk);
    }
    return ok ? RESOLVED : this.waitForDrain(chunk);
  }

  private waitForDrain(unsent?: Uint8Array): Promise<void> {
    this.pending = unsent;
    if (!this.watching) {
      this.watching = true;
      this.res.onWritable((offset) => this.onWritable(offset));
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private onWritable(offset: number): boolean {
    if (this.done) return true;
    const pending = this.pending;
    if (pending !== undefined) {
      const [ok, finished] = this.res.tryEnd(pending.subarray(offset - this.pendingStart), this.declaredLength);
      if (finished) this.done = true;
      if (!ok) return false;
      this.pending = undefined;
    }
    this.release();
    return true;
  }

  private release(): void {
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.();
  }
}
