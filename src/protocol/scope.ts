/**
 * Scopes: what a TSGI application is told about a connection before any event flows.
 *
 * A scope is a plain object built once per connection (or once per lifespan) by the server.
 * Its `type` says which conversation follows: `http`, `websocket` or `lifespan`. See
 * `docs/protocol.md` §2 for every field, its default, and its ASGI counterpart.
 */
import type { Extensions } from './extensions.js';

/**
 * Header list: `[name, value]` pairs in the order received, names lower-cased, duplicates kept.
 *
 * TSGI carries headers as strings, not bytes (ASGI uses byte strings): every JavaScript HTTP
 * stack hands headers out as strings already, and a latin-1 string round-trips every byte.
 */
export type HeaderList = Array<[name: string, value: string]>;

/** `[host, port]` of one end of a connection; a Unix socket has port `null`. */
export type Address = [host: string, port: number | null];

/** The protocol version a server implements; only `1.0` exists. */
export interface TsgiInfo {
  /** Version of the TSGI interface itself. */
  version: '1.0';
  /** Version of the scope/event field set described in `docs/protocol.md`. */
  specVersion: '1.0';
}

/** Lifespan state: filled by the app at startup, shallow-copied into every request scope. */
export type State = Record<string, unknown>;

/** Fields shared by the two connection scopes (`http` and `websocket`). */
interface ConnectionScope {
  /** Which protocol version the server speaks. */
  tsgi: TsgiInfo;
  /** `'1.0'`, `'1.1'` or `'2'`. */
  httpVersion: string;
  /** Percent-decoded path, without `rootPath` stripped (as in ASGI: `path` includes `rootPath`). */
  path: string;
  /** The path exactly as it appeared on the request line, without the query string. */
  rawPath: string;
  /** Everything after the first `?`, still percent-encoded; `''` when absent. */
  queryString: string;
  /** The mount point of the app, `''` at the top. */
  rootPath: string;
  /** Request headers as received (for WebSocket: the upgrade request's headers). */
  headers: HeaderList;
  /**
   * The remote peer, or `null` when the server cannot tell. A server may read it from the socket
   * only when it is first read (the tsgi server does: docs/server.md), so read it during the
   * request if it is needed after the response.
   */
  client: Address | null;
  /** The local address the connection arrived on, or `null` when unknown. */
  server: Address | null;
  /** A shallow copy of the lifespan state, present when the server ran a lifespan. */
  state?: State;
  /** Optional server features, keyed by name; absent keys mean "not supported". */
  extensions?: Extensions;
}

/** One HTTP request/response exchange. */
export interface HttpScope extends ConnectionScope {
  /** Discriminant: this scope is an HTTP exchange. */
  type: 'http';
  /** Upper-case method, e.g. `GET`. */
  method: string;
  /** `https` when the connection was TLS. */
  scheme: 'http' | 'https';
}

/** One WebSocket session, from the upgrade request to the close. */
export interface WebSocketScope extends ConnectionScope {
  /** Discriminant: this scope is a WebSocket session. */
  type: 'websocket';
  /** `wss` when the connection was TLS. */
  scheme: 'ws' | 'wss';
  /** Subprotocols the client offered in `Sec-WebSocket-Protocol`, in order. */
  subprotocols: string[];
}

/** The application's whole life in one server process: startup, then shutdown. */
export interface LifespanScope {
  /** Discriminant: this scope is the app's startup/shutdown conversation. */
  type: 'lifespan';
  /** Which protocol version the server speaks. */
  tsgi: TsgiInfo;
  /** Empty object the app may fill during startup; copied into request scopes. */
  state: State;
  /** Optional server features, keyed by name; absent keys mean "not supported". */
  extensions?: Extensions;
}

/** Any scope; switch on `type` to narrow it. */
export type Scope = HttpScope | WebSocketScope | LifespanScope;
/** The three kinds of conversation: `'http' | 'websocket' | 'lifespan'`. */
export type ScopeType = Scope['type'];
