/**
 * The slash redirect's target: `/docs` → `/docs/` (or back) when only the other form exists.
 *
 * Used by the router (a route registered with the other form) and by `staticFiles` (a directory
 * served through its `index.html`, whose relative links need the slash). The target is built from
 * what the client sent, so it must not lead anywhere else: see `slashRedirectTarget`.
 */
import type { HttpScope } from '../../protocol/scope.js';
import { requestedPath } from '../requested-path.js';

/**
 * Where the slash redirect points: the path the client asked for (escapes kept, the root path a
 * proxy stripped put back: requested-path.ts) with its trailing slash toggled. The target must
 * stay on this host: a location starting `//` names another one (`//evil.example/`), so a leading
 * run of slashes becomes one.
 */
export function slashRedirectTarget(scope: HttpScope): string {
  const path = requestedPath(scope);
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  const target = toggled.replace(/^\/{2,}/, '/');
  return scope.queryString === '' ? target : `${target}?${scope.queryString}`;
}
