/**
 * Reading one query parameter and one path segment by hand, with the answers FastAPI gives — for the
 * peers that route by hand (`uws`, `node-http`), so a hostile URL gets the same answer from them as
 * from the frameworks.
 *
 * - A parameter given twice keeps its **last** value (Starlette's `query_params[...]`, and the tsgi
 *   framework); a name without `=` is the empty string.
 * - Values are form-decoded as the WHATWG URL standard says (`+` is a space, `%xx` are UTF-8 bytes,
 *   invalid bytes become U+FFFD, a malformed `%` stays as written) — what `URLSearchParams` and
 *   Python's `parse_qsl` do. uWS's own `getQuery(name)` keeps the first value, answers `null` for
 *   a bare name and decodes `%zz` into a stray byte, so the `uws` peer reads the query here instead.
 */

/**
 * The last value of `name` in `query` (the text after `?`), decoded; `null` when it is absent.
 *
 * @example
 * ```ts
 * queryValue('q=a&q=b+c', 'q'); // 'b c'
 * queryValue('q', 'q');         // ''
 * queryValue('x=1', 'q');       // null
 * ```
 */
export function queryValue(query: string, name: string): string | null {
  let found: string | null = null;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    const equals = query.indexOf('=', start);
    const keyEnd = equals === -1 || equals > end ? end : equals;
    const key = query.slice(start, keyEnd);
    if (key === name || (key.length > name.length && needsDecoding(key) && formDecode(key) === name)) {
      found = keyEnd === end ? '' : query.slice(keyEnd + 1, end);
    }
    start = end + 1;
  }
  return found === null || !needsDecoding(found) ? found : formDecode(found);
}

/**
 * A path segment percent-decoded as the frameworks decode a path before routing; a malformed escape
 * stays as written (uvicorn's `unquote` does the same), so it fails validation instead of the server.
 */
export function decodeSegment(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function needsDecoding(text: string): boolean {
  return text.indexOf('%') !== -1 || text.indexOf('+') !== -1;
}

/** WHATWG form decoding of one key or value, through the platform's own implementation. */
function formDecode(text: string): string {
  return new URLSearchParams(`v=${text}`).get('v')!;
}
