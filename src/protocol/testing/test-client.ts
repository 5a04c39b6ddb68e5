/**
 * The test client: drive any TSGI app in-process with one line per request.
 *
 * After Starlette's TestClient. It plays the server for every scope type — builds the scope,
 * delivers request bodies, collects responses, runs WebSocket sessions and the lifespan — over
 * the raw `Communicator`, with no sockets. By default it wraps the app in `checked()`, so a test
 * of any app also tests that the app speaks the protocol correctly. Errors the app throws reach
 * the test as rejections of the call that was waiting, never as silent 500s.
 */
import type { App } from '../app.js';
import type { Extensions } from '../extensions.js';
import type { HeaderList } from '../scope.js';
import { ConversationError, WebSocketDenied } from '../errors.js';
import { checked } from '../checked.js';
import { Communicator } from './communicator.js';
import { HttpExchange } from './http-exchange.js';
import { fixedLength, toBytes, type TestRequestBody } from './request-body.js';
import { concatBytes, RecordedResponse, type StreamingTestResponse, type TestResponse } from './test-response.js';
import { LiveResponse } from './streaming-response.js';
import { AcceptedWebSocket, type TestWebSocket } from './test-websocket.js';
import { startLifespan, type TestLifespan } from './test-lifespan.js';
import { httpScope, mergeHeaders, sharedExtensions, webSocketScope, type ScopeDefaults } from './test-scope.js';

/** How a `TestClient` presents itself to the app. */
export interface TestClientOptions {
  /**
   * The mount point (`''` by default), as a server run with `rootPath` behind a proxy that strips
   * it: each scope's `path` starts with it, while `rawPath` is the request path as given.
   */
  rootPath?: string;
  /** The client address in scopes (default `['testclient', 50000]`). */
  client?: [string, number];
  /** The server address in scopes (default `['testserver', 80]`, or 443 for https). */
  server?: [string, number];
  /** The scheme in scopes: `http` (default) or `https`; websockets use `ws`/`wss` to match. */
  scheme?: 'http' | 'https';
  /** State copied into every request scope until a lifespan replaces it. */
  state?: Record<string, unknown>;
  /**
   * Extensions advertised in scopes, on top of the two the client implements (pathsend, denial);
   * a name given as `undefined` removes it. Every scope shares one frozen map, as on the server.
   */
  extensions?: Extensions;
  /** Wrap the app in `checked()` (default `true`). */
  checked?: boolean;
  /** How long to wait for each event from the app, in ms (default 5000). */
  timeoutMs?: number;
}

/** Options of one HTTP request. */
export interface TestRequestOptions {
  /** Request headers, as pairs or an object; names are lower-cased for the scope. */
  headers?: HeaderList | Record<string, string>;
  /**
   * The request body; iterables are delivered one `http.request` event per chunk. An iterable
   * that throws plays a client leaving mid-upload: the app receives `http.disconnect`.
   */
  body?: TestRequestBody;
  /** A value to send as a JSON body; sets `content-type: application/json`. */
  json?: unknown;
  /** Deliver `http.disconnect` right after the body, as a client that gives up. */
  disconnectAfterBody?: boolean;
}

/** Options of one WebSocket session. */
export interface TestWebSocketOptions {
  /** Headers of the upgrade request, as pairs or an object. */
  headers?: HeaderList | Record<string, string>;
  /** Subprotocols offered, in order (also sent as `sec-websocket-protocol`). */
  subprotocols?: string[];
}

/**
 * Drives a TSGI app in-process.
 *
 * @example
 * ```ts
 * const client = new TestClient(app);
 * const response = await client.get('/hello?name=ada');
 * assert.equal(response.status, 200);
 * const ws = await client.websocket('/echo');
 * ws.sendText('hi'); assert.equal(await ws.receiveText(), 'hi');
 * ```
 */
export class TestClient {
  private readonly app: App;
  private readonly defaults: ScopeDefaults;
  private readonly timeoutMs: number;

  constructor(app: App, options: TestClientOptions = {}) {
    this.app = options.checked === false ? app : checked(app);
    const scheme = options.scheme ?? 'http';
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.defaults = {
      rootPath: options.rootPath ?? '',
      client: options.client ?? ['testclient', 50000],
      server: options.server ?? ['testserver', scheme === 'https' ? 443 : 80],
      scheme,
      extensions: sharedExtensions({ 'http.response.pathsend': {}, 'websocket.http.response': {}, ...options.extensions }),
      state: options.state,
    };
  }

