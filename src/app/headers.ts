/**
 * Headers: a read-only, case-insensitive view over a request's `[name, value]` list.
 *
 * The scope already holds the headers with lower-case names, so the view builds nothing up front:
 * `get` scans the list (a request has tens of headers, a scan is cheaper than building a Map), and
 * a request that never looks at its headers pays nothing.
 */
import type { HeaderList } from '../protocol/scope.js';

/**
 * Read access to request headers; lookups ignore case.
 *
 * @example
 * ```ts
 * const headers = new Headers([['accept', 'text/html'], ['accept', 'application/json']]);
 * headers.get('Accept');    // 'text/html'
 * headers.getAll('accept'); // ['text/html', 'application/json']
 * ```
 */
export class Headers implements Iterable<[string, string]> {
  constructor(
    /** The underlying `[name, value]` pairs, names lower-case, in arrival order. */
    readonly list: HeaderList,
  ) {}

  /** The first value of `name`, or `null`. */
  get(name: string): string | null {
    const key = name.toLowerCase();
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i]![0] === key) return list[i]![1];
    }
    return null;
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.list.filter((h) => h[0] === key).map((h) => h[1]);
  }

  /** Whether `name` appears at least once. */
  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** Every pair, in arrival order (duplicates included). */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.list[Symbol.iterator]();
  }
}

/** First value of `name` (already lower-case) in a header list; the allocation-free form of `get`. */
export function findHeader(list: HeaderList, name: string): string | null {
  for (let i = 0; i < list.length; i++) {
    if (list[i]![0] === name) return list[i]![1];
  }
  return null;
}
