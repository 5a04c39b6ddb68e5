/**
 * Parameter groups merged across a route and its dependencies, ready to validate in one pass.
 *
 * A route and each dependency it uses may declare query, header, cookie or path parameters; at
 * registration they are merged per request part into one object schema (a name declared twice
 * must mean the same schema), so one validator call per part reports every error at once, and
 * the OpenAPI emitter lists each parameter once.
 */
import type { TSchema } from '@sinclair/typebox';
import { AppError } from '../errors.js';
import type { InputDeclaration, ParameterGroup } from './declaration.js';
import type { Location } from './error-details.js';

/** The parameter-carrying parts of a request, in declaration key form. */
export const PARAMETER_PARTS = ['params', 'query', 'headers', 'cookies'] as const;
export type ParameterPart = (typeof PARAMETER_PARTS)[number];

/** How each part is named in an error's `loc` (FastAPI's words: `path`, `header`, ...). */
export const PART_LOCATION: Readonly<Record<ParameterPart, Location>> = { params: 'path', query: 'query', headers: 'header', cookies: 'cookie' };

/** The key of a parameter in sets of failed parameters: its `loc` prefix, e.g. `query limit`. */
export function parameterKey(location: string | number, name: string | number): string {
  return `${location} ${name}`;
}

/**
 * The header a declared property reads: `user_agent` → `user-agent` (underscores become hyphens,
 * as in FastAPI). It is also the name a 422 gives in `loc`, FastAPI's `["header", "user-agent"]`.
 */
export function headerName(property: string): string {
  return property.toLowerCase().replace(/_/g, '-');
}

/** The keys of every parameter `declaration` itself reads (not those of its dependencies). */
export function declaredParameterKeys(declaration: InputDeclaration): string[] {
  const keys: string[] = [];
  for (const part of PARAMETER_PARTS) {
    const group = declaration[part];
    if (group === undefined) continue;
    for (const name of Object.keys(groupProperties(group).properties)) keys.push(parameterKey(PART_LOCATION[part], part === 'headers' ? headerName(name) : name));
  }
  return keys;
}

/** A merged group: properties by name and the names that are required. */
export interface MergedGroup {
  properties: Record<string, TSchema>;
  required: string[];
}

/** Two declarations give the same parameter different schemas. */
export class ParameterConflictError extends AppError {
  constructor(message: string) {
    super(message, 500, 'parameter_conflict');
  }
}

/** The properties of a group, whether written as `Type.Object` or as a bare properties map. */
export function groupProperties(group: ParameterGroup): { properties: Record<string, TSchema>; required: string[] } {
  const asObject = group as { type?: unknown; properties?: Record<string, TSchema>; required?: string[] };
  // A parameter with a default is never missing, so it is not required (as in FastAPI), whatever
  // TypeBox's `required` list says; in a bare map, Type.Optional also makes a parameter optional.
  if (asObject.type === 'object' && typeof asObject.properties === 'object') {
    const properties = asObject.properties;
    return { properties, required: (asObject.required ?? []).filter((k) => !hasDefault(properties[k])) };
  }
  const properties = group as Record<string, TSchema>;
  const required = Object.keys(properties).filter((k) => !isOptional(properties[k]!) && !hasDefault(properties[k]));
  return { properties, required };
}

function hasDefault(schema: TSchema | undefined): boolean {
  return schema !== undefined && 'default' in schema;
}

function isOptional(schema: TSchema): boolean {
  return (schema as unknown as Record<symbol, unknown>)[Symbol.for('TypeBox.Optional')] === 'Optional';
}

/** Merges the groups of one part across `declarations`; `route` names the route in errors. */
export function mergeGroups(route: string, part: ParameterPart, declarations: readonly InputDeclaration[]): MergedGroup {
  const merged: MergedGroup = { properties: {}, required: [] };
  for (const declaration of declarations) {
    const group = declaration[part];
    if (group === undefined) continue;
    const { properties, required } = groupProperties(group);
    for (const [name, schema] of Object.entries(properties)) {
      const existing = merged.properties[name];
      if (existing !== undefined && existing !== schema && JSON.stringify(existing) !== JSON.stringify(schema)) {
        throw new ParameterConflictError(`${route}: ${part} parameter '${name}' is declared twice with different schemas`);
      }
      merged.properties[name] = schema;
    }
    for (const name of required) if (!merged.required.includes(name)) merged.required.push(name);
  }
  return merged;
}
