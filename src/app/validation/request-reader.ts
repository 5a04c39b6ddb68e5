/**
 * Reading a request's declared parts: collect, coerce, validate, and report every error at once.
 *
 * Built at registration from the merged parameter groups and the body schema. Per request it works
 * in two steps, because dependencies run between them (security before the body, as in FastAPI):
 *
 *  1. `readParameters` (synchronous) copies the declared values out of the URL, headers and
 *     cookies (repeated query keys become a list where the schema says array, else the last one
 *     counts) and runs one compiled validator per part; errors are collected, not thrown.
 *  2. `parseBody` takes the body's bytes: empty → `missing` (when required), wrong Content-Type → 415,
 *     unparsable → 400 with the position, otherwise validated like the rest; it throws one 422 with
 *     the errors of both steps.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import type { HeaderList } from '../../protocol/scope.js';
import type { Request } from '../request.js';
import type { WebSocket } from '../websockets.js';
import { parseCookies } from '../cookies.js';
import { findHeader } from '../headers.js';
import { collectQueryValues, type QueryValue } from './query-string.js';
import { isJsonContentType } from './content-type.js';
import { findJsonError } from './json-error-position.js';
import { toErrorDetails, type ErrorDetail } from './error-details.js';
import { echoInput } from './input-echo.js';
import { compileSchema } from './schema-compiler.js';
import { headerName, PART_LOCATION, type MergedGroup, type ParameterPart } from './parameter-groups.js';
import { MalformedJSONError, RequestValidationError, UnsupportedMediaTypeError } from './validation-errors.js';

/** One declared parameter: its property name, where it is read from, and whether it is a list. */
interface DeclaredName {
  property: string;
  /** The path parameter, query key, header (lower-case, `_` → `-`) or cookie name. */
  source: string;
  many: boolean;
}

interface CompiledPart {
  part: ParameterPart;
  names: DeclaredName[];
  /** `names`' sources, in the same order (what the query reader looks for). */
  sources: string[];
  read: PartReader;
  validate: ValidateFunction;
}

/** Copies one part's declared values out of the connection (absent ones left out). */
type PartReader = (connection: Request<any> | WebSocket<any>, part: CompiledPart) => Record<string, unknown>;

/** What handlers see for a part they did not declare: one empty object, shared and frozen. */
const UNDECLARED: Record<string, unknown> = Object.freeze({});

/** The reading of a route that declares no parameters at all: the same for every request. */
const NOTHING_DECLARED: ReadParameters = Object.freeze({ params: UNDECLARED, query: UNDECLARED, headers: UNDECLARED, cookies: UNDECLARED, errors: null });

/** The validated parameters of one request, and the errors found while reading them. */
export interface ReadParameters {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
  /** Every failed check so far, or `null` when all passed (the common case allocates no list). */
  errors: ErrorDetail[] | null;
}

// One decoder for every body: `decode` keeps no state between calls without `stream: true`.
const UTF8 = new TextDecoder();

/** Reads and validates a request's declared parts. */
export class RequestReader {
  private readonly parts: CompiledPart[] = [];
  private readonly body: ValidateFunction | undefined;
  /** True when the route reads a body (WebSocket routes never do). */
  readonly readsBody: boolean;

  constructor(groups: Record<ParameterPart, MergedGroup>, body: TSchema | undefined, private readonly bodyRequired: boolean, extraBody: 'ignore' | 'forbid') {
    for (const part of Object.keys(groups) as ParameterPart[]) {
      const group = groups[part];
      const names = Object.entries(group.properties).map(([name, schema]): DeclaredName => ({
        property: name,
        source: part === 'headers' ? headerName(name) : name,
        many: (schema as { type?: unknown }).type === 'array',
      }));
      if (names.length === 0) continue;
      const schema = { type: 'object', properties: group.properties, required: group.required };
      this.parts.push({ part, names, sources: names.map((n) => n.source), read: PART_READERS[part], validate: compileSchema(schema, 'text') });
    }
    this.body = body === undefined ? undefined : compileSchema(body, extraBody === 'ignore' ? 'body-ignore-extra' : 'body-forbid-extra');
    this.readsBody = this.body !== undefined;
  }

