/**
 * Field checks for events an application sends: is each key of the right type and range?
 *
 * The state machines (response-state.ts, websocket-state.ts, lifespan-state.ts) answer "may this
 * event come now?"; this file answers the question before it: "is this a well-formed event of its
 * type?" (spec §3). TypeScript already rejects most malformed events at compile time, but apps are
 * also written in JavaScript, built from `JSON.parse`, or cast with `as`, and a server must not
 * write a status of `"200"` or a header value containing `\r\n` to the socket.
 *
 * Every check is a loop, a comparison or a lookup: no allocation unless an event is rejected (or
 * a header string is seen for the first time), so a server can run it on every send.
 */
import { ProtocolError, type ProtocolRule } from './errors.js';

/** An event as it arrives at runtime: an object with a `type`, fields unknown. */
export type AnyEvent = {
  /** The event's `type` string, not yet known to be one TSGI defines. */
  readonly type: string;
  readonly [key: string]: unknown;
};

/** RFC 9110 `token`: the characters allowed in a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Characters a header value may not hold (RFC 9110 §5.5: visible ASCII, space, tab, and the
 * latin-1 bytes 0x80-0xFF). CR and LF would end the header line early and let a value start a new
 * one (response splitting); other control characters are refused by HTTP clients; a character
 * above U+00FF has no single byte, so TSGI's latin-1 header strings cannot carry it (Node's own
 * HTTP server refuses the same set).
 */
const HEADER_VALUE_FORBIDDEN = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Strings that already passed a header check. An app sends the same few names and values on
 * every response (`content-type: application/json`), and a `Set` lookup of a string whose hash
 * V8 has cached is several times cheaper than running a regular expression over it. Strings are
 * immutable, so a string that passed once passes forever: the cache cannot let a bad header
 * through. It is bounded (count and length) and emptied when full, so unique values such as
 * request ids cannot grow it without limit; the next responses refill it with what repeats.
 */
class PassedStrings {
  private readonly passed = new Set<string>();

  constructor(
    private readonly check: (text: string) => boolean,
    private readonly maxEntries: number,
    private readonly maxLength: number,
  ) {}

  /** `true` when `text` passes the check; remembered if it is short enough. */
  accepts(text: string): boolean {
    if (this.passed.has(text)) return true;
    if (!this.check(text)) return false;
    if (text.length <= this.maxLength) {
      if (this.passed.size >= this.maxEntries) this.passed.clear();
      this.passed.add(text);
    }
    return true;
  }
}

/**
 * Response headers the server writes itself, because they frame the message or steer the
 * connection (RFC 9110 §7.6.1, RFC 9112 §6): an app's copy would contradict the server's. Measured
 * on the tsgi server before this rule: `transfer-encoding: chunked` from an app went out next to
 * uWS's own `Content-Length` (a client reading the chunked framing misreads the body), or twice.
 * `content-length` is not here: an app may declare its body's length (spec §3.1). Nor is
 * `connection`: an app may ask for `connection: close` (as under uvicorn), which the server
 * honours by closing after the response; other values are the server's to decide and are dropped.
 */
const SERVER_OWNED_RESPONSE = new Set(['transfer-encoding', 'keep-alive', 'proxy-connection', 'trailer']);

/**
 * Headers of a `101 Switching Protocols` that the WebSocket handshake writes (RFC 6455 §4.2.2);
 * the subprotocol is chosen with `subprotocol`, never with a header. A 101 has no body either.
 */
const SERVER_OWNED_HANDSHAKE = new Set([
  ...SERVER_OWNED_RESPONSE,
  'connection',
  'upgrade',
  'content-length',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
]);

/**
 * A denial response is framed by the server alone — it gathers the whole body and writes its own
 * length, dropping the app's `content-length` and `transfer-encoding` — so those two pass here;
 * the connection headers still contradict the server, which closes the connection after a denial.
 */
const SERVER_OWNED_DENIAL = new Set([...[...SERVER_OWNED_RESPONSE].filter((name) => name !== 'transfer-encoding'), 'connection']);

