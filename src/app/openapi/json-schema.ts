/**
 * TypeBox schemas as they appear in an OpenAPI 3.1 document.
 *
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, so a TypeBox schema is almost usable as is: this
 * copies it without TypeBox's symbol-keyed markers and moves every schema that has an `$id` into
 * `components.schemas` under that name, leaving a `$ref` behind — a model declared once and used
 * by five routes is written once in the document.
 */
import type { ReferenceObject, SchemaObject } from 'openapi3-ts/oas31';

/** The document's named schemas, filled as routes are converted. */
export type ComponentSchemas = Record<string, SchemaObject>;

/** Copies `schema` for the document, registering `$id` schemas as components. */
export function toDocumentSchema(schema: unknown, components: ComponentSchemas): SchemaObject | ReferenceObject {
  return convert(schema, components) as SchemaObject | ReferenceObject;
}

function convert(value: unknown, components: ComponentSchemas): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, components));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const id = source.$id;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (key !== '$id') copy[key] = convert(source[key], components);
  // `Type.Ref(User)` is `{ $ref: 'User' }`, a reference by `$id` that ajv resolves but a document
  // reader cannot: it points at the component that `$id` became.
  if (typeof copy.$ref === 'string' && !copy.$ref.includes('#')) copy.$ref = `#/components/schemas/${componentName(copy.$ref)}`;
  if (typeof id !== 'string') return copy;
  const name = componentName(id);
  if (components[name] === undefined) components[name] = copy as SchemaObject;
  return { $ref: `#/components/schemas/${name}` };
}

/** The key under `components.schemas` for a schema `$id` (only characters OpenAPI allows there). */
function componentName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
