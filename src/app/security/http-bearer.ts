/**
 * HTTP Bearer authentication (RFC 6750) as a dependency, and its OAuth2 password-flow variant.
 *
 * The dependency reads `Authorization: Bearer <token>` and hands the token to `verify`, which
 * returns the principal (a user, a client) or `null`. No credentials or a token `verify` rejects
 * is a 401 with a `WWW-Authenticate` challenge (RFC 6750 §3); a principal that lacks a permission
 * is a 403 (see `requirePermission`). The scheme travels with the dependency, so the OpenAPI
 * document lists it for exactly the routes that use it.
 */
import { HTTPException } from '../errors.js';
import { dependency, type Dependency } from '../dependencies/dependency.js';
import type { Connection } from '../validation/declaration.js';

/** Options of `httpBearer` and `oauth2PasswordBearer`. */
export interface BearerOptions<P> {
  /** Returns the principal for a token, or `null` when the token is not valid. */
  verify: (token: string, request: Connection) => P | null | Promise<P | null>;
  /** The scheme's key in `components.securitySchemes` (default `HTTPBearer` / `OAuth2PasswordBearer`). */
  schemeName?: string;
  /** Shown in the docs. */
  description?: string;
  /** `WWW-Authenticate` realm. */
  realm?: string;
}

/** The token after `Bearer `, or `null` when the header is missing or uses another scheme. */
export function bearerToken(request: Connection): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = header.slice(space + 1).trim();
  return token === '' ? null : token;
}

function challenge(realm: string | undefined, error?: string): Record<string, string> {
  const parts = [realm === undefined ? '' : `realm="${realm}"`, error === undefined ? '' : `error="${error}"`].filter((p) => p !== '');
  return { 'www-authenticate': parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}` };
}

function bearerDependency<P>(options: BearerOptions<P>, scheme: { name: string; definition: object }): Dependency<P> {
  const accept = (principal: P | null): P => {
    if (principal === null) throw new HTTPException(401, 'Invalid or expired token', challenge(options.realm, 'invalid_token'), { code: 'invalid_token' });
    return principal;
  };
  // Synchronous when `verify` is (a lookup in a table), so the route keeps its promise-free path.
  return dependency({}, ({ request }): P | Promise<P> => {
    const token = bearerToken(request);
    if (token === null) throw new HTTPException(401, 'Not authenticated', challenge(options.realm), { code: 'not_authenticated' });
    const principal = options.verify(token, request);
    return principal instanceof Promise ? principal.then(accept) : accept(principal);
  }, { name: scheme.name, security: { scheme: scheme as never } });
}

/**
 * `Authorization: Bearer` authentication.
 *
 * @example
 * ```ts
 * const currentUser = httpBearer({ verify: (token) => users.byToken(token) ?? null });
 * app.get('/me', { inject: { user: currentUser } }, ({ deps }) => deps.user);
 * ```
 */
export function httpBearer<P>(options: BearerOptions<P>): Dependency<P> {
  const name = options.schemeName ?? 'HTTPBearer';
  return bearerDependency(options, { name, definition: { type: 'http', scheme: 'bearer', ...(options.description ? { description: options.description } : {}) } });
}

/**
 * Bearer tokens obtained from an OAuth2 password-flow token endpoint (`tokenUrl`): the same check
 * at runtime, documented as `oauth2` with a `password` flow so Swagger UI offers a login form.
 */
export function oauth2PasswordBearer<P>(options: BearerOptions<P> & { tokenUrl: string; scopes?: Record<string, string> }): Dependency<P> {
  const name = options.schemeName ?? 'OAuth2PasswordBearer';
  return bearerDependency(options, {
    name,
    definition: { type: 'oauth2', flows: { password: { tokenUrl: options.tokenUrl, scopes: options.scopes ?? {} } } },
  });
}

/**
 * A 403 unless `allowed(principal)`: authenticated, but not permitted.
 *
 * @example
 * ```ts
 * const admin = requirePermission(currentUser, (user) => user.role === 'admin', 'admin');
 * ```
 */
export function requirePermission<P>(principal: Dependency<P>, allowed: (principal: P) => boolean, what: string): Dependency<P> {
  return dependency({ inject: { principal } }, ({ deps }) => {
    if (!allowed(deps.principal as P)) throw new HTTPException(403, `Not permitted: requires ${what}`, undefined, { code: 'forbidden' });
    return deps.principal as P;
  }, { name: `requirePermission(${what})` });
}
