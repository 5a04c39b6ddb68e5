/**
 * Validation error details: ajv's errors rewritten in the shape FastAPI clients expect.
 *
 * Every failed check becomes one `{ loc, msg, type }` entry, where `loc` starts with the request
 * part (`"body"`, `"query"`, `"path"`, `"header"`, `"cookie"`) and walks into the value, array
 * indexes as numbers (`["body", "items", 2, "title"]`), and `type` is the name Pydantic v2 gives
 * the same failure, so clients written against a FastAPI service read our 422s unchanged.
 * Sits after parsing and before the handler: it runs only when a compiled validator said no.
 */
import type { ErrorObject } from 'ajv';
import { inputEchoer } from './input-echo.js';
import { FINITE, INTEGER_TEXT, NUMBER_TEXT, SAFE_INTEGER } from './schema-compiler.js';

/** The request part a value came from, as FastAPI names it in `loc`. */
export type Location = 'path' | 'query' | 'header' | 'cookie' | 'body';

/** One entry of a 422 response's `detail` list. */
export interface ErrorDetail {
  /** Where the value is: the request part first, then keys and array indexes into it. */
  loc: Array<string | number>;
  /** A sentence for people, e.g. `Field required`. */
  msg: string;
  /** A stable name for programs, as Pydantic v2 names it (`missing`, `int_parsing`, ...). */
  type: string;
  /**
   * The value that failed — for a missing field, the object it is missing from, as FastAPI does.
   * Made safe to send by `inputEchoer` (a value nested too deep is replaced by a note).
   */
  input?: unknown;
  /** The limit that was broken, e.g. `{ ge: 1 }` for a too-small number. */
  ctx?: Record<string, unknown>;
}

/** Values from the URL and headers arrive as text, so a wrong number there is a parsing error. */
const TEXT_LOCATIONS: ReadonlySet<Location> = new Set(['path', 'query', 'header', 'cookie']);

/** Keywords that compare a number with a limit: they say nothing true about Infinity or NaN. */
const NUMBER_BOUNDS: ReadonlySet<string> = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']);

/**
 * Converts all of a validator's errors, dropping union summaries whose branches already spoke. A
 * union whose every branch is a literal (`Type.Union([Type.Literal('a'), Type.Literal('b')])`,
 * Pydantic's `Literal['a', 'b']`) gives one `literal_error` listing the choices instead of one
 * error per branch.
 *
 * `data` is the value the validator saw, with number texts already replaced by their numbers;
 * `sent`, given for path, query, header and cookie parameters, is the same part as the client
 * sent it, so `input` shows `"1e3"` where Pydantic does, not `1000`.
 */
export function toErrorDetails(location: Location, errors: readonly ErrorObject[], data: unknown, sent?: unknown): ErrorDetail[] {
  const literalUnions = new Map<number, unknown[]>();
  const branchErrors = new Set<number>();
  errors.forEach((error, i) => {
    const literals = isUnion(error) ? literalBranches(errors, i) : null;
    if (literals === null) return;
    literalUnions.set(i, literals.values);
    literals.indexes.forEach((j) => branchErrors.add(j));
  });
  const repeated = repeatedErrors(errors, data);
  const details: ErrorDetail[] = [];
  // One depth walk for all the errors, not one per error (input-echo.ts says why).
  const echo = inputEchoer(data);
  errors.forEach((error, i) => {
    if (repeated?.has(i)) return;
    const literals = literalUnions.get(i);
    if (literals !== undefined) details.push(literalError(toErrorDetail(location, error, data, sent, echo), literals));
    else if (!branchErrors.has(i) && !(isUnion(error) && errors.length > 1)) details.push(toErrorDetail(location, error, data, sent, echo));
  });
  return details;
}

/**
 * The indexes of errors that repeat, about the same value, what another error says better; Pydantic
 * reports one error per bad value. `nan` fails `finite` and both bounds of `0 <= r <= 1`: only
 * `finite_number` is kept. An integer past 2^53 that also breaks a bound keeps the bound error, as
 * Pydantic (which reads big integers exactly) gives it, not `int_too_large`. `null` when nothing
 * repeats (nearly always).
 */
