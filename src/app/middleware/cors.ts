/**
 * CORS middleware: lets browsers on other origins call the app, within the limits configured.
 *
 * Browsers ask before sending a "non-simple" request: a preflight `OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`. This middleware answers preflights itself (200 with the allowed
 * methods, headers and max age, or 400 naming what is not allowed), and adds
 * `Access-Control-Allow-Origin` (plus credentials/expose headers) to every other response for an
 * allowed origin. Requests without `Origin` pass through untouched. Header values are computed once,
 * when the middleware is built. Spec: the Fetch standard, "CORS protocol".
 */
import type { App, Middleware, Receive, Send } from '../../protocol/app.js';
import type { SendEvent } from '../../protocol/events.js';
import type { HeaderList, HttpScope } from '../../protocol/scope.js';
import { findHeader } from '../headers.js';
import { JSONResponse, Response } from '../responses/response.js';

/** What cross-origin callers may do. */
export interface CorsOptions {
  /** Allowed origins, e.g. `['https://app.example.com']`; `['*']` allows any. */
  allowOrigins: string[];
  /** Allowed methods (default `['GET']`); `['*']` allows any. */
  allowMethods?: string[];
  /** Allowed request headers (default none beyond the CORS-safelisted); `['*']` allows any. */
  allowHeaders?: string[];
  /** Allow cookies/credentials; the origin is then echoed instead of `*`. */
  allowCredentials?: boolean;
  /** Response headers scripts may read. */
  exposeHeaders?: string[];
  /** How long browsers may cache a preflight answer, in seconds (default 600). */
  maxAge?: number;
}

const SAFELISTED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];

/**
 * The response's headers with the CORS ones set: an `access-control-*` header the handler already
 * wrote is replaced, not repeated — two `Access-Control-Allow-Origin` values make the browser
 * refuse the response. (`vary` may repeat; its values add up.)
 */
function withCorsHeaders(headers: HeaderList, extra: HeaderList): HeaderList {
  const replaced = new Set(extra.filter(([name]) => name.startsWith('access-control-')).map(([name]) => name));
  return [...headers.filter(([name]) => !replaced.has(name.toLowerCase())), ...extra];
}

/**
 * @example
 * ```ts
 * const app = new App({ middleware: [cors({ allowOrigins: ['https://example.com'], allowMethods: ['GET', 'POST'] })] });
 * ```
 */
export function cors(options: CorsOptions): Middleware {
  const anyOrigin = options.allowOrigins.includes('*');
  const origins = new Set(options.allowOrigins);
  const methods = (options.allowMethods ?? ['GET']).map((m) => m.toUpperCase());
  const anyMethod = methods.includes('*');
  const headers = (options.allowHeaders ?? []).map((h) => h.toLowerCase());
  const anyHeader = headers.includes('*');
  const allowedHeaders = new Set([...SAFELISTED_HEADERS, ...headers]);
  const credentials = options.allowCredentials ?? false;
  const preflightHeaders: HeaderList = [
    ['access-control-allow-methods', anyMethod ? 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT' : methods.join(', ')],
    ['access-control-max-age', String(options.maxAge ?? 600)],
  ];
  if (credentials) preflightHeaders.push(['access-control-allow-credentials', 'true']);
  const simpleHeaders: HeaderList = [];
  if (credentials) simpleHeaders.push(['access-control-allow-credentials', 'true']);
  if (options.exposeHeaders !== undefined && options.exposeHeaders.length > 0) {
    simpleHeaders.push(['access-control-expose-headers', options.exposeHeaders.join(', ')]);
  }
  const allowsOrigin = (origin: string): boolean => anyOrigin || origins.has(origin);
  // With credentials the spec forbids `*`, so the caller's own origin is echoed (and caches must vary on it).
  const originValue = (origin: string): string => (anyOrigin && !credentials ? '*' : origin);

  return (next: App): App =>
    async (scope, receive, send) => {
      if (scope.type !== 'http') return next(scope, receive, send);
      const origin = findHeader(scope.headers, 'origin');
      if (origin === null) return next(scope, receive, send);
      if (scope.method === 'OPTIONS' && findHeader(scope.headers, 'access-control-request-method') !== null) {
        return preflight(scope, receive, send, origin);
      }
      if (!allowsOrigin(origin)) return next(scope, receive, send);
      const extra: HeaderList = [['access-control-allow-origin', originValue(origin)], ...simpleHeaders];
      if (originValue(origin) !== '*') extra.push(['vary', 'Origin']);
      return next(scope, receive, (event: SendEvent) =>
        send(event.type === 'http.response.start' ? { ...event, headers: withCorsHeaders(event.headers ?? [], extra) } : event),
      );
    };

  function preflight(scope: HttpScope, receive: Receive, send: Send, origin: string): Promise<void> {
    const problems: string[] = [];
    if (!allowsOrigin(origin)) problems.push('origin');
    const method = (findHeader(scope.headers, 'access-control-request-method') ?? '').toUpperCase();
    if (!anyMethod && !methods.includes(method)) problems.push('method');
    const requested = (findHeader(scope.headers, 'access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    if (!anyHeader && requested.some((h) => !allowedHeaders.has(h))) problems.push('headers');
    if (problems.length > 0) {
      return new JSONResponse({ detail: `Disallowed CORS ${problems.join(', ')}` }, { status: 400 }).send(scope, receive, send);
    }
    const answer: HeaderList = [
      ['access-control-allow-origin', originValue(origin)],
      ...preflightHeaders,
      ['access-control-allow-headers', anyHeader ? requested.join(', ') : [...allowedHeaders].join(', ')],
      ['vary', 'Origin'],
    ];
    return new Response('', { status: 200, headers: answer }).send(scope, receive, send);
  }
}