/** Header names an app may use in a response: one remembered set per kind of response. */
const responseHeaderNames = new PassedStrings((name) => HEADER_NAME.test(name) && !SERVER_OWNED_RESPONSE.has(name.toLowerCase()), 512, 128);
const denialHeaderNames = new PassedStrings((name) => HEADER_NAME.test(name) && !SERVER_OWNED_DENIAL.has(name.toLowerCase()), 256, 128);
const handshakeHeaderNames = new PassedStrings((name) => HEADER_NAME.test(name) && !SERVER_OWNED_HANDSHAKE.has(name.toLowerCase()), 256, 128);
const headerValues = new PassedStrings((value) => !HEADER_VALUE_FORBIDDEN.test(value), 1024, 256);

/** A `content-length` value: digits only, at most 15 of them (a safe integer, and no sign or space). */
const DECIMAL = /^[0-9]{1,15}$/;

/** Whether `name` is `content-length` in any case; lower-casing (which allocates) only for a name of its length that is not already lower-case. */
function isContentLength(name: string): boolean {
  return name.length === 14 && (name === 'content-length' || name.toLowerCase() === 'content-length');
}

/** The longest close reason a WebSocket close frame can carry, in UTF-8 bytes (RFC 6455 §5.5). */
const MAX_CLOSE_REASON_BYTES = 123;

function fail(rule: ProtocolRule, state: string, event: AnyEvent, detail: string): never {
  throw new ProtocolError(rule, state, event.type, detail);
}

/**
 * A final status: 200-599. A 1xx status is an interim response in HTTP (RFC 9110 §15.2) — a
 * client that reads `103` keeps waiting for the real answer, and `101` would claim an upgrade —
 * and TSGI 1.0 has no event for interim responses, so the status an app sends must be final.
 */
function checkStatus(event: AnyEvent, state: string): void {
  const status = event.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    fail('invalid-status', state, event, `status must be an integer from 200 to 599 (a final status), got ${describe(status)}`);
  }
}

function checkHeaders(event: AnyEvent, state: string, names: PassedStrings): void {
  const headers = event.headers;
  if (headers === undefined) return;
  if (!Array.isArray(headers)) {
    fail('invalid-headers', state, event, `headers must be an array of [name, value] string pairs, got ${describe(headers)}`);
  }
  // Indexed loops throughout: no iterator objects, even before the JIT has optimised this code.
  const list = headers as unknown[];
  for (let i = 0; i < list.length; i++) {
    const pair = list[i];
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      fail('invalid-headers', state, event, `each header must be a [name, value] pair of strings, got ${describe(pair)}`);
    }
    if (!names.accepts(pair[0])) {
      const detail = HEADER_NAME.test(pair[0]) ? 'is written by the server (it frames the message or steers the connection); an app may not send it here' : 'is not an HTTP token';
      fail('invalid-headers', state, event, `header name ${JSON.stringify(pair[0])} ${detail}`);
    }
    // A declared length must be a plain decimal number (RFC 9110 §8.6): the server frames by it.
    // The length test keeps this to one comparison for every other header.
    if (isContentLength(pair[0]) && !DECIMAL.test(pair[1])) {
      fail('invalid-headers', state, event, `content-length must be a decimal number of bytes, got ${describe(pair[1])}`);
    }
    if (!headerValues.accepts(pair[1])) {
      fail('invalid-headers', state, event, `value of header ${pair[0]} contains a character HTTP does not allow (a control character such as CR or LF, or one above U+00FF)`);
    }
  }
}

function checkBody(event: AnyEvent, state: string): void {
  const body = event.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    fail('invalid-body', state, event, `body must be a Uint8Array or a string, got ${describe(body)}`);
  }
  const moreBody = event.moreBody;
  if (moreBody !== undefined && typeof moreBody !== 'boolean') {
    fail('invalid-more-body', state, event, `moreBody must be a boolean, got ${describe(moreBody)}`);
  }
}

function checkMessage(event: AnyEvent, state: string): void {
  const hasText = event.text !== undefined && event.text !== null;
  const hasBytes = event.bytes !== undefined && event.bytes !== null;
  if (hasText === hasBytes) {
    fail('invalid-message', state, event, 'exactly one of text and bytes must be set');
  }
  if (hasText && typeof event.text !== 'string') {
    fail('invalid-message', state, event, `text must be a string, got ${describe(event.text)}`);
  }
  if (hasBytes && !(event.bytes instanceof Uint8Array)) {
    fail('invalid-message', state, event, `bytes must be a Uint8Array, got ${describe(event.bytes)}`);
  }
}