function repeatedErrors(errors: readonly ErrorObject[], data: unknown): Set<number> | null {
  let notFinite: Set<string> | null = null;
  let tooLarge: Map<string, number> | null = null;
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (error.keyword === FINITE || (error.keyword === SAFE_INTEGER && !Number.isFinite(valueAt(data, pointerToPath(error.instancePath, data))))) {
      (notFinite ??= new Set()).add(error.instancePath);
    } else if (error.keyword === SAFE_INTEGER) (tooLarge ??= new Map()).set(error.instancePath, i);
  }
  if (notFinite === null && tooLarge === null) return null;
  const repeated = new Set<number>();
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (!NUMBER_BOUNDS.has(error.keyword)) continue;
    if (notFinite?.has(error.instancePath)) repeated.add(i);
    const tooLargeAt = tooLarge?.get(error.instancePath);
    if (tooLargeAt !== undefined) repeated.add(tooLargeAt);
  }
  return repeated;
}

function isUnion(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || error.keyword === 'oneOf';
}

function literalError(at: ErrorDetail, values: readonly unknown[]): ErrorDetail {
  const expected = listChoices(values);
  return { loc: at.loc, msg: `Input should be ${expected}`, type: 'literal_error', input: at.input, ctx: { expected } };
}

/**
 * When the union summary at `at` has only literal branches (each failed with `const` or `enum`,
 * maybe after a `type` check, at the union's own position), their error indexes and the allowed
 * values in branch order; otherwise `null`.
 */
function literalBranches(errors: readonly ErrorObject[], at: number): { indexes: number[]; values: unknown[] } | null {
  const union = errors[at]!;
  const prefix = `${union.schemaPath}/`;
  const indexes: number[] = [];
  const valuesByBranch = new Map<string, unknown[]>();
  const branches = new Set<string>();
  for (let j = 0; j < at; j++) {
    const error = errors[j]!;
    if (!error.schemaPath.startsWith(prefix)) continue;
    if (error.instancePath !== union.instancePath || !['const', 'enum', 'type', INTEGER_TEXT, NUMBER_TEXT].includes(error.keyword)) return null;
    const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
    branches.add(branch);
    indexes.push(j);
    const p = error.params as { allowedValue?: unknown; allowedValues?: unknown[] };
    if (error.keyword === 'const') valuesByBranch.set(branch, [p.allowedValue]);
    if (error.keyword === 'enum') valuesByBranch.set(branch, p.allowedValues ?? []);
  }
  if (branches.size === 0 || [...branches].some((b) => !valuesByBranch.has(b))) return null;
  return { indexes, values: [...branches].flatMap((b) => valuesByBranch.get(b)!) };
}

