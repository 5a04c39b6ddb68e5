/**
 * Reading declared query parameters out of a query string.
 *
 * `URLSearchParams` does the same with more machinery (an object per request, a list of pairs,
 * iterator support) that a declared route never uses: the profile of `GET /items/{id}?q=x` showed
 * its construction at about 7% of the framework's time. This scan gives the same values as
 * `URLSearchParams` (`+` is a space, percent-escapes decoded as UTF-8, a malformed escape left as
 * written) for the names a route declares, and nothing for the others; it is only used by the
 * request reader, and `request.query` stays a `URLSearchParams`.
 */

/** What one name holds: its value, every value in order when repeated, `undefined` when absent. */
export type QueryValue = string | string[] | undefined;

/**
 * The values of the names in `names` only, by position: `found[i]` holds `names[i]`'s value when
 * it appears once (the common case, no list allocated), the list of its values in order when it
 * is repeated, `undefined` when it is absent. For a route that declares a few query parameters
 * this skips a per-request map of every name and the decoding of values nobody reads. `found` is the caller's list, overwritten (`names.length` entries), so a caller running
 * to completion can reuse one list for every request.
 *
 * @example
 * ```ts
 * const found: QueryValue[] = [];
 * collectQueryValues('q=a+b&tag=x&tag=y&skip=1', ['q', 'tag'], found); // found: ['a b', ['x', 'y']]
 * ```
 */
export function collectQueryValues(queryString: string, names: readonly string[], found: QueryValue[]): void {
  for (let i = 0; i < names.length; i++) found[i] = undefined;
  let start = 0;
  while (start < queryString.length) {
    let end = queryString.indexOf('&', start);
    if (end === -1) end = queryString.length;
    if (end > start) {
      const equals = queryString.indexOf('=', start);
      const keyEnd = equals === -1 || equals > end ? end : equals;
      const index = nameAt(queryString, start, keyEnd, names);
      if (index !== -1) {
        const value = keyEnd === end ? '' : decodeComponent(queryString.slice(keyEnd + 1, end));
        const seen = found[index];
        if (seen === undefined) found[index] = value;
        else if (typeof seen === 'string') found[index] = [seen, value];
        else seen.push(value);
      }
    }
    start = end + 1;
  }
}

/**
 * The index in `names` of the key written at `query[start, end)`, or -1. A key without `+` or `%`
 * (nearly all) is compared where it stands, so a key nobody declared costs no string at all.
 */
function nameAt(query: string, start: number, end: number, names: readonly string[]): number {
  if (hasEscape(query, start, end)) return names.indexOf(decodeComponent(query.slice(start, end)));
  const length = end - start;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name.length === length && query.startsWith(name, start)) return i;
  }
  return -1;
}

/** Whether `text[start, end)` holds a `+` (43) or a `%` (37): one pass instead of two searches. */
function hasEscape(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 43 || code === 37) return true;
  }
  return false;
}

/** One name or value: `+` as space, then percent-escapes; malformed escapes the WHATWG way. */
function decodeComponent(text: string): string {
  if (!hasEscape(text, 0, text.length)) return text;
  const plain = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!plain.includes('%')) return plain;
  try {
    return decodeURIComponent(plain);
  } catch {
    // A lone `%` or an escape that is not UTF-8: `URLSearchParams` keeps what it cannot decode.
    return new URLSearchParams(`v=${text}`).get('v') ?? plain;
  }
}
