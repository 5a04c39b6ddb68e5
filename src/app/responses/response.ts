/**
 * Responses with a body known up front: plain, JSON, text, HTML, redirect.
 *
 * A response is an object a handler returns; the router calls `send` to turn it into exactly two
 * protocol events — `http.response.start` with status and headers, then one `http.response.body`.
 * The body stays a string when it is text (the protocol accepts strings and the server encodes once),
 * which is the cheapest way to send JSON. To a HEAD request the same headers go out, with a
 * `content-length` computed from the body, and an empty body.
 */
import type { HttpReceive, HttpSend, Receive, Send } from '../../protocol/app.js';
import type { Body, SendEvent } from '../../protocol/events.js';
import type { HeaderList, HttpScope } from '../../protocol/scope.js';
import type { BackgroundTasks } from '../background.js';
import { serializeCookie, type CookieOptions } from '../cookies.js';

/** Options every response accepts. */
export interface ResponseInit {
  /** HTTP status; 200 when omitted (a redirect defaults to 307). */
  status?: number;
  /** Headers to send, as pairs or an object; names are lower-cased. */
  headers?: HeaderList | Record<string, string>;
  /** Tasks run after the body has been sent. */
  background?: BackgroundTasks;
}

/** Header pairs shared by every response of a kind; never mutated (responses copy before adding). */
export const JSON_CONTENT_TYPE: [string, string] = ['content-type', 'application/json'];
const TEXT_CONTENT_TYPE: [string, string] = ['content-type', 'text/plain; charset=utf-8'];
const HTML_CONTENT_TYPE: [string, string] = ['content-type', 'text/html; charset=utf-8'];

/** Turns either header form into a fresh list with lower-case names. */
export function toHeaderList(headers: HeaderList | Record<string, string> | undefined): HeaderList {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers.map(([k, v]) => [k.toLowerCase(), v]);
  return Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]);
}

/**
 * A response with a complete body.
 *
 * @example
 * ```ts
 * return new Response('pong', { headers: { 'content-type': 'text/plain' } });
 * ```
 */
export class Response {
  /** HTTP status sent in `http.response.start`; middleware may still change it. */
  status: number;
  /**
   * Response headers, lower-case names. `content-length` is left to the server, which knows the
   * body's byte length; only the answer to HEAD, which has no body to measure, carries it from here.
   */
  readonly headers: HeaderList;
  /** The whole body, sent in one `http.response.body` event. */
  body: Body;
  /** Tasks to run after the last body byte is sent, if any. */
  background: BackgroundTasks | undefined;

  constructor(body: Body = '', init: ResponseInit = {}, contentType?: [string, string]) {
    this.status = init.status ?? 200;
    this.headers = toHeaderList(init.headers);
    if (contentType !== undefined && !this.headers.some((h) => h[0] === 'content-type')) this.headers.push(contentType);
    this.body = body;
    this.background = init.background;
  }

  /** Adds a `Set-Cookie` header. */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    this.headers.push(['set-cookie', serializeCookie(name, value, options)]);
    return this;
  }

  /** Adds a `Set-Cookie` header that expires the cookie now. */
  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain'> = {}): this {
    return this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) });
  }

  /** Sends the response: start, then the body (empty for HEAD). */
  async send(scope: HttpScope, _receive: Receive | HttpReceive, send: Send | HttpSend): Promise<void> {
    if (scope.method === 'HEAD') {
      await send({ type: 'http.response.start', status: this.status, headers: withContentLength(this.headers, this.body) });
      await send({ type: 'http.response.body', body: '' });
      return;
    }
    await send({ type: 'http.response.start', status: this.status, headers: this.headers });
    await send({ type: 'http.response.body', body: this.body });
  }
}

/** The headers plus `content-length` of `body`, for HEAD answers that carry no body. */
export function withContentLength(headers: HeaderList, body: Body): HeaderList {
  if (headers.some((h) => h[0] === 'content-length')) return headers;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return [...headers, ['content-length', String(length)]];
}

/**
 * A value serialised with `JSON.stringify` (`undefined` becomes `null`). A plain value returned
 * from a handler is sent as JSON too, with status 200 (and through the route's compiled
 * serialiser when it declares a response schema); use this class to pick the status or headers.
 *
 * @example
 * ```ts
 * app.post('/items', async (request) => new JSONResponse(await save(request), { status: 201 }));
 * ```
 */
export class JSONResponse extends Response {
  constructor(value: unknown, init: ResponseInit = {}) {
    super(JSON.stringify(value) ?? 'null', init, JSON_CONTENT_TYPE);
  }
}

/** Plain UTF-8 text. */
export class TextResponse extends Response {
  constructor(text: string, init: ResponseInit = {}) {
    super(text, init, TEXT_CONTENT_TYPE);
  }
}

/** An HTML document. */
export class HTMLResponse extends Response {
  constructor(html: string, init: ResponseInit = {}) {
    super(html, init, HTML_CONTENT_TYPE);
  }
}

/**
 * A redirect; 307 by default so the method and body are kept.
 *
 * @example
 * ```ts
 * app.get('/old', () => new RedirectResponse('/new', { status: 308 }));
 * ```
 */
export class RedirectResponse extends Response {
  constructor(location: string, init: ResponseInit = {}) {
    super('', { status: 307, ...init });
    // Encode characters that cannot appear in a header, leaving existing escapes and delimiters alone.
    this.headers.push(['location', encodeURI(decodeURISafe(location))]);
  }
}

function decodeURISafe(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

export { toJsonText } from './json-serializer.js';

/**
 * A promise a `send` returned that is known to be fulfilled: observed settling once, and a
 * fulfilled promise never changes. Servers answer every `send` that completed at once with one
 * shared resolved promise (the tsgi server does), so after the first response this is that promise.
 */
let fulfilledSend: Promise<void> | undefined;

/**
 * Sends `start`, then `body` once the server took `start`. When `send` handed back the promise
 * already seen fulfilled, the body goes out at once: waiting on a settled promise only yields to
 * other microtasks, and skipping that wait spares a closure, a promise and the adoption of the
 * body's promise per response. Any other promise is waited for, as the protocol asks.
 */
export function sendStartAndBody(send: Send, start: SendEvent, body: SendEvent): Promise<void> {
  const started = send(start);
  if (started === fulfilledSend) return send(body);
  return started.then(() => {
    fulfilledSend = started;
    return send(body);
  });
}

/** `true` when `sent` is a `send` promise already seen fulfilled: waiting on it would only yield. */
export function isFulfilledSend(sent: Promise<void>): boolean {
  return sent === fulfilledSend;
}

/**
 * Sends JSON text in two events: the router's fast path for plain return values, which skips
 * building a response object.
 */
export function sendJsonText(scope: HttpScope, send: Send, body: string, status = 200): Promise<void> {
  if (scope.method === 'HEAD') {
    const headers: HeaderList = [JSON_CONTENT_TYPE, ['content-length', String(Buffer.byteLength(body))]];
    return sendStartAndBody(send, { type: 'http.response.start', status, headers }, { type: 'http.response.body', body: '' });
  }
  // A fresh list per response: middleware may add to the headers it is handed.
  return sendStartAndBody(send, { type: 'http.response.start', status, headers: [JSON_CONTENT_TYPE] }, { type: 'http.response.body', body });
}