function toErrorDetail(location: Location, error: ErrorObject, data: unknown, sent: unknown, echo: (value: unknown) => unknown): ErrorDetail {
  const loc: Array<string | number> = [location, ...pointerToPath(error.instancePath, data)];
  const at = valueAt(data, loc.slice(1));
  // The text as sent when there is one; a value only the validator put there (a default) has none.
  const sentAt = sent === undefined ? undefined : valueAt(sent, loc.slice(1));
  const input = sentAt !== undefined ? sentAt : echo(at);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      // A parameter is validated on its own in FastAPI, so a missing one echoes `null`; a body
      // field echoes the object it is missing from.
      return { loc: [...loc, p.missingProperty as string], msg: 'Field required', type: 'missing', input: TEXT_LOCATIONS.has(location) ? null : input };
    case 'additionalProperties': {
      const extra = echo((at as Record<string, unknown>)[p.additionalProperty as string]);
      return { loc: [...loc, p.additionalProperty as string], msg: 'Extra inputs are not permitted', type: 'extra_forbidden', input: extra };
    }
    case 'type':
      return { loc, input, ...typeMismatch(String(p.type), TEXT_LOCATIONS.has(location)) };
    // Text schemas check numbers with these keywords instead of `type` (schema-compiler.ts).
    case INTEGER_TEXT:
      return { loc, input, ...typeMismatch('integer', true) };
    case NUMBER_TEXT:
      return { loc, input, ...typeMismatch('number', true) };
    case 'minLength':
      return bound(loc, input, 'string_too_short', `String should have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`, { min_length: p.limit });
    case 'maxLength':
      return bound(loc, input, 'string_too_long', `String should have at most ${p.limit} character${p.limit === 1 ? '' : 's'}`, { max_length: p.limit });
    case 'minimum':
      return bound(loc, input, 'greater_than_equal', `Input should be greater than or equal to ${p.limit}`, { ge: p.limit });
    case 'exclusiveMinimum':
      return bound(loc, input, 'greater_than', `Input should be greater than ${p.limit}`, { gt: p.limit });
    case 'maximum':
      return bound(loc, input, 'less_than_equal', `Input should be less than or equal to ${p.limit}`, { le: p.limit });
    case 'exclusiveMaximum':
      return bound(loc, input, 'less_than', `Input should be less than ${p.limit}`, { lt: p.limit });
    case 'multipleOf':
      return bound(loc, input, 'multiple_of', `Input should be a multiple of ${p.multipleOf}`, { multiple_of: p.multipleOf });
    case 'minItems':
      return bound(loc, input, 'too_short', `List should have at least ${p.limit} item${p.limit === 1 ? '' : 's'} after validation`, { min_length: p.limit });
    case 'maxItems':
      return bound(loc, input, 'too_long', `List should have at most ${p.limit} item${p.limit === 1 ? '' : 's'} after validation`, { max_length: p.limit });
    case 'pattern':
      return bound(loc, input, 'string_pattern_mismatch', `String should match pattern '${p.pattern}'`, { pattern: p.pattern });
    case 'const':
      return bound(loc, input, 'literal_error', `Input should be ${listChoices([p.allowedValue])}`, { expected: listChoices([p.allowedValue]) });
    case 'enum':
      return bound(loc, input, 'enum', `Input should be ${listChoices(p.allowedValues as unknown[])}`, { expected: listChoices(p.allowedValues as unknown[]) });
    case 'format':
      return { loc, input, ...formatMismatch(String(p.format)) };
    // A body's Infinity has no text of its own (JSON.parse made it from 1e400), and written as JSON
    // it would become `null`: it is shown as the word.
    case FINITE:
      return { loc, input: sentAt ?? String(at), msg: 'Input should be a finite number', type: 'finite_number' };
    case SAFE_INTEGER:
      return Number.isFinite(at)
        ? { loc, input: sentAt ?? String(at), msg: `Input should be an integer between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`, type: 'int_too_large' }
        : { loc, input: sentAt ?? String(at), msg: 'Input should be a finite number', type: 'finite_number' };
    default:
      return { loc, input, msg: error.message ?? 'Invalid value', type: 'value_error' };
  }
}

function bound(loc: ErrorDetail['loc'], input: unknown, type: string, msg: string, ctx: Record<string, unknown>): ErrorDetail {
  return { loc, msg, type, input, ctx };
}

/** Pydantic says `int_parsing` for text that is not a number and `int_type` for a JSON value of the wrong kind. */
function typeMismatch(expected: string, fromText: boolean): { msg: string; type: string } {
  switch (expected) {
    case 'string': return { type: 'string_type', msg: 'Input should be a valid string' };
    case 'integer': return fromText
      ? { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' }
      : { type: 'int_type', msg: 'Input should be a valid integer' };
    case 'number': return fromText
      ? { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' }
      : { type: 'float_type', msg: 'Input should be a valid number' };
    case 'boolean': return fromText
      ? { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' }
      : { type: 'bool_type', msg: 'Input should be a valid boolean' };
    case 'object': return { type: 'model_attributes_type', msg: 'Input should be a valid dictionary or object to extract fields from' };
    case 'array': return { type: 'list_type', msg: 'Input should be a valid list' };
    case 'null': return { type: 'none_required', msg: 'Input should be None' };
    default: return { type: 'type_error', msg: `Input should be of type ${expected}` };
  }
}

function formatMismatch(format: string): { msg: string; type: string } {
  switch (format) {
    case 'uuid': return { type: 'uuid_parsing', msg: 'Input should be a valid UUID' };
    case 'date-time': return { type: 'datetime_parsing', msg: 'Input should be a valid datetime' };
    case 'date': return { type: 'date_parsing', msg: 'Input should be a valid date' };
    case 'uri': case 'url': return { type: 'url_parsing', msg: 'Input should be a valid URL' };
    case 'email': return { type: 'value_error', msg: 'value is not a valid email address' };
    default: return { type: 'value_error', msg: `Input should match format '${format}'` };
  }
}

/** `'a', 'b' or 'c'`, the way Pydantic lists enum members and literals (strings quoted as Python does). */
function listChoices(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** A JSON pointer as path steps; a step is a number where the value at that point is an array. */
export function pointerToPath(pointer: string, data: unknown): Array<string | number> {
  if (pointer === '') return [];
  const steps: Array<string | number> = [];
  let value = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(value) ? Number(key) : key;
    steps.push(step);
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
  }
  return steps;
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = data;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}
