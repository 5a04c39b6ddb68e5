/**
 * Header lists: lookup helpers over TSGI's `[name, value]` pairs.
 *
 * TSGI keeps headers as an ordered list rather than a map (spec §2.4): order and duplicates matter
 * on the wire (two `set-cookie` lines are two cookies), and a list costs nothing to build from a
 * parser's output. Lookups are linear scans, which for the dozen headers of a typical request is
 * faster than building a map that most requests would never query.
 */
import type { HeaderList } from './scope.js';

/**
 * First value of header `name`, compared case-insensitively; `undefined` when absent.
 *
 * @example
 * ```ts
 * headerValue([['content-type', 'text/plain']], 'Content-Type'); // 'text/plain'
 * ```
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // An indexed loop without destructuring: lookups run on every request and should not allocate.
  for (let i = 0; i < headers.length; i++) {
    const key = headers[i]![0];
    // Request headers arrive lower-cased; response headers from an app may not be.
    if (key === wanted || key.toLowerCase() === wanted) return headers[i]![1];
  }
  return undefined;
}

/**
 * Every value of header `name`, in order; `[]` when absent.
 *
 * @example
 * ```ts
 * headerValues([['set-cookie', 'a=1'], ['set-cookie', 'b=2']], 'set-cookie'); // ['a=1', 'b=2']
 * ```
 */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    const key = headers[i]![0];
    if (key === wanted || key.toLowerCase() === wanted) values.push(headers[i]![1]);
  }
  return values;
}

/** Whether header `name` is present, compared case-insensitively. */
export function hasHeader(headers: HeaderList, name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

/**
 * A header list from either a list or a plain record, with names lower-cased as TSGI requires for
 * headers a server hands to an app. The input is not modified.
 *
 * @example
 * ```ts
 * toHeaderList({ 'Content-Type': 'text/plain' }); // [['content-type', 'text/plain']]
 * ```
 */
export function toHeaderList(headers: HeaderList | Record<string, string>): HeaderList {
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return entries.map(([key, value]) => [key.toLowerCase(), value]);
}
