/**
 * The OpenAPI 3.1 document of the service, built from the app's route table.
 *
 * Paths and methods come from `app.routes` (what is really served); request and response schemas
 * from `operation-docs.ts` (the same schemas the validators compile). A route with no entry there
 * is an error when the document is built, which the tests do — so `/docs` cannot silently miss an
 * endpoint. The WebSocket route, which OpenAPI cannot describe, is explained in `info.description`.
 */
import type { RouteRecord } from '../../app/index.js';
import { ERROR_SCHEMA, OPERATION_DOCS, VALIDATION_ERROR_SCHEMA } from './operation-docs.js';

const DESCRIPTION = `Classifies ML projects (title + description) into computer-vision, mlops, natural-language-processing or other.

**WebSocket** \`/ws/predict\`: send text messages \`{"id"?: any, "title": "...", "description"?: "..."}\`; each gets one reply \`{"id", "prediction", "probabilities"}\` in order (invalid → \`{"id", "error": {"status": 422, "detail": [...]}}\`, connection stays open; binary → close 1003; over 1 MiB → close 1009).

**Auth** (when API keys are configured): \`Authorization: Bearer <key>\` on prediction endpoints; WebSocket clients may offer the subprotocols \`bearer, <key>\`.`;

/** Builds the document for the given routes. */
export function buildOpenApiDocument(routes: readonly RouteRecord[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.kind !== 'http' || route.options.includeInSchema === false) continue;
    for (const method of route.methods) {
      const key = `${method} ${route.path}`;
      const doc = OPERATION_DOCS[key];
      if (doc === undefined) throw new Error(`no OpenAPI documentation for ${key}`);
      const errorSchema = doc.v2 ? { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } : ERROR_SCHEMA;
      const responses: Record<string, unknown> = { '200': { description: doc.ok.description, content: { [doc.ok.type]: { schema: doc.ok.schema } } } };
      for (const [status, description] of Object.entries(doc.errors)) {
        responses[status] = { description, content: { 'application/json': { schema: status === '422' ? VALIDATION_ERROR_SCHEMA : errorSchema } } };
      }
      const parameters = [...route.path.matchAll(/\{(\w+)(?::\w+)?\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
      (paths[route.path] ??= {})[method.toLowerCase()] = {
        summary: route.options.summary,
        tags: route.options.tags,
        operationId: `${method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(doc.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: doc.body } } } } : {}),
        responses,
        ...(doc.secured ? { security: [{}, { bearer: [] }] } : {}),
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tagifai', version, description: DESCRIPTION },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from TAGIFAI_API_KEYS' } } },
  };
}
