/**
 * The OpenAPI 3.1 document, emitted from the route table.
 *
 * It reads `app.routes` — the same records the router dispatches and whose compiled declarations
 * validate requests — so the document cannot describe an API other than the one served. Each
 * HTTP route becomes one operation per method: parameters from the merged parameter groups of the
 * route and its dependencies, the JSON request body, the declared responses plus a 422 with the
 * validation-error schema, and the security schemes of the auth dependencies in its plan.
 */
import type { OpenAPIObject, OperationObject, ParameterObject, ResponsesObject, SchemaObject, SecurityRequirementObject, SecuritySchemeObject, ServerObject } from 'openapi3-ts/oas31';
import type { RouteRecord } from '../route-types.js';
import { declaredRoute } from '../dependencies/declared-registration.js';
import { firstSuccessStatus, responseSchema, type CompiledRoute } from '../dependencies/declared-route.js';
import { headerName, type ParameterPart } from '../validation/parameter-groups.js';
import { toDocumentSchema, type ComponentSchemas } from './json-schema.js';
import { VALIDATION_ERROR_SCHEMAS } from './validation-error-schema.js';
import { claimOperationIds, DOCUMENTED_METHODS } from './operation-ids.js';

/** Document-level information. */
export interface OpenAPIInfo {
  /** The API's name (`info.title`). */
  title: string;
  /** The API's own version, not the OpenAPI version (`info.version`). */
  version: string;
  /** Text shown above the operations (`info.description`, Markdown). */
  description?: string;
  /** Servers; when empty and the app runs under a root path, `[{ url: rootPath }]`. */
  servers?: ServerObject[];
}

const PARAMETER_IN: Record<ParameterPart, ParameterObject['in']> = { params: 'path', query: 'query', headers: 'header', cookies: 'cookie' };

/**
 * Builds the document for `routes` (usually `app.routes`).
 *
 * @example
 * ```ts
 * const document = buildOpenAPIDocument(app.routes, { title: 'Items', version: '1.0.0' });
 * ```
 */
export function buildOpenAPIDocument(routes: readonly RouteRecord[], info: OpenAPIInfo, rootPath = ''): OpenAPIObject {
  const schemas: ComponentSchemas = {};
  const securitySchemes: Record<string, SecuritySchemeObject> = {};
  const paths: OpenAPIObject['paths'] = {};
  // Explicit ids first (a duplicate throws), so derived ones step around them whatever the order.
  const explicitIds = new Map<string, string>();
  for (const route of routes) claimOperationIds(route, explicitIds);
  const usedIds = new Set<string>(explicitIds.keys());
  let validates = false;
  for (const route of routes) {
    if (route.kind !== 'http' || route.options.includeInSchema === false) continue;
    const path = documentPath(route.path);
    const compiled = declaredRoute(route.options);
    for (const method of route.methods) {
      if (!DOCUMENTED_METHODS.has(method)) continue;
      const operation = buildOperation(route, method, path, compiled, schemas, securitySchemes, usedIds);
      if (operation.responses?.['422'] !== undefined) validates = true;
      (paths[path] ??= {})[method.toLowerCase() as 'get'] = operation;
    }
  }
  if (validates) Object.assign(schemas, VALIDATION_ERROR_SCHEMAS);
  const servers = info.servers ?? (rootPath === '' ? undefined : [{ url: rootPath }]);
  const document: OpenAPIObject = {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description === undefined ? {} : { description: info.description }) },
    paths,
  };
  if (servers !== undefined) document.servers = servers;
  if (Object.keys(schemas).length > 0 || Object.keys(securitySchemes).length > 0) {
    document.components = {};
    if (Object.keys(schemas).length > 0) document.components.schemas = schemas;
    if (Object.keys(securitySchemes).length > 0) document.components.securitySchemes = securitySchemes;
  }
  return document;
}

/** `/items/{id:int}` → `/items/{id}`: converters are a router detail, not part of the URL. */
export function documentPath(template: string): string {
  return template.replace(/\{([^}:]+):[^}]+\}/g, '{$1}');
}

