/**
 * The `http` scope the server hands an app, with `scope.client` read from the socket only when
 * the app asks for it.
 *
 * Why lazily: uWebSockets.js answers `getRemoteAddressAsText()` with a `getpeername` system call
 * and a fresh `ArrayBuffer` on every call — measured at about 2.3 µs of a ~15 µs `GET /`, more
 * than the whole protocol layer, for a field most requests never read. So the address is read
 * the first time `scope.client` is read, and remembered.
 *
 * What an app can rely on (docs/server.md, "scope.client"):
 * - `client` is an own, enumerable property: `{ ...scope }`, `Object.keys` and `JSON.stringify`
 *   see it (a spread reads it, so a mounted app's copy carries the value);
 * - reading it while the request is in flight gives the peer, as an eager read would, and the
 *   value stays readable after the response;
 * - it is assignable (a proxy-headers middleware may replace it);
 * - a *first* read after the response completed (or the client left) gives `null`, the spec's
 *   "the server cannot tell": by then uWS may have freed the connection or reused it.
 *
 * Where it sits: built by the HTTP exchange when the app starts (http-exchange.ts). When the
 * address is needed anyway — trusted `X-Forwarded-*` headers to apply, or the access log on — the
 * request handler reads it eagerly and the scope carries the value from the start.
 */
import type { Address, Extensions, HeaderList, HttpScope, State, TsgiInfo } from '../protocol/index.js';
import { decodePath, type RequestHead } from './request-head.js';
import type { ConnectionInfo } from './connection-info.js';

/** Where a lazy `client` comes from: the exchange, which knows whether its `res` is still usable. */
export interface PeerSource {
  /** The peer address, or `null` once the response completed or the client left. */
  readPeer(): Address | null;
}

/** What every scope of one server shares: its mount point, extensions and lifespan state. */
export interface ScopeShared {
  readonly options: { readonly rootPath: string };
  readonly extensions: Extensions;
  /** A fresh copy of the lifespan state for one scope, or `undefined` without a lifespan. */
  scopeState(): State | undefined;
}

const TSGI_INFO: TsgiInfo = Object.freeze({ version: '1.0', specVersion: '1.0' } as const);

/**
 * An HTTP scope whose `client` is either known (`client` given) or read from `source` on first
 * access. Built with plain data properties in the order of `HttpScope`, plus one accessor.
 */
export class ServerHttpScope implements HttpScope {
  readonly type = 'http' as const;
  tsgi: TsgiInfo = TSGI_INFO;
  httpVersion = '1.1';
  method: string;
  scheme: 'http' | 'https';
  path: string;
  rawPath: string;
  queryString: string;
  rootPath: string;
  headers: HeaderList;
  /** An own accessor installed in the constructor (see `CLIENT_PROPERTY`). */
  declare client: Address | null;
  server: Address | null;
  extensions: Extensions;
  declare state?: State;
  /** The known client; `undefined` until read from `#source`. */
  #client: Address | null | undefined;
  #source: PeerSource | undefined;

  /**
   * Reads the request's fields straight from the copied head and the server, without an
   * intermediate record: one object per scope, filled in the order of `HttpScope`, so every scope
   * shares one hidden class.
   */
  constructor(head: RequestHead, connection: ConnectionInfo, shared: ScopeShared, source: PeerSource | undefined) {
    const rootPath = shared.options.rootPath;
    this.method = head.method;
    this.scheme = connection.scheme;
    this.path = rootPath + decodePath(head.rawPath);
    this.rawPath = head.rawPath;
    this.queryString = head.queryString;
    this.rootPath = rootPath;
    this.headers = head.headers;
    Object.defineProperty(this, 'client', CLIENT_PROPERTY);
    this.server = connection.server;
    this.extensions = shared.extensions;
    const state = shared.scopeState();
    if (state !== undefined) this.state = state;
    const client = connection.client;
    this.#client = client;
    this.#source = client === undefined ? source : undefined;
  }

  /** The getter behind `scope.client`: the known value, or the peer read now and remembered. */
  static clientOf(scope: ServerHttpScope): Address | null {
    if (scope.#client === undefined) {
      scope.#client = scope.#source?.readPeer() ?? null;
      scope.#source = undefined;
    }
    return scope.#client;
  }

  /** The setter behind `scope.client`. */
  static setClientOf(scope: ServerHttpScope, client: Address | null): void {
    scope.#client = client;
    scope.#source = undefined;
  }
}

/**
 * One descriptor shared by every scope: the same getter and setter each time, so V8 gives all
 * scopes one hidden class and `defineProperty` stays on its fast path.
 *
 * Deliberately not frozen: `defineProperty` reads the descriptor's fields, and reading them from
 * a frozen object took V8's slow path — measured at ~400 ns per scope frozen against ~220 ns
 * plain (Node 20, same process). The object never leaves this module, so nothing can change it.
 */
const CLIENT_PROPERTY: PropertyDescriptor = {
  get(this: ServerHttpScope): Address | null {
    return ServerHttpScope.clientOf(this);
  },
  set(this: ServerHttpScope, client: Address | null): void {
    ServerHttpScope.setClientOf(this, client);
  },
  enumerable: true,
  configurable: true,
};