  /** Sends one request and resolves with the complete response once the app has returned. */
  async request(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const exchange = this.startExchange(method, path, options);
    const first = await exchange.read();
    if (first.kind === 'returned') return this.responseWithoutStart(exchange);
    if (first.kind !== 'start') throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'the app sent a body before http.response.start');
    const chunks: Uint8Array[] = [];
    for (;;) {
      const item = await exchange.read();
      if (item.kind === 'returned') {
        if (exchange.clientDisconnected) break;
        throw new ConversationError('TSGI_APP_RETURNED', 'the app returned before completing the response');
      }
      if (item.kind === 'start') throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'the app sent http.response.start twice');
      chunks.push(item.bytes);
      if (item.last) break;
    }
    await exchange.finish();
    return new RecordedResponse(first.status, first.headers, chunks);
  }

  /** `request('GET', …)`. */
  get(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options);
  }
  /** `request('HEAD', …)`. */
  head(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('HEAD', path, options);
  }
  /** `request('DELETE', …)`. */
  delete(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('DELETE', path, options);
  }
  /** `request('OPTIONS', …)`. */
  options(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('OPTIONS', path, options);
  }
  /** `request('POST', …)`; pass `body` or `json` in the options. */
  post(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('POST', path, options);
  }
  /** `request('PUT', …)`. */
  put(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PUT', path, options);
  }
  /** `request('PATCH', …)`. */
  patch(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PATCH', path, options);
  }

  /** Sends one request and resolves at `http.response.start`, with the body still to come. */
  async stream(method: string, path: string, options: TestRequestOptions = {}): Promise<StreamingTestResponse> {
    const exchange = this.startExchange(method, path, options);
    const first = await exchange.read();
    if (first.kind === 'returned') throw new ConversationError('TSGI_APP_RETURNED', 'the app returned without starting a response');
    if (first.kind !== 'start') throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'the app sent a body before http.response.start');
    return new LiveResponse(exchange, first.status, first.headers);
  }

  /**
   * Opens a WebSocket session; resolves once the app accepts. Rejects with `WebSocketDenied` when
   * the app closes before accepting (status 403) or sends a denial response.
   */
  async websocket(path: string, options: TestWebSocketOptions = {}): Promise<TestWebSocket> {
    const subprotocols = options.subprotocols ?? [];
    const defaults: HeaderList = [
      ['host', 'testserver'],
      ['connection', 'upgrade'],
      ['upgrade', 'websocket'],
      ['sec-websocket-version', '13'],
      ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ];
    if (subprotocols.length > 0) defaults.push(['sec-websocket-protocol', subprotocols.join(', ')]);
    const scope = webSocketScope(this.defaults, path, mergeHeaders(defaults, options.headers), subprotocols);
    const talk = new Communicator(this.app, scope);
    talk.send({ type: 'websocket.connect' });
    const answer = await talk.receive(this.timeoutMs);
    switch (answer.type) {
      case 'websocket.accept':
        return new AcceptedWebSocket(talk, answer, this.timeoutMs);
      case 'websocket.close':
        return this.denied(talk, 403, [], []);
      case 'websocket.http.response.start':
        return this.denied(talk, answer.status, answer.headers ?? [], await this.denialBody(talk));
      default:
        throw new ConversationError('TSGI_UNEXPECTED_EVENT', `expected a handshake answer, got ${answer.type}`);
    }
  }

  /**
   * Runs lifespan startup. Rejects with `LifespanFailed` on `lifespan.startup.failed`, and with the
   * app's error if it throws. Once it resolves, every later request scope gets a shallow copy of
   * the state the app filled in — unless the app returned without answering (`supported: false`),
   * which a server takes to mean the app has no lifespan (spec §5.3).
   */
  async lifespan(): Promise<TestLifespan> {
    const lifespan = await startLifespan(this.app, this.defaults.extensions, this.timeoutMs);
    if (lifespan.supported) this.defaults.state = lifespan.state;
    return lifespan;
  }

  private startExchange(method: string, path: string, options: TestRequestOptions): HttpExchange {
    let body = options.body;
    const defaults: HeaderList = [['host', 'testserver']];
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      defaults.push(['content-type', 'application/json']);
    }
    const length = fixedLength(body);
    if (length !== undefined && (body !== undefined || !['GET', 'HEAD'].includes(method.toUpperCase()))) {
      defaults.push(['content-length', String(length)]);
    }
    const scope = httpScope(this.defaults, method, path, mergeHeaders(defaults, options.headers));
    return new HttpExchange(this.app, scope, body, options.disconnectAfterBody === true, this.timeoutMs);
  }

  /** The response of an app that returned without starting one: legal only after a disconnect. */
  private async responseWithoutStart(exchange: HttpExchange): Promise<TestResponse> {
    if (!exchange.clientDisconnected) throw new ConversationError('TSGI_APP_RETURNED', 'the app returned without starting a response');
    await exchange.talk.waitFinished(this.timeoutMs);
    return new RecordedResponse(0, [], []);
  }

  private async denialBody(talk: Communicator): Promise<Uint8Array[]> {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const event = await talk.receive(this.timeoutMs);
      if (event.type !== 'websocket.http.response.body') {
        throw new ConversationError('TSGI_UNEXPECTED_EVENT', `expected websocket.http.response.body, got ${event.type}`);
      }
      chunks.push(toBytes(event.body ?? ''));
      if (event.moreBody !== true) return chunks;
    }
  }

  /** Waits for a denying app to return, then reports the denial (or the app's own error). */
  private async denied(talk: Communicator, status: number, headers: HeaderList, chunks: Uint8Array[]): Promise<never> {
    talk.sendFinal({ type: 'websocket.disconnect', code: 1006 });
    await talk.waitFinished(this.timeoutMs);
    throw new WebSocketDenied(status, headers, concatBytes(chunks));
  }
}
