/**
 * Cookies: parsing the request's `Cookie` header and writing `Set-Cookie` values (RFC 6265).
 *
 * Parsing is forgiving, as browsers are: pairs without `=` are skipped, values are percent-decoded
 * when they decode cleanly and kept verbatim otherwise, and the first occurrence of a name wins.
 */

/**
 * Parses one or more `Cookie` header values into a name → value record; when a name repeats,
 * the first value wins.
 *
 * @example
 * ```ts
 * parseCookies(['a=1; b=2', 'a=3']); // { a: '1', b: '2' }
 * ```
 */
export function parseCookies(headerValues: string[]): Record<string, string> {
  // A prototype-less object: a client chooses the names, and `__proto__`, `constructor` or
  // `toString` must be stored as ordinary cookies, not collide with Object.prototype.
  const cookies = Object.create(null) as Record<string, string>;
  for (const header of headerValues) {
    for (const pair of header.split(';')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const name = pair.slice(0, eq).trim();
      if (name === '' || Object.hasOwn(cookies, name)) continue;
      let value = pair.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
      cookies[name] = safeDecode(value);
    }
  }
  return cookies;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * An attribute value as given, or a `TypeError` when it could break out of its attribute: a `;`
 * would start another one (`path: '/; Domain=evil.example'` widens the cookie to another site),
 * and control characters end the header line (RFC 6265 §4.1.1 allows neither).
 */
function attribute(cookie: string, key: string, value: string): string {
  if (/[;\x00-\x1f\x7f]/.test(value)) throw new TypeError(`cookie "${cookie}": ${key} may not contain ";" or control characters, got ${JSON.stringify(value)}`);
  return value;
}

/** Attributes of a `Set-Cookie` header. */
export interface CookieOptions {
  /** Lifetime in seconds from now; `0` deletes the cookie. Wins over `expires` in modern browsers. */
  maxAge?: number;
  /** Absolute expiry time; without it (and `maxAge`) the cookie ends with the browser session. */
  expires?: Date;
  /** Only send the cookie for paths under this one (default `/`, the whole site). */
  path?: string;
  /** Also send the cookie to this domain's subdomains; omitted means this host only. */
  domain?: string;
  /** Only send the cookie over HTTPS. */
  secure?: boolean;
  /** Hide the cookie from page scripts (`document.cookie`), which blunts token theft through XSS. */
  httpOnly?: boolean;
  /** Whether cross-site requests carry the cookie; `None` requires `secure`. */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * Formats one `Set-Cookie` header value; the value is percent-encoded.
 *
 * @example
 * ```ts
 * serializeCookie('session', 'abc', { httpOnly: true, maxAge: 3600 });
 * // 'session=abc; Max-Age=3600; Path=/; HttpOnly'
 * ```
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new TypeError(`invalid cookie name "${name}"`);
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (options.maxAge !== undefined) {
    if (!Number.isFinite(options.maxAge)) throw new TypeError(`cookie "${name}": maxAge must be a finite number of seconds, got ${options.maxAge}`);
    parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
  }
  if (options.expires !== undefined) {
    if (Number.isNaN(options.expires.getTime())) throw new TypeError(`cookie "${name}": expires is an invalid Date`);
    parts.push(`Expires=${options.expires.toUTCString()}`);
  }
  parts.push(`Path=${attribute(name, 'path', options.path ?? '/')}`);
  if (options.domain !== undefined) parts.push(`Domain=${attribute(name, 'domain', options.domain)}`);
  if (options.secure) parts.push('Secure');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.sameSite !== undefined) parts.push(`SameSite=${options.sameSite}`);
  return parts.join('; ');
}
