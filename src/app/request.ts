/**
 * Request: what a route handler receives — the HTTP scope plus lazy access to everything in it.
 *
 * Constructing a Request costs a few field assignments: the query, headers, cookies and body are
 * each worked out the first time a handler asks, then cached (the URL is built on each read of
 * `url`). That keeps a GET that only returns JSON nearly allocation-free. The body can be read
 * once from the server; `bytes()` caches it so `text()`, `json()` and `form()` can follow one
 * another.
 */
import type { Receive } from '../protocol/app.js';
import type { Address, HttpScope } from '../protocol/scope.js';
import { BackgroundTasks } from './background.js';
import { parseCookies } from './cookies.js';
import { HTTPException } from './errors.js';
import { FormData, parseUrlencoded } from './form-data.js';
import { Headers } from './headers.js';
import { multipartBoundary, parseMultipart, type MultipartLimits } from './multipart.js';
import { bodyTooLarge, declaresTooLarge, readBody, streamBody } from './request-body.js';
import { requestedPath } from './requested-path.js';
import type { RouteRecord } from './route-types.js';
import type { PathParams } from './routing/path-pattern.js';

// One decoder for every request: without `stream: true`, `decode` keeps no state between calls.
const UTF8 = new TextDecoder();

/** What a request needs from the app that routed it. */
export interface RequestContext {
  /** Largest body `bytes()`/`json()`/`form()` will read, in bytes. */
  readonly bodyLimit: number;
  /** Builds a path for a named route (the app's `urlPathFor`). */
  urlPathFor(name: string, params?: Record<string, unknown>): string;
}

/**
 * An incoming HTTP request.
 *
 * @example
 * ```ts
 * app.post('/items/{id:int}', async (request) => {
 *   const id = request.pathParams.id as number;
 *   const body = await request.json();
 *   return { id, body, q: request.query.get('q') };
 * });
 * ```
 */
export class Request<S extends object = Record<string, unknown>> {
  /** Filled by the router; the record of the route that matched (`undefined` outside routes). */
  route: RouteRecord | undefined;
  /** The one read of the body, shared by every later `bytes()`/`text()`/`json()` call. */
  private bodyRead: Promise<Uint8Array> | undefined;
  private bodyStarted = false;
  private cachedHeaders: Headers | undefined;
  private cachedQuery: URLSearchParams | undefined;
  private cachedCookies: Record<string, string> | undefined;
  private cachedTasks: BackgroundTasks | undefined;
  private cleanups: Array<(error: unknown) => unknown> | undefined;

  constructor(
    /** The raw TSGI scope, for anything the getters below do not cover. */
    readonly scope: HttpScope,
    /** The raw `receive` of this request; prefer `bytes()`/`json()`/`stream()`, which track what was read. */
    readonly receive: Receive,
    /** Values captured from the route template, already converted (`{id:int}` gives a number). */
    readonly pathParams: PathParams,
    /** What the app lends the request: the body limit and the URL builder. */
    readonly context: RequestContext,
  ) {
    this.route = undefined;
  }

  /** Upper-case HTTP method, e.g. `GET`. */
  get method(): string {
    return this.scope.method;
  }

  /** The path, percent-decoded, including the root path. */
  get path(): string {
    return this.scope.path;
  }

  /**
   * The full URL as the client asked for it, as Starlette's `request.url`: the root path included
   * (requested-path.ts), host from the `Host` header when it is a host name or IP literal with an
   * optional port, else the server address. The header is the client's text: `evil.example/x?`
   * would move the path, `a b` would make `new URL` throw.
   */
  get url(): URL {
    const header = this.headers.get('host');
    const host = header !== null && HOST_HEADER.test(header) ? header : serverHost(this.scope);
    const target = requestedPath(this.scope) + (this.scope.queryString === '' ? '' : `?${this.scope.queryString}`);
    try {
      return new URL(`${this.scope.scheme}://${host}${target}`);
    } catch {
      // A port past 65535 still fits the pattern; the server's own address always parses.
      return new URL(`${this.scope.scheme}://${serverHost(this.scope)}${target}`);
    }
  }

  /** Query parameters; repeated keys are kept (`getAll`). */
  get query(): URLSearchParams {
    return (this.cachedQuery ??= new URLSearchParams(this.scope.queryString));
  }

  /** Request headers, looked up case-insensitively. */
  get headers(): Headers {
    return (this.cachedHeaders ??= new Headers(this.scope.headers));
  }

  /** Cookies from every `Cookie` header, by name (the first occurrence of a name wins). */
  get cookies(): Record<string, string> {
    return (this.cachedCookies ??= parseCookies(this.headers.getAll('cookie')));
  }

