/**
 * The ajv instances every route's validators are compiled with, one per policy.
 *
 * Compiled once when a route is registered (Fastify's rule): per request only the generated
 * functions run. Values from the URL, headers and cookies are text, so their instance coerces
 * (`"42"` → 42, `"true"` → true, one value → a one-item list); JSON bodies already have types, so
 * theirs does not. Unknown body keys are removed by default (Pydantic's "ignore"); a route can
 * ask for the schema's own `additionalProperties: false` to be enforced instead ("forbid").
 *
 * JSON Schema's `number` and `integer` let `Infinity` through (ajv checks `typeof` and `% 1`), and
 * a request produces it easily: `1e400` in a body, `Infinity` in a query string. JSON cannot carry
 * it back (it would be written as `null`), and no handler expects it, so request schemas are
 * compiled with a `finite` keyword on every number (Pydantic's `finite_number` error), and
 * integers must also be exact (`safeInteger`).
 *
 * Text is not converted by ajv's own coercion for numbers (`+text` takes `0x10`, `1e3` as an
 * integer, a blank value): in text schemas `type: 'integer'`/`'number'` is replaced by the
 * `integerText`/`numberText` keywords, which read the text the way Pydantic does
 * (numeric-text.ts) and store the number in its place.
 */
import { Ajv, _, type KeywordCxt, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SchemaIdConflictError } from '../errors.js';
import { parseIntegerText, parseNumberText } from './numeric-text.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable is on `.default`.
const addFormats = addFormatsModule.default;

/** How a compiled validator treats its input. */
export type SchemaPolicy = 'text' | 'body-ignore-extra' | 'body-forbid-extra' | 'response';

function createAjv(policy: SchemaPolicy): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    useDefaults: policy !== 'response',
    coerceTypes: policy === 'text' ? 'array' : false,
    removeAdditional: policy === 'body-ignore-extra' ? 'all' : false,
  });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: FINITE,
    type: 'number',
    schemaType: 'boolean',
    code: (cxt: KeywordCxt) => cxt.fail(_`!isFinite(${cxt.data})`),
  });
  ajv.addKeyword({
    keyword: SAFE_INTEGER,
    type: 'number',
    schemaType: 'boolean',
    code: (cxt: KeywordCxt) => cxt.fail(_`!Number.isSafeInteger(${cxt.data})`),
  });
  if (policy === 'text') {
    ajv.addKeyword({ keyword: INTEGER_TEXT, schemaType: 'boolean', modifying: true, errors: false, validate: textReader(parseIntegerText) });
    ajv.addKeyword({ keyword: NUMBER_TEXT, schemaType: 'boolean', modifying: true, errors: false, validate: textReader(parseNumberText) });
  }
  return ajv;
}

/** Where a validated value sits in its parent (an object of parameters, or a list of them). */
interface DataPlace {
  parentData?: Record<string | number, unknown>;
  parentDataProperty?: string | number;
}

/**
 * A keyword's check: text that `parse` reads is replaced by its number in the parent (ajv then
 * re-reads it, so `minimum` and the rest see the number); a number passes (a schema default);
 * anything else fails, leaving the text as the client wrote it for the error's `input`.
 */
function textReader(parse: (text: string) => number | undefined) {
  return (_schema: unknown, data: unknown, _parentSchema?: unknown, place?: DataPlace): boolean => {
    if (typeof data === 'number') return true;
    if (typeof data !== 'string') return false;
    const value = parse(data);
    if (value === undefined || place?.parentData === undefined) return false;
    place.parentData[place.parentDataProperty!] = value;
    return true;
  };
}

/** The keyword added to `number` schemas of requests: the value must be finite. */
export const FINITE = 'finite';
/**
 * The keyword added to `integer` schemas of requests: finite, and within 2^53 - 1, past which a
 * JavaScript number no longer holds every integer (`12345678901234567891` parses as
 * `12345678901234567000`): the handler would get a different id than the client sent.
 */
export const SAFE_INTEGER = 'safeInteger';

