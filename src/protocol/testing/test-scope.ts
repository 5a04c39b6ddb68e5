/**
 * Scopes for the test client: the `http` and `websocket` scopes a server would build for a request.
 *
 * The test client stands in for the server, so it fills every scope field the way spec §2
 * describes and the real server does: `path` percent-decoded and prefixed with `rootPath` (ASGI's
 * rule that `path` includes the mount point), `rawPath` as sent, `queryString` still encoded,
 * headers lower-cased, one frozen extensions map, and a shallow copy of the lifespan state.
 */
import type { Address, HeaderList, HttpScope, State, TsgiInfo, WebSocketScope } from '../scope.js';
import type { Extensions } from '../extensions.js';
import { toHeaderList } from '../headers.js';

/** The `tsgi` field of every scope the test client builds. */
export const TSGI_INFO: TsgiInfo = Object.freeze({ version: '1.0', specVersion: '1.0' }) as TsgiInfo;

/** What every scope of one test client shares. */
export interface ScopeDefaults {
  rootPath: string;
  client: Address;
  server: Address;
  scheme: 'http' | 'https';
  extensions: Extensions;
  /** The state to copy into each scope, if a lifespan ran or the test supplied one. */
  state: State | undefined;
}

/** A request target `path?query` split into its parts; `path` keeps its percent-encoding. */
export function splitTarget(target: string): { rawPath: string; queryString: string } {
  const question = target.indexOf('?');
  if (question < 0) return { rawPath: target, queryString: '' };
  return { rawPath: target.slice(0, question), queryString: target.slice(question + 1) };
}

/** Percent-decodes a path as a server would; a malformed escape is left as it was. */
export function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/** Default headers followed by the test's own, where the test's own replace defaults of the same name. */
export function mergeHeaders(defaults: HeaderList, given: HeaderList | Record<string, string> | undefined): HeaderList {
  const own = given === undefined ? [] : toHeaderList(given);
  const ownNames = new Set(own.map(([name]) => name));
  return [...defaults.filter(([name]) => !ownNames.has(name)), ...own];
}

/**
 * The extensions map every scope of one client shares: frozen, as the server's is, so an app that
 * tries to change it fails in tests exactly as in production. A key given as `undefined` is left
 * out — a present key means the feature is there (spec §6).
 */
export function sharedExtensions(extensions: Extensions): Extensions {
  const present = Object.entries(extensions).filter(([, value]) => value !== undefined);
  return Object.freeze(Object.fromEntries(present)) as Extensions;
}

function connectionFields(defaults: ScopeDefaults, target: string, headers: HeaderList) {
  const { rawPath, queryString } = splitTarget(target);
  return {
    tsgi: TSGI_INFO,
    httpVersion: '1.1',
    // As a server behind a proxy that strips the mount point: the prefix is added to the path the
    // app routes on, while rawPath stays what came on the request line.
    path: defaults.rootPath + decodePath(rawPath),
    rawPath,
    queryString,
    rootPath: defaults.rootPath,
    headers,
    client: defaults.client,
    server: defaults.server,
    extensions: defaults.extensions,
    // Copied: a key a request sets on its own state must not reach the next request (spec §5.2).
    ...(defaults.state === undefined ? {} : { state: { ...defaults.state } }),
  };
}

/** The scope of one HTTP request. */
export function httpScope(defaults: ScopeDefaults, method: string, target: string, headers: HeaderList): HttpScope {
  return { type: 'http', method: method.toUpperCase(), scheme: defaults.scheme, ...connectionFields(defaults, target, headers) };
}

/** The scope of one WebSocket session. */
export function webSocketScope(defaults: ScopeDefaults, target: string, headers: HeaderList, subprotocols: string[]): WebSocketScope {
  return {
    type: 'websocket',
    scheme: defaults.scheme === 'https' ? 'wss' : 'ws',
    subprotocols,
    ...connectionFields(defaults, target, headers),
  };
}
