/**
 * The security of the prediction endpoints as framework dependencies: the API key (when keys are
 * configured), then the per-client rate limit (when one is configured).
 *
 * They are `tsgi/app`'s own `httpBearer` and `rateLimit`, listed in each prediction route's
 * `dependencies`, so the framework runs them before it reads the body (401/403/429 win over
 * 400/415/422) and the OpenAPI document lists the bearer scheme on exactly those routes. What is
 * tagifai's own: a key that is not ours is a 403 (RFC 6750 would say 401 `invalid_token`; issue 7
 * says a wrong key is forbidden, a missing one unauthenticated), keys are compared in constant time
 * (`ApiKeyAuth`), and a client is counted by its key when keys are on, else by its address — so
 * with auth off a client cannot dodge the limit by inventing tokens.
 *
 * The WebSocket route reads its key from the subprotocols (browsers cannot set headers on a
 * WebSocket), so it checks the key itself and asks `limitConnection` for the same shared counter.
 */
import { bearerToken, httpBearer, rateLimit, type Connection, type Dependency, type WebSocket } from '../../app/index.js';
import type { RateLimit } from '../config.js';
import { ApiKeyAuth, authError, WEBSOCKET_AUTH_SUBPROTOCOL } from './api-key-auth.js';

/** The realm named in `WWW-Authenticate: Bearer realm="tagifai"`. */
export const AUTH_REALM = 'tagifai';

/** The prediction endpoints' checks, built once from the configuration. */
export class PredictionSecurity {
  /** For the HTTP prediction routes' `dependencies`, in the order they run: key, then limit. */
  readonly dependencies: Array<Dependency<unknown>> = [];
  private readonly limiter: Dependency<unknown> | undefined;

  constructor(readonly auth: ApiKeyAuth, limit: RateLimit | undefined) {
    if (auth.enabled) {
      this.dependencies.push(httpBearer({
        schemeName: 'bearer',
        realm: AUTH_REALM,
        description: 'An API key from TAGIFAI_API_KEYS. WebSocket clients may offer the subprotocols `bearer, <key>` instead.',
        verify: (token) => {
          const result = auth.checkKey(token);
          if (!result.ok) throw authError(result);
          return token;
        },
      }));
    }
    if (limit !== undefined) {
      this.limiter = rateLimit({ limit: limit.requests, windowMs: limit.windowSeconds * 1000, key: (connection) => this.clientOf(connection) });
      this.dependencies.push(this.limiter);
    }
  }

  /**
   * Counts a WebSocket handshake against its client's limit; throws the 429 `HTTPException` past
   * it. It calls the same dependency the HTTP routes declare, so one counter covers both.
   */
  async limitConnection(websocket: WebSocket<object>): Promise<void> {
    if (this.limiter === undefined) return;
    await this.limiter.provide({ params: {}, query: {}, headers: {}, cookies: {}, deps: {}, request: websocket, state: websocket.appState });
  }

  /** Who a request counts as: `key:<key>` when keys are on and one was sent, else `ip:<address>`. */
  private clientOf(connection: Connection): string {
    const key = this.auth.enabled ? presentedKey(connection) : null;
    return key !== null ? `key:${key}` : `ip:${connection.scope.client?.[0] ?? 'unknown'}`;
  }
}

/** The key a connection presents: the WebSocket subprotocol after `bearer`, else the Bearer token. */
function presentedKey(connection: Connection): string | null {
  const offered = connection.scope.type === 'websocket' ? connection.scope.subprotocols : [];
  const at = offered.indexOf(WEBSOCKET_AUTH_SUBPROTOCOL);
  return at >= 0 && offered[at + 1] !== undefined ? offered[at + 1]! : bearerToken(connection);
}
