/**
 * API-key authentication as a dependency: a key in a header, a query parameter or a cookie.
 *
 * No key is a 401 whose `WWW-Authenticate` names where the key goes; a key that `verify` rejects
 * is a 403 (the client identified itself with something we do not accept). Keys are compared by
 * `verify`, which should use a constant-time comparison for static keys (`timingSafeEqual`).
 */
import { HTTPException } from '../errors.js';
import { parseCookies } from '../cookies.js';
import { dependency, type Dependency } from '../dependencies/dependency.js';
import type { Connection } from '../validation/declaration.js';

/** Options of `apiKey`. */
export interface ApiKeyOptions<P> {
  /** Where the key is sent. */
  in: 'header' | 'query' | 'cookie';
  /** Header, query parameter or cookie name (e.g. `x-api-key`). */
  name: string;
  /** Returns the principal for a key, or `null` when the key is not accepted. */
  verify: (key: string, request: Connection) => P | null | Promise<P | null>;
  /** The scheme's key under `components.securitySchemes` (default `APIKey`). */
  schemeName?: string;
  /** Text the OpenAPI document shows for the scheme. */
  description?: string;
}

function readKey(request: Connection, where: ApiKeyOptions<unknown>['in'], name: string): string | null {
  switch (where) {
    case 'header': return request.headers.get(name);
    // The last of repeated keys, as FastAPI's `query_params.get` (URLSearchParams' `get` gives the first).
    case 'query': return request.query.getAll(name).at(-1) ?? null;
    case 'cookie': return parseCookies(request.headers.getAll('cookie'))[name] ?? null;
  }
}

/**
 * API-key authentication.
 *
 * @example
 * ```ts
 * const client = apiKey({ in: 'header', name: 'x-api-key', verify: (key) => clients.get(key) ?? null });
 * ```
 */
export function apiKey<P>(options: ApiKeyOptions<P>): Dependency<P> {
  const schemeName = options.schemeName ?? 'APIKey';
  return dependency({}, async ({ request }) => {
    const key = readKey(request, options.in, options.name);
    if (key === null || key === '') {
      throw new HTTPException(401, `Not authenticated: send the API key in ${options.in} '${options.name}'`,
        { 'www-authenticate': `APIKey ${options.in}="${options.name}"` }, { code: 'not_authenticated' });
    }
    const principal = await options.verify(key, request);
    if (principal === null) throw new HTTPException(403, 'Invalid API key', undefined, { code: 'invalid_api_key' });
    return principal;
  }, {
    name: schemeName,
    security: { scheme: { name: schemeName, definition: { type: 'apiKey', in: options.in, name: options.name, ...(options.description ? { description: options.description } : {}) } } },
  });
}
