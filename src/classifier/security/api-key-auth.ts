/**
 * API-key authentication for the prediction endpoints (optional: on when keys are configured).
 *
 * HTTP clients send `Authorization: Bearer <key>` (RFC 6750). No credentials → 401 with
 * `WWW-Authenticate: Bearer realm="tagifai"` so the client learns the scheme; a key that is not
 * one of ours → 403. Browsers cannot set headers on a WebSocket, so a WebSocket client may instead
 * offer the subprotocols `bearer, <key>`: the key travels in `Sec-WebSocket-Protocol`, and the
 * server accepts the subprotocol `bearer` (never echoing the key back).
 * Keys are compared in constant time so response timing does not reveal a key's prefix.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { HTTPException } from '../../app/index.js';

/** The subprotocol a WebSocket client offers before its key. */
export const WEBSOCKET_AUTH_SUBPROTOCOL = 'bearer';

/** The outcome of checking credentials. */
export type AuthResult = { ok: true; key: string | undefined } | { ok: false; status: 401 | 403; detail: string };

/** Checks presented keys against the configured ones. */
export class ApiKeyAuth {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    // Comparing fixed-length digests lets timingSafeEqual work whatever the keys' lengths.
    this.digests = keys.map((key) => digest(key));
  }

  /** Whether authentication is required at all. */
  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** Checks an `Authorization` header value (or its absence). */
  checkAuthorization(header: string | null | undefined): AuthResult {
    if (!this.enabled) return { ok: true, key: undefined };
    if (header === null || header === undefined || header.trim() === '') return { ok: false, status: 401, detail: 'Not authenticated' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) return { ok: false, status: 401, detail: 'Use the Bearer scheme: Authorization: Bearer <key>' };
    return this.checkKey(match[1]!);
  }

  /** Checks the `Sec-WebSocket-Protocol` offer `bearer, <key>`, falling back to `Authorization`. */
  checkWebSocket(protocols: readonly string[], authorization: string | null | undefined): AuthResult {
    const at = protocols.indexOf(WEBSOCKET_AUTH_SUBPROTOCOL);
    if (at >= 0 && protocols[at + 1] !== undefined) return this.checkKey(protocols[at + 1]!);
    return this.checkAuthorization(authorization);
  }

  /** Checks one presented key. */
  checkKey(key: string): AuthResult {
    const presented = digest(key);
    const known = this.digests.some((candidate) => timingSafeEqual(candidate, presented));
    return known ? { ok: true, key } : { ok: false, status: 403, detail: 'Invalid API key' };
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Turns a failed check into the HTTP error: 401 carries the challenge header. */
export function authError(result: AuthResult & { ok: false }): HTTPException {
  const headers: Record<string, string> = result.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="tagifai"' } : {};
  return new HTTPException(result.status, result.detail, headers);
}
