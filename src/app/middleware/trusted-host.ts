/**
 * TrustedHost middleware: refuses requests whose `Host` header names a host the app does not serve.
 *
 * Behind a proxy that forwards any host, an app that builds URLs from `Host` (redirects, password
 * reset links) can be tricked into pointing at an attacker's domain. Listing the real host names
 * closes that door: anything else gets 400 (HTTP) or a refused upgrade (WebSocket). Patterns are
 * exact names, `*.example.com` for subdomains, or `*` for all; the port is ignored.
 */
import type { App, Middleware } from '../../protocol/app.js';
import { findHeader } from '../headers.js';
import { TextResponse } from '../responses/response.js';

/** Which hosts are served. */
export interface TrustedHostOptions {
  /** Host names to accept: exact (`api.example.com`), a subdomain wildcard (`*.example.com`), or `*`. */
  allowedHosts: string[];
}

/** Whether `host` (without port, lower-case) matches one of the patterns. */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === host || (p.startsWith('*.') && host.endsWith(p.slice(1)) && host.length > p.length - 1));
}

/**
 * A whole `Host` value: a name or an IP literal, then an optional port. Checked before matching,
 * because a wildcard matches by suffix: `evil.example#.example.org` ends with `.example.org`, and
 * an app that builds a link from the header would point at `evil.example`.
 */
const HOST_VALUE = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** Host header value → bare lower-case host name (`[::1]:8000` → `[::1]`), or `null` when it is not a host. */
function hostName(header: string): string | null {
  const value = header.trim().toLowerCase();
  if (!HOST_VALUE.test(value)) return null;
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

/**
 * @example
 * ```ts
 * new App({ middleware: [trustedHost({ allowedHosts: ['api.example.com', '*.example.com'] })] });
 * ```
 */
export function trustedHost(options: TrustedHostOptions): Middleware {
  const patterns = options.allowedHosts.map((p) => p.toLowerCase());
  return (next: App): App =>
    async (scope, receive, send) => {
      if (scope.type === 'lifespan') return next(scope, receive, send);
      const header = findHeader(scope.headers, 'host');
      const host = header === null ? null : hostName(header);
      if (host !== null && hostAllowed(host, patterns)) return next(scope, receive, send);
      if (scope.type === 'websocket') {
        await receive();
        await send({ type: 'websocket.close', code: 1008, reason: 'Invalid host header' });
        return;
      }
      await new TextResponse('Invalid host header', { status: 400 }).send(scope, receive, send);
    };
}
