/**
 * The response writer: turns `http.response.start` / `http.response.body` into bytes on a uWS
 * response, with backpressure.
 *
 * Where it sits: called by the HTTP exchange (http-exchange.ts) after the protocol state machine
 * accepted an event. Three ways out, chosen by what the app sent:
 *
 * - **One chunk** (the hot path: start, then one body without `moreBody`). Status line, headers
 *   and body leave in one `cork` through `res.end(body)`, which adds `Content-Length`. Nothing is
 *   awaited, so `send()` returns one shared resolved promise.
 * - **Streamed, length unknown.** `res.write(chunk)` per chunk, which makes uWS use chunked
 *   encoding. `write` buffers what the socket cannot take and returns `false`; the writer then
 *   holds the app's `send()` until `onWritable` says the buffer drained.
 * - **Streamed, length declared** (the app set `content-length`). `res.tryEnd(chunk, total)`
 *   writes only what fits; the rest is retried from `onWritable` at the offset uWS reports, and
 *   `send()` resolves once the chunk is fully out. uWS writes `Content-Length` itself, so the
 *   app's header is taken as the total instead of being written twice.
 *
 * The writer never touches `res` once it ended or was aborted (uws-adapter.ts rule 5).
 */
import type { HttpResponse } from './uws-adapter.js';
import type { Body, HeaderList } from '../protocol/index.js';
import { statusPhrase } from '../protocol/index.js';

/** The one promise every `send()` that completed synchronously returns. */
export const RESOLVED: Promise<void> = Promise.resolve();

const statusLines = new Map<number, string>();
/** "200 OK", built once per status code. */
function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `${status} ${statusPhrase(status)}`;
    statusLines.set(status, line);
  }
  return line;
}

const SPECIAL_NONE = 0;
const SPECIAL_CONTENT_LENGTH = 1;
const SPECIAL_REQUEST_ID = 2;
const SPECIAL_SERVER = 3;

/**
 * Which of the three response headers the writer treats specially `name` is, in any letter case.
 * A name is lower-cased only when its length and first letter match one of them ('c' 14, 'x' 12,
 * 's' 6), so `content-type` (12 letters, but a 'c') costs two comparisons and no string scan.
 */
function specialHeader(name: string): number {
  const length = name.length;
  if (length !== 14 && length !== 12 && length !== 6) return SPECIAL_NONE;
  // `| 0x20` folds an ASCII capital onto its small letter.
  const first = name.charCodeAt(0) | 0x20;
  if (length === 14 && first === 0x63) return name.toLowerCase() === 'content-length' ? SPECIAL_CONTENT_LENGTH : SPECIAL_NONE;
  if (length === 12 && first === 0x78) return name.toLowerCase() === 'x-request-id' ? SPECIAL_REQUEST_ID : SPECIAL_NONE;
  if (length === 6 && first === 0x73) return name.toLowerCase() === 'server' ? SPECIAL_SERVER : SPECIAL_NONE;
  return SPECIAL_NONE;
}

/** Header names held with the server line in front, per server header (bounded; names repeat). */
const MAX_PREFIXED_NAMES = 64;

/**
 * The `server` header line written *inside* the name of another header: uWS writes
 * `name + ": " + value + "\r\n"`, so the name `"server: tsgi\r\ncontent-type"` puts both lines
 * on the wire with one `writeHeader` call instead of two. A native call costs more than the
 * copy (measured ~200 ns per `writeHeader` under load); the joined names are few (an app sends
 * the same header names on every response), so they are built once and kept. Safe because both
 * parts are checked: app header names are HTTP tokens (the protocol's field checks), and the
 * server header is the operator's option.
 */
export class ServerLine {
  private readonly prefixed = new Map<string, string>();
  private readonly prefix: string;

  constructor(readonly value: string) {
    this.prefix = `server: ${value}\r\n`;
  }

  /** `name` with the server line in front of it. */
  before(name: string): string {
    let joined = this.prefixed.get(name);
    if (joined === undefined) {
      joined = this.prefix + name;
      if (name.length <= 64) {
        if (this.prefixed.size >= MAX_PREFIXED_NAMES) this.prefixed.clear();
        this.prefixed.set(name, joined);
      }
    }
    return joined;
  }
}

/** Statuses whose responses never carry a body (RFC 9110 §6.4.1). */
function bodyless(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}

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
  /** Set when the request body was still arriving as the response ended: the connection closes after it. */
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
    /** Asked for the abort handler before an end that uWS does not count as an answer (see `writeWhole`). */
    private readonly exchange: { armAbortHandler(): void },
  ) {}

  /** uWS's request handler returned: from now on every write needs its own cork. */
  handlerReturned(): void {
    this.insideHandler = false;
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
      if (this.insideHandler) {
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
    let result = RESOLVED;
    this.res.cork(() => {
      if (!this.headSent) this.writeHead();
      result = this.declaredLength >= 0 ? this.writeSized(body, last) : this.writeChunked(body, last);
    });
    return result;
  }

  /** Writes a complete response the server made itself (500, 413, 503...). */
  respond(status: number, headers: HeaderList, body: string, closeConnection: boolean): void {
    if (this.done) return;
    this.status = status;
    this.headers = headers;
    if (this.insideHandler) this.writeRejection(body, closeConnection);
    else this.res.cork(() => this.writeRejection(body, closeConnection));
    this.done = true;
  }

  private writeRejection(body: string, closeConnection: boolean): void {
    this.writeHead();
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
    this.writeHead();
    const close = this.server.draining || this.closeAfterwards;
    if (this.isHead || bodyless(this.status)) {
      const length = this.isHead && this.declaredLength >= 0 ? this.declaredLength : undefined;
      // uWS v20.30 does not count an end without a length as an answer: the abort handler must
      // be on before it, or uWS terminates the process when the handler returns (measured).
      if (length === undefined) this.exchange.armAbortHandler();
      this.res.endWithoutBody(length, close);
    } else {
      const chunk = body ?? '';
      if (this.countBytes) this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      this.res.end(chunk, close);
    }
    this.done = true;
  }

  private writeHead(): void {
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
        if (special === SPECIAL_REQUEST_ID) this.requestId = value;
        else if (special === SPECIAL_SERVER) hasServer = true;
        if (heldName !== undefined) res.writeHeader(heldName, heldValue);
        heldName = name;
        heldValue = value;
      }
    }
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
      if (this.isHead) {
        this.exchange.armAbortHandler();
        this.res.endWithoutBody(undefined, this.server.draining || this.closeAfterwards);
      }
      else this.res.end(chunk, this.server.draining || this.closeAfterwards);
      this.done = true;
      return RESOLVED;
    }
    if (this.isHead || this.res.write(chunk)) return RESOLVED;
    return this.waitForDrain();
  }

  private writeSized(body: Body | undefined, last: boolean): Promise<void> {
    const chunk = typeof body === 'string' ? Buffer.from(body) : (body ?? new Uint8Array(0));
    const total = this.declaredLength;
    if (this.isHead) {
      if (last) {
        this.res.endWithoutBody(total, this.server.draining || this.closeAfterwards);
        this.done = true;
      }
      return RESOLVED;
    }
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
