/**
 * The ajv instances every route's validators are compiled with, one per policy.
 *
 * Compiled once when a route is registered (Fastify's rule): per request only the generated
 * functions run. Values from the URL, headers and cookies are text, so their instance coerces
 * (`"42"` → 42, `"true"` → true, one value → a one-item list); JSON bodies already have types, so
 * theirs does not. Unknown body keys are removed by default (Pydantic's "ignore"); a route can
 * ask for the schema's own `additionalProperties: false` to be enforced instead ("forbid").
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

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
  return ajv;
}

const instances = new Map<SchemaPolicy, Ajv>();

/** Compiles `schema` under `policy`; schemas with an `$id` are compiled once and shared. */
export function compileSchema<T>(schema: object, policy: SchemaPolicy): ValidateFunction<T> {
  let ajv = instances.get(policy);
  if (ajv === undefined) {
    ajv = createAjv(policy);
    instances.set(policy, ajv);
  }
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id === 'string') {
    const known = ajv.getSchema<T>(id);
    if (known !== undefined) return known;
  }
  return ajv.compile<T>(schema);
}
