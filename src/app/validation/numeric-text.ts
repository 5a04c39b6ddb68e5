/**
 * Reading integers and numbers out of text the way Pydantic v2 does (lax mode, `int` and `float`).
 *
 * Path, query, header and cookie values arrive as text. ajv's own coercion converts them with
 * `+text`, which takes much more than a FastAPI service does: `0x10` (16), `0b1`, `1e3` as an
 * integer, a blank value (0). These functions accept what pydantic-core 2.46 accepts, checked
 * value by value against it:
 *
 * - integer: surrounding whitespace, an optional sign, decimal digits with single `_` between
 *   them, and an optional fraction of zeros only (`" 7 "`, `+5`, `007`, `1_000`, `1.0`);
 *   not `1.5`, `1.`, `1e3`, `0x10`, `_1`, `1__0`.
 * - number: surrounding whitespace, then a decimal with an optional exponent (`1e3`, `.5`, `5.`,
 *   `-1E+03`), or `inf`/`infinity`/`nan` in any case; `_` is allowed anywhere but first, last or
 *   doubled. Not hex, binary or octal, not blank. (Infinity and NaN parse here, then the
 *   `finite` keyword refuses them: JSON cannot carry them back.)
 *
 * "Whitespace" is Unicode's White_Space set, which Pydantic trims (Rust's `str::trim`): it holds
 * U+0085 and not U+FEFF, unlike JavaScript's `trim`. Used by the `integerText`/`numberText`
 * keywords that replace `type: 'integer'`/`'number'` in text schemas (schema-compiler.ts).
 */

/** Unicode White_Space (Rust's `char::is_whitespace`), as a character class. */
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
/** Leading or trailing whitespace: one test (no `g`, so no `lastIndex` state) and one removal. */
const HAS_EDGE_SPACE = new RegExp(`^${SPACE}|${SPACE}$`);
const EDGE_SPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');

/** Sign, digit groups joined by single underscores, then `.0…` at most. */
const INTEGER = /^([+-]?)(\d+(?:_\d+)*)(?:\.0+)?$/;

/** A decimal with an optional exponent: at least one digit on one side of the point. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The words Rust's float parser takes, any case. */
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * The integer written in `text`, or `undefined` when Pydantic would refuse it (`int_parsing`).
 * Past 2^53 the value is inexact; the `safeInteger` keyword refuses it afterwards.
 *
 * @example
 * ```ts
 * parseIntegerText(' 1_000.0 '); // 1000
 * parseIntegerText('0x10');      // undefined
 * ```
 */
export function parseIntegerText(text: string): number | undefined {
  if (isPlainDigits(text)) return Number(text);
  const match = INTEGER.exec(trimmedText(text));
  if (match === null) return undefined;
  const value = Number(match[2]!.replace(/_/g, ''));
  // `-0` is 0 for an integer, as in Python.
  return match[1] === '-' && value !== 0 ? -value : value;
}

/**
 * The number written in `text`, or `undefined` when Pydantic would refuse it (`float_parsing`).
 *
 * @example
 * ```ts
 * parseNumberText('1e3'); // 1000
 * parseNumberText('0x10'); // undefined
 * ```
 */
export function parseNumberText(text: string): number | undefined {
  if (isPlainDigits(text)) return Number(text);
  const trimmed = trimmedText(text);
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  const special = SPECIAL.exec(trimmed);
  if (special !== null) {
    if (special[2]!.toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  // pydantic-core retries without underscores unless one is first, last or doubled.
  if (!trimmed.includes('_') || trimmed.startsWith('_') || trimmed.endsWith('_') || trimmed.includes('__')) return undefined;
  const plain = trimmed.replace(/_/g, '');
  return DECIMAL.test(plain) ? Number(plain) : undefined;
}

/**
 * True for 1 to 15 ASCII digits, nearly every value a client sends: read by `Number` at once,
 * skipping the regular expressions (measured: they doubled the validation of two parameters).
 */
function isPlainDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** `text` without edge whitespace, copied only when it has some. */
function trimmedText(text: string): string {
  return HAS_EDGE_SPACE.test(text) ? text.replace(EDGE_SPACE, '') : text;
}