function checkClose(event: AnyEvent, state: string): void {
  const code = event.code;
  // 1000-1014 are the codes RFC 6455 defines, 3000-4999 are for libraries and applications.
  // 1005, 1006 and 1015 are reserved for reporting and must never be sent in a frame.
  if (code !== undefined) {
    const valid =
      typeof code === 'number' &&
      Number.isInteger(code) &&
      ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
        (code >= 3000 && code <= 4999));
    if (!valid) fail('invalid-close-code', state, event, `close code must be 1000-1014 (not 1004-1006) or 3000-4999, got ${describe(code)}`);
  }
  const reason = event.reason;
  if (reason === undefined) return;
  if (typeof reason !== 'string') {
    fail('invalid-close-reason', state, event, `reason must be a string, got ${describe(reason)}`);
  }
  // A UTF-16 unit becomes at most 3 UTF-8 bytes, so short reasons need no encoding to be safe.
  if (reason.length * 3 > MAX_CLOSE_REASON_BYTES && new TextEncoder().encode(reason).length > MAX_CLOSE_REASON_BYTES) {
    fail('invalid-close-reason', state, event, `reason must fit in ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes`);
  }
}

function checkPath(event: AnyEvent, state: string): void {
  const path = event.path;
  if (typeof path !== 'string' || !(path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path))) {
    fail('invalid-path', state, event, `path must be an absolute file path, got ${describe(path)}`);
  }
}

/**
 * Checks the fields of one event an application sends, whatever its scope. Throws a
 * `ProtocolError` naming the field's rule; `state` is only used to label the error.
 * Unknown event types pass: deciding whether a type belongs to a scope is the state machine's job.
 *
 * @example
 * ```ts
 * checkSendEventFields({ type: 'http.response.start', status: 99 }, 'idle'); // throws invalid-status
 * ```
 */
export function checkSendEventFields(event: AnyEvent, state: string): void {
  switch (event.type) {
    case 'http.response.start':
      checkStatus(event, state);
      checkHeaders(event, state, responseHeaderNames);
      // TSGI 1.0 defines no trailers event, so the only honest value is false.
      if (event.trailers !== undefined && event.trailers !== false) {
        fail('invalid-trailers', state, event, `trailers must be false (TSGI 1.0 has no trailers), got ${describe(event.trailers)}`);
      }
      return;
    case 'http.response.body':
    case 'websocket.http.response.body':
      return checkBody(event, state);
    case 'http.response.pathsend':
      return checkPath(event, state);
    case 'websocket.accept':
      if (event.subprotocol !== undefined && event.subprotocol !== null && typeof event.subprotocol !== 'string') {
        fail('invalid-subprotocol', state, event, `subprotocol must be a string or null, got ${describe(event.subprotocol)}`);
      }
      return checkHeaders(event, state, handshakeHeaderNames);
    case 'websocket.send':
      return checkMessage(event, state);
    case 'websocket.close':
      return checkClose(event, state);
    case 'websocket.http.response.start':
      checkStatus(event, state);
      return checkHeaders(event, state, denialHeaderNames);
    case 'lifespan.startup.failed':
    case 'lifespan.shutdown.failed':
      if (event.message !== undefined && typeof event.message !== 'string') {
        fail('invalid-failure-message', state, event, `message must be a string, got ${describe(event.message)}`);
      }
      return;
    default:
      return;
  }
}

/**
 * Checks that `value` looks like an event at all: a non-null object whose `type` is a string.
 * Returns it typed loosely, for `checkSendEventFields` and the state machines.
 */
export function asEvent(value: unknown, state: string): AnyEvent {
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new ProtocolError('not-an-event', state, describe(value), `an event must be an object with a string type, got ${describe(value)}`);
  }
  return value as AnyEvent;
}

/** A short, safe description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    default:
      return `${typeof value} ${String(value)}`;
  }
}