  /** The peer's `[host, port]`, or `null` when the server cannot tell. */
  get client(): Address | null {
    return this.scope.client;
  }

  /** Lifespan state (a per-request shallow copy) plus anything middleware put there. */
  get state(): S {
    return (this.scope.state ??= {}) as S;
  }

  /** Tasks to run after the response has been sent. */
  get background(): BackgroundTasks {
    return (this.cachedTasks ??= new BackgroundTasks());
  }

  /** `true` when a handler queued background tasks (read by the router without creating the list). */
  get hasBackgroundTasks(): boolean {
    return this.cachedTasks !== undefined && this.cachedTasks.size > 0;
  }

  /**
   * Adds work to run once the response is over however it ended: after the background tasks when
   * it was sent, or with the error when sending it failed midway (a stream that threw, a value
   * JSON cannot represent, a client gone). Generator dependencies release what they acquired
   * here: a background task would be skipped on those failures and leak it.
   */
  addCleanup(cleanup: (error: unknown) => unknown): void {
    (this.cleanups ??= []).push(cleanup);
  }

  /** `true` when cleanups were added (read by the router on its fast path). */
  get hasCleanups(): boolean {
    return this.cleanups !== undefined && this.cleanups.length > 0;
  }

  /** Runs the cleanups once, newest first; one that fails is logged and the others still run. */
  async runCleanups(error: unknown): Promise<void> {
    const cleanups = this.cleanups?.splice(0).reverse() ?? [];
    for (const cleanup of cleanups) {
      try {
        await cleanup(error);
      } catch (failure) {
        console.error('tsgi: a request cleanup failed:', failure);
      }
    }
  }

  /**
   * The whole body, read once (413 past the app's body limit; when `Content-Length` says so, none
   * of the body is kept). Not `async`: the promise of the read itself is kept and handed out, so
   * awaiting the body costs one async step (the read's), not two, and a later call answers from
   * the same promise.
   */
  bytes(): Promise<Uint8Array> {
    if (this.bodyRead !== undefined) return this.bodyRead;
    if (this.bodyStarted) return Promise.reject(streamedAlready());
    this.bodyStarted = true;
    const limit = this.context.bodyLimit;
    if (declaresTooLarge(this.scope.headers, limit)) return (this.bodyRead = Promise.reject(bodyTooLarge(limit)));
    return (this.bodyRead = readBody(this.receive, limit));
  }

  /** The body decoded as UTF-8 (same limit and caching as `bytes()`). */
  async text(): Promise<string> {
    return UTF8.decode(await this.bytes());
  }

  /** The body parsed as JSON; malformed JSON is a 400 that says where parsing stopped. */
  async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new HTTPException(400, `Malformed JSON body: ${(error as Error).message}`, undefined, { code: 'malformed_json' });
    }
  }

  /** The body chunk by chunk, as it arrives, for bodies too large to hold. */
  stream(): AsyncGenerator<Uint8Array> {
    if (this.bodyStarted) throw streamedAlready();
    this.bodyStarted = true;
    return streamBody(this.receive, Number.POSITIVE_INFINITY);
  }

  /** An urlencoded or multipart form; any other content type is a 415. */
  async form(limits: MultipartLimits = {}): Promise<FormData> {
    const contentType = this.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (mediaType === 'application/x-www-form-urlencoded') return parseUrlencoded(await this.text());
    if (mediaType === 'multipart/form-data') {
      const boundary = multipartBoundary(contentType);
      if (boundary === null) throw new HTTPException(400, 'multipart/form-data without a valid boundary parameter');
      return parseMultipart(await this.bytes(), boundary, limits);
    }
    throw new HTTPException(415, `Expected a form (application/x-www-form-urlencoded or multipart/form-data), got "${contentType}"`);
  }

  /**
   * A path for a named route of the app that routed this request, with that app's root path in
   * front (a proxy's prefix, a mount's), so it can go into a link as it is.
   */
  urlPathFor(name: string, params: Record<string, unknown> = {}): string {
    return this.scope.rootPath + this.context.urlPathFor(name, params);
  }
}

/** RFC 3986 host (a name or an IP literal) and an optional port: nothing that ends the authority. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function serverHost(scope: HttpScope): string {
  if (scope.server === null) return 'localhost';
  const [host, port] = scope.server;
  const name = host.includes(':') ? `[${host}]` : host;
  return port === null ? name : `${name}:${port}`;
}

function streamedAlready(): TypeError {
  return new TypeError('the request body has already been consumed as a stream');
}
