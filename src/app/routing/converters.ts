/**
 * Path converters: what a `{name:converter}` placeholder in a route template accepts.
 *
 * Each converter checks one path segment with a plain character loop (no regular expressions, so no
 * backtracking and a cost linear in the segment's length), turns it into a value for the handler,
 * and turns a value back into text for URL building. `path` is special: it takes the rest of the
 * path, slashes included, and may only end a template.
 */

/** One converter: `accepts` a decoded segment, `parse`s it, `format`s a value back. */
export interface Converter {
  /** The name used after the colon in a placeholder: `{id:int}`. */
  readonly name: string;
  /** Order tried at one position of the router tree: lower first (int before float before str). */
  readonly priority: number;
  /** Whether a raw path segment fits; a segment that does not fit lets the next route try. */
  accepts(segment: string): boolean;
  /** Turns an accepted segment into the value handlers see in `pathParams`. */
  parse(segment: string): unknown;
  /** The reverse of `parse`, for `urlPathFor`; `int`, `float` and `str` throw `TypeError` on a value that could not have matched. */
  format(value: unknown): string;
}

function allDigits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

const intConverter: Converter = {
  name: 'int',
  priority: 1,
  accepts: (s) => s.length <= 15 && allDigits(s, 0, s.length),
  parse: (s) => Number(s),
  format: (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TypeError(`expected a non-negative integer, got ${String(v)}`);
    return String(v);
  },
};

const floatConverter: Converter = {
  name: 'float',
  priority: 2,
  accepts: (s) => {
    const dot = s.indexOf('.');
    if (dot === -1) return allDigits(s, 0, s.length);
    return allDigits(s, 0, dot) && allDigits(s, dot + 1, s.length);
  },
  parse: (s) => Number(s),
  format: (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`expected a non-negative number, got ${String(v)}`);
    return String(v);
  },
};

/** Dashes sit at these offsets of a canonical UUID (8-4-4-4-12). */
const UUID_DASHES = new Set([8, 13, 18, 23]);

const uuidConverter: Converter = {
  name: 'uuid',
  priority: 3,
  accepts: (s) => {
    if (s.length !== 36) return false;
    for (let i = 0; i < 36; i++) {
      const c = s.charCodeAt(i);
      if (UUID_DASHES.has(i) ? c !== 45 : !isHex(c)) return false;
    }
    return true;
  },
  parse: (s) => s.toLowerCase(),
  format: (v) => String(v),
};

const strConverter: Converter = {
  name: 'str',
  priority: 4,
  accepts: (s) => s.length > 0,
  parse: (s) => s,
  format: (v) => {
    const text = String(v);
    if (text.length === 0 || text.includes('/')) throw new TypeError(`expected a non-empty segment without "/", got "${text}"`);
    return text;
  },
};

const pathConverter: Converter = {
  name: 'path',
  priority: 5,
  accepts: () => true,
  parse: (s) => s,
  format: (v) => String(v),
};

/** The converters a template may name; `str` is used when none is given. */
export const CONVERTERS: ReadonlyMap<string, Converter> = new Map(
  [intConverter, floatConverter, uuidConverter, strConverter, pathConverter].map((c) => [c.name, c]),
);
