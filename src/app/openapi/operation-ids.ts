/**
 * The register of explicit OpenAPI `operationId`s: each may name one operation only.
 *
 * OpenAPI requires operation ids to be unique in a document: client generators turn each into a
 * function name, and two operations under one id make one of them unreachable (FastAPI only warns).
 * The app claims the ids of every route it registers, so a duplicate fails at startup and names
 * both routes; the document builder claims them again for route lists it is handed directly, and
 * derives the ids of the other operations around the claimed ones.
 */
import { DuplicateOperationIdError } from '../errors.js';
import type { RouteRecord } from '../route-types.js';

/** Methods that become operations in the document (the others are not described by OpenAPI). */
export const DOCUMENTED_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/**
 * Records the explicit `operationId` of `route` in `claimed` (id → `METHOD /path` of its owner),
 * once per documented method; throws `DuplicateOperationIdError` when the id already names another
 * operation. Routes left out of the document claim nothing.
 */
export function claimOperationIds(route: RouteRecord, claimed: Map<string, string>): void {
  const id = route.options.operationId;
  if (route.kind !== 'http' || id === undefined || route.options.includeInSchema === false) return;
  for (const method of route.methods) {
    if (!DOCUMENTED_METHODS.has(method)) continue;
    const operation = `${method} ${route.path}`;
    const owner = claimed.get(id);
    if (owner !== undefined) throw new DuplicateOperationIdError(id, owner, operation);
    claimed.set(id, operation);
  }
}
