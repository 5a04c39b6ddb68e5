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
  version: '1.0';
  specVersion: '1.0';
}

/** Lifespan state: filled by the app at startup, shallow-copied into every request scope. */
export type State = Record<string, unknown>;

/** Fields shared by the two connection scopes (`http` and `websocket`). */
interface ConnectionScope {
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
  headers: HeaderList;
  client: Address | null;
  server: Address | null;
  /** A shallow copy of the lifespan state, present when the server ran a lifespan. */
  state?: State;
  /** Optional server features, keyed by name; absent keys mean "not supported". */
  extensions?: Extensions;
}

/** One HTTP request/response exchange. */
export interface HttpScope extends ConnectionScope {
  type: 'http';
  /** Upper-case method, e.g. `GET`. */
  method: string;
  scheme: 'http' | 'https';
}

/** One WebSocket session, from the upgrade request to the close. */
export interface WebSocketScope extends ConnectionScope {
  type: 'websocket';
  scheme: 'ws' | 'wss';
  /** Subprotocols the client offered in `Sec-WebSocket-Protocol`, in order. */
  subprotocols: string[];
}

/** The application's whole life in one server process: startup, then shutdown. */
export interface LifespanScope {
  type: 'lifespan';
  tsgi: TsgiInfo;
  /** Empty object the app may fill during startup; copied into request scopes. */
  state: State;
  extensions?: Extensions;
}

export type Scope = HttpScope | WebSocketScope | LifespanScope;
export type ScopeType = Scope['type'];
