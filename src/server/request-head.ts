/**
 * The request head: everything the server copies out of a uWS request before the handler returns,
 * and the framing verdict that keeps request smuggling out.
 *
 * Where it sits: first thing in the HTTP and upgrade handlers. uWS's `HttpRequest` lives on the
 * C++ stack (rule 2 of uws-adapter.ts), so the method, URL, query and every header are copied into
 * JavaScript strings here, in one `forEach` pass that also totals the header size.
 *
 * Size of the head (`headerBytes`, checked against `maxHeaderSize` by the HTTP and the upgrade
 * handler → 431). uWS v20.30 limits the request target only through its ~128 KiB cap on the whole
 * head, so a ~100 KB URL would otherwise reach the app. The request line is therefore counted with
 * the header lines, as Node's `--max-http-header-size` (and so Fastify), Go's `MaxHeaderBytes` and
 * h11's `max_incomplete_event_size` (uvicorn's pure-Python parser) count it; Node and Go answer
 * 431 too. Why one budget and 431 rather than a target limit of its own and 414 (nginx's and
 * Apache's answer): a long URL and many headers cost the server the same thing, memory held per
 * request; with two limits the real bound would be their sum, one more flag to keep in step; and
 * the one check already runs in both handlers. The cost per request is adding the lengths of three
 * strings copied here anyway: no allocation, no scan.
 *
 * Framing (RFC 9112 §6.3). uWebSockets.js v20.30 frames a body by the first `Content-Length` it
 * sees and does not reject odd `Transfer-Encoding` values, so a request whose framing two parsers
 * could read differently lets an attacker hide a second request inside the body (smuggling). The
 * same pass therefore records every `Content-Length` and `Transfer-Encoding` header, and the head
 * is `ambiguous` when:
 * - `Content-Length` values differ, or one is not a plain decimal number;
 * - `Content-Length` and `Transfer-Encoding` are both present;
 * - `Transfer-Encoding` is anything other than exactly one `chunked`.
 * The caller then closes the connection at once (see SERVER-NOTES: a 400 written first is dropped
 * by uWS, and ending the response is too late), so no byte after this head is ever parsed as a
 * request.
 */
import type { HttpRequest } from './uws-adapter.js';
import type { HeaderList } from '../protocol/index.js';

/** How the request body is delimited. */
export type Framing = 'none' | 'length' | 'chunked' | 'ambiguous';

/** The copied request line and headers. */
export interface RequestHead {
  method: string;
  rawPath: string;
  queryString: string;
  headers: HeaderList;
  framing: Framing;
  /** Declared body length; `-1` when chunked or ambiguous, `0` without a body. */
  contentLength: number;
  /**
   * Bytes of the head as sent: the request line (method, target, version, CRLF) and every header
   * line (name, ": ", value, CRLF). Named for the limit it is checked against, `maxHeaderSize`.
   */
  headerBytes: number;
  /** `true` when an `x-forwarded-*` header is present (connection-info.ts reads them). */
  forwarded: boolean;
}

