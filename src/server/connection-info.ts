/**
 * Who is on each end of a connection, and over which scheme: `scope.client`, `scope.server`,
 * `scope.scheme`, including what a trusted proxy says about the real client.
 *
 * Where it sits: read in the request and upgrade handlers, right after the head. The remote
 * address comes from uWS (as text) while `res` is valid. Behind a reverse proxy the socket's peer
 * is the proxy, so `X-Forwarded-For` and `X-Forwarded-Proto` are honoured — but only when the peer
 * is in `forwardedAllowIps` (anyone else could forge them). uWS v20.30 does not expose the peer's
 * port, so `client` carries port 0.
 */
import type { Address, HeaderList } from '../protocol/index.js';
import type { HttpResponse } from './uws-adapter.js';
import { addressText } from './uws-adapter.js';
import type { ServerOptions } from './config.js';

/** The connection facts a scope needs. */
export interface ConnectionInfo {
  /** The peer; `undefined` when not read yet (http-scope.ts reads it when the app asks). */
  client: Address | null | undefined;
  server: Address | null;
  scheme: 'http' | 'https';
}

/** Connection facts with the peer already read (a WebSocket scope, or an eager HTTP request). */
export interface KnownConnection extends ConnectionInfo {
  client: Address | null;
}

/** The IPv4-mapped IPv6 prefix uWS prints for IPv4 peers on a dual-stack socket. */
const MAPPED_PREFIX = /^(?:0000:){5}ffff:|^::ffff:/i;

/**
 * Reads the peer of `res` and applies trusted forwarded headers (`forwarded`: the head had an
 * `x-forwarded-*` header, so requests without one skip the scan). Call it synchronously in the handler.
 */
export function readConnection(res: HttpResponse, headers: HeaderList, forwarded: boolean, options: ServerOptions, server: Address | null, tls: boolean): KnownConnection {
  const peer = peerAddress(res);
  const info: KnownConnection = { client: peer === '' ? null : [peer, 0], server, scheme: tls ? 'https' : 'http' };
  if (forwarded && options.proxyHeaders && peer !== '' && trusted(peer, options.forwardedAllowIps)) applyForwarded(info, headers, options.forwardedAllowIps);
  return info;
}

/**
 * The connection facts without the peer, for a request whose scope reads `client` lazily: no
 * forwarded headers to apply, so nothing here needs the address.
 */
export function connectionWithoutPeer(server: Address | null, tls: boolean): Readonly<ConnectionInfo> {
  return { client: undefined, server, scheme: tls ? 'https' : 'http' };
}

/** The peer of `res` as a scope's `client`, or `null` when uWS cannot tell. Call it while `res` is valid. */
export function readPeer(res: HttpResponse): Address | null {
  const peer = peerAddress(res);
  return peer === '' ? null : [peer, 0];
}

/**
 * The last peer address seen, as uWS's bytes and as our normalised text. A keep-alive connection,
 * or a proxy, sends many requests from one address in a row; comparing a few bytes is cheaper than
 * decoding and normalising them again (the profile under load showed this path at 10-20% of a
 * small request before the cache).
 */
let lastPeerBytes = new Uint8Array(0);
let lastPeerText = '';

function peerAddress(res: HttpResponse): string {
  const bytes = new Uint8Array(res.getRemoteAddressAsText());
  if (!sameBytes(bytes, lastPeerBytes)) {
    lastPeerText = normaliseAddress(addressText(bytes.buffer as ArrayBuffer));
    lastPeerBytes = bytes.slice();
  }
  return lastPeerText;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function normaliseAddress(text: string): string {
  // Only a mapped address starts with '0' or ':'; the test keeps the regex off the common path.
  const first = text.charCodeAt(0);
  if ((first !== 48 && first !== 58) || !MAPPED_PREFIX.test(text)) return text;
  const hex = text.replace(MAPPED_PREFIX, '').split(':');
  if (hex.length !== 2) return text;
  const high = parseInt(hex[0]!, 16);
  const low = parseInt(hex[1]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function trusted(address: string, allowed: string[]): boolean {
  return allowed.includes('*') || allowed.includes(address);
}

/**
 * Uses the right-most `X-Forwarded-For` entry that is not itself a trusted proxy: entries further
 * left were written by the client and can be anything.
 */
function applyForwarded(info: KnownConnection, headers: HeaderList, allowed: string[]): void {
  for (const [name, value] of headers) {
    if (name === 'x-forwarded-proto') {
      const proto = value.split(',')[0]!.trim().toLowerCase();
      if (proto === 'https' || proto === 'wss') info.scheme = 'https';
      else if (proto === 'http' || proto === 'ws') info.scheme = 'http';
    } else if (name === 'x-forwarded-for') {
      const hops = value.split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
      let client = hops[0];
      for (let i = hops.length - 1; i >= 0; i--) {
        if (!trusted(hops[i]!, allowed) || i === 0) {
          client = hops[i];
          break;
        }
      }
      if (client !== undefined) info.client = [client, 0];
    }
  }
}