function buildOperation(
  route: RouteRecord, method: string, path: string, compiled: CompiledRoute | undefined,
  schemas: ComponentSchemas, securitySchemes: Record<string, SecuritySchemeObject>, usedIds: Set<string>,
): OperationObject {
  const options = route.options;
  const operation: OperationObject = { operationId: operationIdFor(route, method, path, usedIds), responses: {} };
  if (options.summary !== undefined) operation.summary = options.summary;
  if (options.description !== undefined) operation.description = options.description;
  if (options.tags !== undefined) operation.tags = options.tags;
  if (compiled?.declaration.deprecated === true) operation.deprecated = true;
  const parameters = compiled === undefined ? [] : parametersOf(compiled, schemas);
  for (const [name, converter] of pathParameters(route.path)) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) parameters.push({ name, in: 'path', required: true, schema: CONVERTER_SCHEMAS[converter] ?? { type: 'string' } });
  }
  if (parameters.length > 0) operation.parameters = parameters;
  const body = compiled?.declaration.body;
  if (body !== undefined) {
    operation.requestBody = { required: compiled!.declaration.bodyRequired ?? true, content: { 'application/json': { schema: toDocumentSchema(body, schemas) } } };
  }
  const declaresInput = body !== undefined || (compiled !== undefined && Object.values(compiled.groups).some((g) => Object.keys(g.properties).length > 0));
  const validates = declaresInput && compiled?.declaration.documentValidationErrors !== false;
  operation.responses = responsesOf(compiled, schemas, validates);
  const security = compiled === undefined ? [] : securityOf(compiled, securitySchemes);
  if (security.length > 0) operation.security = security;
  return operation;
}

function operationIdFor(route: RouteRecord, method: string, path: string, used: Set<string>): string {
  let id = route.options.operationId ?? `${route.name ?? (path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'root')}_${method.toLowerCase()}`;
  if (route.options.operationId !== undefined) return id;
  const base = id;
  for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
  used.add(id);
  return id;
}

/** The placeholders of a route template, with their converter (`str` when none is named). */
function pathParameters(template: string): Array<[name: string, converter: string]> {
  return [...template.matchAll(/\{([^}:]+)(?::([^}]+))?\}/g)].map((m) => [m[1]!, m[2] ?? 'str']);
}

/** What an undeclared path parameter accepts, from its converter: `{id:int}` only matches digits. */
const CONVERTER_SCHEMAS: Record<string, SchemaObject> = {
  int: { type: 'integer', minimum: 0 },
  float: { type: 'number', minimum: 0 },
  uuid: { type: 'string', format: 'uuid' },
};

function parametersOf(compiled: CompiledRoute, schemas: ComponentSchemas): ParameterObject[] {
  const parameters: ParameterObject[] = [];
  for (const part of Object.keys(PARAMETER_IN) as ParameterPart[]) {
    const group = compiled.groups[part];
    for (const [name, schema] of Object.entries(group.properties)) {
      const where = PARAMETER_IN[part];
      const parameter: ParameterObject = {
        name: part === 'headers' ? headerName(name) : name,
        in: where,
        required: where === 'path' || group.required.includes(name),
        schema: toDocumentSchema(schema, schemas),
      };
      const description = (schema as { description?: unknown }).description;
      if (typeof description === 'string') parameter.description = description;
      parameters.push(parameter);
    }
  }
  return parameters;
}

function responsesOf(compiled: CompiledRoute | undefined, schemas: ComponentSchemas, validates: boolean): ResponsesObject {
  const responses: ResponsesObject = {};
  const declared = compiled?.declaration.responses ?? {};
  for (const [status, response] of Object.entries(declared)) {
    const schema = responseSchema(response);
    const description = 'description' in response && typeof response.description === 'string' ? response.description : 'Successful Response';
    responses[status] = schema === undefined ? { description } : { description, content: { 'application/json': { schema: toDocumentSchema(schema, schemas) } } };
  }
  if (compiled === undefined || Object.keys(declared).length === 0) {
    responses[String(compiled === undefined ? 200 : firstSuccessStatus(compiled.declaration))] = { description: 'Successful Response' };
  }
  if (validates && responses['422'] === undefined) {
    responses['422'] = {
      description: 'Validation Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
    };
  }
  return responses;
}

function securityOf(compiled: CompiledRoute, securitySchemes: Record<string, SecuritySchemeObject>): SecurityRequirementObject[] {
  const requirements: SecurityRequirementObject[] = [];
  for (const step of compiled.plan.steps) {
    const security = step.dependency.security;
    if (security === undefined) continue;
    const name = schemeName(security.scheme.name, security.scheme.definition, securitySchemes);
    securitySchemes[name] = security.scheme.definition;
    requirements.push({ [name]: security.scopes });
  }
  return requirements;
}

/**
 * The name a scheme is listed under: its own, unless a different scheme took it already (an API
 * key in a header and another in a cookie are both `APIKey` by default), then `APIKey_2`, ...
 * Overwriting would leave the first routes pointing at the wrong scheme.
 */
function schemeName(wanted: string, definition: SecuritySchemeObject, taken: Record<string, SecuritySchemeObject>): string {
  let name = wanted;
  for (let n = 2; taken[name] !== undefined && JSON.stringify(taken[name]) !== JSON.stringify(definition); n++) name = `${wanted}_${n}`;
  return name;
}