/** `true` for a plain decimal number (`0`, `42`; not `+1`, `0x1`, `1e3` or ``): a loop, no regular expression per request. */
function isDecimal(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

interface HeaderScan {
  /** How many pairs of `collected` belong to this request. */
  count: number;
  bytes: number;
  lengthValue: string | undefined;
  lengthConflict: boolean;
  transferEncodings: number;
  transferEncoding: string;
  forwarded: boolean;
}

/**
 * What one `forEach` pass over the headers found. A single module-level record filled by one
 * module-level callback, rather than a closure over fresh locals per request: `forEach` is
 * synchronous and handlers never nest, so one record is enough and the hot path allocates only
 * the header list itself.
 */
const headerScan: HeaderScan = {
  count: 0,
  bytes: 0,
  lengthValue: undefined,
  lengthConflict: false,
  transferEncodings: 0,
  transferEncoding: '',
  forwarded: false,
};

/**
 * The pairs of the request being read, copied out at the exact length once the pass is over.
 * Pushing onto a fresh `[]` instead makes V8 give it room for 17 entries on the first push: ~150
 * bytes of backing store for the 1-10 headers a request usually has (a quarter of what the
 * server allocates per request besides the app, sampled on a raw GET /). The slots are emptied
 * after the copy, so no request's headers stay reachable from here.
 */
const collected: Array<[string, string]> = [];

function startScan(): HeaderScan {
  const scan = headerScan;
  scan.count = 0;
  scan.bytes = 0;
  scan.lengthValue = undefined;
  scan.lengthConflict = false;
  scan.transferEncodings = 0;
  scan.transferEncoding = '';
  scan.forwarded = false;
  return scan;
}

function collectHeader(name: string, value: string): void {
  const scan = headerScan;
  collected[scan.count++] = [name, value];
  scan.bytes += name.length + value.length + 4;
  // 'x' = 120: one comparison before the string test keeps other headers cheap.
  if (name.charCodeAt(0) === 120 && name.startsWith('x-forwarded-')) scan.forwarded = true;
  else if (name === 'content-length') {
    if (scan.lengthValue !== undefined && scan.lengthValue !== value) scan.lengthConflict = true;
    scan.lengthValue = value;
  } else if (name === 'transfer-encoding') {
    scan.transferEncodings += 1;
    scan.transferEncoding = value;
  }
}

/** The first `count` collected pairs as a list of their own; the slots are cleared. */
function takeCollected(count: number): HeaderList {
  if (count === 0) return [];
  const headers = collected.slice(0, count);
  for (let i = 0; i < count; i++) collected[i] = CLEARED;
  return headers;
}
const CLEARED: [string, string] = ['', ''];

/** The request line's bytes besides method, target and query: two spaces, `HTTP/1.1` and CRLF. */
const REQUEST_LINE_FRAME = ' '.length + ' HTTP/1.1'.length + '\r\n'.length;

/**
 * Copies the request head out of `req`. Call it synchronously inside the uWS handler.
 *
 * @example
 * ```ts
 * app.any('/*', (res, req) => {
 *   const head = readRequestHead(req);
 *   if (head.framing === 'ambiguous') return void res.close();
 * });
 * ```
 */
export function readRequestHead(req: HttpRequest): RequestHead {
  const scan = startScan();
  req.forEach(collectHeader);
  const { lengthValue, transferEncoding, transferEncodings } = scan;
  const method = req.getCaseSensitiveMethod();
  const rawPath = req.getUrl();
  const queryString = req.getQuery() ?? '';
  const head: RequestHead = {
    method,
    rawPath,
    queryString,
    headers: takeCollected(scan.count),
    framing: 'none',
    contentLength: 0,
    headerBytes: scan.bytes + method.length + rawPath.length + (queryString.length === 0 ? 0 : queryString.length + 1) + REQUEST_LINE_FRAME,
    forwarded: scan.forwarded,
  };
  if (transferEncodings > 0) {
    const chunkedOnly = transferEncodings === 1 && transferEncoding.trim().toLowerCase() === 'chunked';
    head.framing = chunkedOnly && lengthValue === undefined ? 'chunked' : 'ambiguous';
    head.contentLength = -1;
  } else if (lengthValue !== undefined) {
    const trimmed = lengthValue.trim();
    if (scan.lengthConflict || !isDecimal(trimmed)) {
      head.framing = 'ambiguous';
      head.contentLength = -1;
    } else {
      head.contentLength = Number(trimmed);
      head.framing = head.contentLength > 0 ? 'length' : 'none';
    }
  }
  return head;
}

/**
 * Percent-decodes a path for `scope.path`. A malformed escape (`%zz`, a lone `%`, broken UTF-8)
 * leaves the path as sent rather than failing the request: the app still sees `rawPath`.
 */
export function decodePath(rawPath: string): string {
  if (rawPath.indexOf('%') === -1) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