/** The keyword that stands for `type: 'integer'` in text schemas: Pydantic's integer text. */
export const INTEGER_TEXT = 'integerText';
/** The keyword that stands for `type: 'number'` in text schemas: Pydantic's float text. */
export const NUMBER_TEXT = 'numberText';

/** Keys whose values are data, not schemas: copied as they are. */
const DATA_KEYS: ReadonlySet<string> = new Set(['const', 'enum', 'default', 'examples', 'example']);

/**
 * A copy of `schema` with `finite: true` beside every `number` type and `safeInteger: true` beside
 * every `integer` one, at any depth (run once per route, at registration). For a text schema
 * (`text`), a lone `type: 'integer'` or `'number'` also becomes `integerText`/`numberText`, so
 * ajv's coercion never sees it. Symbol keys (TypeBox's) are kept.
 */
export function withFiniteNumbers(schema: unknown, text = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withFiniteNumbers(item, text));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Record<string | symbol, unknown>;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(source)) {
    const value = source[key];
    copy[key] = typeof key === 'string' && DATA_KEYS.has(key) ? value : withFiniteNumbers(value, text);
  }
  const types = Array.isArray(copy.type) ? copy.type : [copy.type];
  if (types.includes('number')) copy[FINITE] = true;
  else if (types.includes('integer')) copy[SAFE_INTEGER] = true;
  if (text && (copy.type === 'integer' || copy.type === 'number')) {
    copy[copy.type === 'integer' ? INTEGER_TEXT : NUMBER_TEXT] = true;
    delete copy.type;
  }
  return copy;
}

/** The schema a policy compiles: responses as written, requests with the checks above. */
function prepared(schema: unknown, policy: SchemaPolicy): object {
  return (policy === 'response' ? schema : withFiniteNumbers(schema, policy === 'text')) as object;
}

const instances = new Map<SchemaPolicy, Ajv>();

/** Every schema with an `$id` compiled so far, under any policy: what a `Type.Ref` may name. */
const schemasById = new Map<string, object>();

/** Calls `visit` on every object inside a schema (data keys such as `default` skipped). */
function eachNode(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) return value.forEach((item) => eachNode(item, visit));
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  visit(node);
  for (const key of Object.keys(node)) if (!DATA_KEYS.has(key)) eachNode(node[key], visit);
}

/**
 * Adds to `ajv` each schema that `schema` names by `$id` (`Type.Ref(Tag)` is `{ $ref: 'Tag' }`)
 * and that this instance has not seen: a model first used as a response and then referenced in
 * a body lives in another instance, and the route would fail to compile for no reason it shows.
 */
function addReferenced(ajv: Ajv, policy: SchemaPolicy, schema: unknown): void {
  eachNode(schema, (node) => {
    if (typeof node.$ref !== 'string' || node.$ref.startsWith('#')) return;
    const id = node.$ref.split('#')[0]!;
    const target = schemasById.get(id);
    if (target === undefined || ajv.getSchema(id) !== undefined) return;
    ajv.addSchema(prepared(target, policy));
    addReferenced(ajv, policy, target);
  });
}

/** Compiles `schema` under `policy`; schemas with an `$id` are compiled once and shared. */
export function compileSchema<T>(schema: object, policy: SchemaPolicy): ValidateFunction<T> {
  let ajv = instances.get(policy);
  if (ajv === undefined) {
    ajv = createAjv(policy);
    instances.set(policy, ajv);
  }
  const compiled = prepared(schema, policy);
  eachNode(schema, (node) => {
    if (typeof node.$id === 'string' && !schemasById.has(node.$id)) schemasById.set(node.$id, node);
  });
  addReferenced(ajv, policy, schema);
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id === 'string') {
    const known = ajv.getSchema<T>(id);
    if (known !== undefined) {
      // The instance is shared by every app in the process, and it resolves `$id`s by name: a
      // second, different schema under a known `$id` would silently be validated as the first.
      if (JSON.stringify(known.schema) !== JSON.stringify(compiled)) throw new SchemaIdConflictError(id);
      return known;
    }
  }
  return ajv.compile<T>(compiled);
}
