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
  /** The reverse of `parse`, for `urlPathFor`; throws `TypeError` on a value whose path would not match the route again. */
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

/** The largest value an `{id:int}` segment matches: 15 digits (below 2^53, so every one is exact). */
const MAX_INT_PARAM = 999_999_999_999_999;

const intConverter: Converter = {
  name: 'int',
  priority: 1,
  accepts: (s) => s.length <= 15 && allDigits(s, 0, s.length),
  parse: (s) => Number(s),
  format: (v) => {
    // Past 15 digits the route would not match the path built (and `String` writes 1e21 as "1e+21").
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_INT_PARAM) throw new TypeError(`expected an integer from 0 to ${MAX_INT_PARAM}, got ${String(v)}`);
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
    // `String` writes 1e21 and 1e-7 in exponent form, which the converter does not match.
    const text = String(v);
    if (!floatConverter.accepts(text)) throw new TypeError(`expected a number written without an exponent, got ${text}`);
    return text;
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
    if (isDotSegment(text)) throw new TypeError(`"${text}" cannot be a path segment: clients resolve it away`);
    return text;
  },
};

const pathConverter: Converter = {
  name: 'path',
  priority: 5,
  accepts: () => true,
  parse: (s) => s,
  format: (v) => {
    const text = String(v);
    if (text.split('/').some(isDotSegment)) throw new TypeError(`"${text}" has a "." or ".." segment, which clients resolve away`);
    return text;
  },
};

/**
 * `.` and `..`: a client removes such segments before sending (`/files/../admin` becomes
 * `/admin`), so a URL built with one would reach another route than the one it was built for.
 * (`%2e` needs no check: URL building encodes the `%`.)
 */
function isDotSegment(text: string): boolean {
  return text === '.' || text === '..';
}

/** The converters a template may name; `str` is used when none is given. */
export const CONVERTERS: ReadonlyMap<string, Converter> = new Map(
  [intConverter, floatConverter, uuidConverter, strConverter, pathConverter].map((c) => [c.name, c]),
);