  /** Step 1: the declared path, query, header and cookie parameters, validated; errors collected. */
  readParameters(connection: Request<any> | WebSocket<any>): ReadParameters {
    if (this.parts.length === 0) return NOTHING_DECLARED;
    const result: ReadParameters = { params: UNDECLARED, query: UNDECLARED, headers: UNDECLARED, cookies: UNDECLARED, errors: null };
    for (let i = 0; i < this.parts.length; i++) {
      const compiled = this.parts[i]!;
      const values = compiled.read(connection, compiled);
      if (!compiled.validate(values)) {
        // Validation replaced number texts by their numbers in `values`; a second read (only on
        // this failing path) gives each value as the client sent it, for the errors' `input`.
        const sent = compiled.read(connection, compiled);
        const details = toErrorDetails(PART_LOCATION[compiled.part], compiled.validate.errors ?? [], values, sent);
        // Values are keyed by property (`x_trace`); the client knows the header (`x-trace`).
        if (compiled.part === 'headers') for (const detail of details) detail.loc[1] = headerName(String(detail.loc[1]));
        (result.errors ??= []).push(...details);
      }
      // Named stores, not `result[compiled.part]`: a keyed store seeing four names is polymorphic.
      switch (compiled.part) {
        case 'params': result.params = values; break;
        case 'query': result.query = values; break;
        case 'headers': result.headers = values; break;
        default: result.cookies = values;
      }
    }
    return result;
  }

  /**
   * Step 2: the JSON body (`bytes`, already read), validated. `earlier` are the parameters' errors
   * (`null` when none): schema errors of the body join them in one `RequestValidationError`
   * (422), thrown here; a body that is not JSON at all (415, 400) is thrown at once, as there is
   * nothing to validate. A valid request allocates no error list.
   */
  parseBody(bytes: Uint8Array, headers: HeaderList, earlier: ErrorDetail[] | null): unknown {
    if (bytes.length === 0) {
      const missing: ErrorDetail[] = this.bodyRequired ? [{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }] : [];
      throwIfAny(earlier, missing);
      return undefined;
    }
    const contentType = findHeader(headers, 'content-type');
    if (contentType === null || !isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
    let data: unknown;
    const text = UTF8.decode(bytes);
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new MalformedJSONError((error as Error).message, findJsonError(text));
    }
    const validate = this.body!;
    if (!validateWithin(validate, data)) throwIfAny(earlier, validate.errors === TOO_DEEP ? [tooDeep(data)] : toErrorDetails('body', validate.errors ?? [], data));
    else if (earlier !== null) throw new RequestValidationError(earlier);
    return data;
  }
}

/** Marks a validation that ran out of call stack (see `validateWithin`). */
const TOO_DEEP: [] = [];

/**
 * Runs a compiled validator, turning a stack overflow into a failed validation. ajv's code
 * recurses once per level of a recursive schema (`Type.Recursive`), so a tree nested 5,000 deep
 * throws `RangeError` from inside the validator; that is the client's input, to be refused with a
 * 422, not a 500.
 */
function validateWithin(validate: ValidateFunction, data: unknown): boolean {
  try {
    return validate(data);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    validate.errors = TOO_DEEP;
    return false;
  }
}

function tooDeep(data: unknown): ErrorDetail {
  return { loc: ['body'], msg: 'Input is nested too deeply to validate', type: 'recursion_loop', input: echoInput(data) };
}

/** Throws one 422 with `earlier` and `more` when there is any error at all. */
function throwIfAny(earlier: ErrorDetail[] | null, more: ErrorDetail[]): void {
  if (earlier === null && more.length === 0) return;
  throw new RequestValidationError(earlier === null ? more : [...earlier, ...more]);
}

/** The query reader's list of found values, reused: a read runs to completion before the next. */
const QUERY_FOUND: QueryValue[] = [];

/** The reader of each part, picked at registration so a request runs no `switch` per name. */
const PART_READERS: Record<ParameterPart, PartReader> = {
  params: (connection, { names }) => {
    const values: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = connection.pathParams[name.source];
      if (value !== undefined) values[name.property] = value;
    }
    return values;
  },
  query: (connection, { names, sources }) => {
    const values: Record<string, unknown> = {};
    const queryString = connection.scope.queryString;
    if (queryString === '') return values;
    const found = QUERY_FOUND;
    collectQueryValues(queryString, sources, found);
    for (let i = 0; i < names.length; i++) {
      const value = found[i];
      if (value === undefined) continue;
      const name = names[i]!;
      // A repeated name declared as one value takes the last, as FastAPI (Starlette's query dict) does.
      values[name.property] = typeof value === 'string' ? (name.many ? [value] : value) : (name.many ? value : value[value.length - 1]);
    }
    return values;
  },
  headers: (connection, { names }) => {
    const values: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = name.many ? connection.headers.getAll(name.source) : findHeader(connection.scope.headers, name.source);
      if (value !== null && !(Array.isArray(value) && value.length === 0)) values[name.property] = value;
    }
    return values;
  },
  cookies: (connection, { names }) => {
    const values: Record<string, unknown> = {};
    const cookies = parseCookies(connection.headers.getAll('cookie'));
    for (let i = 0; i < names.length; i++) {
      const value = cookies[names[i]!.source];
      if (value !== undefined) values[names[i]!.property] = value;
    }
    return values;
  },
};
