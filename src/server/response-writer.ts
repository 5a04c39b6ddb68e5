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
 *   (`corkedByUws`), one of ours otherwise. Nothing is awaited, so `send()` returns one
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
   * `true` while uWS holds this socket corked itself, so writes need no `cork` call of their own
   * (one crossing from JavaScript into C++ and back fewer per response, measured ~3-4% of a raw
   * `GET /`): during uWS's request handler, and — for a response not finished by then — during the
   * microtasks that run right after it. uWS corks a socket while it parses the bytes that arrived
   * on it, and uWebSockets.js calls the request handler through `node::MakeCallback`, which drains
   * the microtask queue before it returns into that corked loop; so an app written
   * `await send(start); await send(body)` sends its body while uWS's cork is still on (one
   * `sendto` per response, checked with strace). The same holds for uWS's data callback, so the
   * exchange sets it again when the last chunk of a request body arrives. The exchange clears it
   * from the microtask that ends that drain (http-exchange.ts, `drainEnded`); a write after that
   * (an app that awaited I/O) corks as before. A flag cleared too early would only cost a cork; one left on too long would
   * write uncorked, which uWS allows (the bytes are right, in several packets instead of one).
   */
  corkedByUws = true;

  constructor(
    private readonly res: HttpResponse,
    private readonly isHead: boolean,
    private readonly serverLine: ServerLine,
    /** Whether `bytes` is wanted (the access log is on); otherwise a string body is not measured. */
    private readonly countBytes: boolean,
    /** Read at write time: `draining` is `true` once the listener closed, so responses say `Connection: close`. */
    private readonly server: { readonly draining: boolean },
    /** Puts uWS's abort handler on `res` (the exchange does it, once), for a response uWS keeps open. */
    private readonly guard: { armAbortHandler(): void },
  ) {}

  /** Remembers the status and headers; they are written with the first body chunk. */
  start(status: number, headers: HeaderList | undefined): void {
    this.status = status;
    this.headers = headers;
  }

  /** Writes one body event. Returns `RESOLVED` when the bytes were taken, or a promise that waits for the drain. */
  body(body: Body | undefined, last: boolean): Promise<void> {
    if (this.done) return RESOLVED;
    if (!this.headSent && last) {
      if (this.corkedByUws) {
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
    if (this.corkedByUws) return this.writeChunk(body, last);
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
    if (this.corkedByUws) this.writeRejection(body, closeConnection);
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
   *
   * Whether uWS then counts the response as finished matters (uws-adapter.ts rule 1): given a
   * length, `endWithoutBody(n)` writes `Content-Length: n` but waits for n bytes that never come,
   * so uWS keeps the response in progress — it wants an abort handler, and closes the connection
   * when the next request arrives on it (checked on uWS v20.30). So a HEAD's declared length is
   * written as an ordinary header and the response ended bare, which finishes it.
   */
  private endWithoutBody(): void {
    const close = this.server.draining || this.closeAfterwards;
    const length = this.isHead && this.declaredLength >= 0 ? this.declaredLength : -1;
    if (!close) {
      if (length >= 0) this.res.writeHeader('content-length', String(length));
      // No argument at all: uWS v20.30 reads an explicit `undefined` as a length of 2^63, writes
      // that as Content-Length and never counts the response as finished. Called bare, it writes
      // no length and finishes (both checked).
      this.res.endWithoutBody();
    } else if (length < 0) {
      // uWS closes the connection only when given a length as well, so a closing one says 0.
      this.res.endWithoutBody(0, true);
    } else {
      // A closing HEAD that declared a length: uWS writes it and `Connection: close`, and keeps
      // the response in progress until the client, told to close, leaves — while uWebSockets.js
      // refuses any call on `res` from here on. So the abort handler goes on first.
      this.guard.armAbortHandler();
      this.res.endWithoutBody(length, true);
    }
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
