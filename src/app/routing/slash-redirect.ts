/**
 * The slash redirect's target: `/docs` → `/docs/` (or back) when only the other form exists.
 *
 * Used by the router (a route registered with the other form) and by `staticFiles` (a directory
 * served through its `index.html`, whose relative links need the slash). The target is built from
 * what the client sent, so it must not lead anywhere else: see `slashRedirectTarget`.
 */
import type { HttpScope } from '../../protocol/scope.js';

/**
 * Where the slash redirect points: the path as the client sent it (`rawPath`, escapes kept) with
 * its trailing slash toggled, behind the part of `path` the client did not send — the root path a
 * proxy stripped (`--root-path /api`: path `/api/docs`, rawPath `/docs`). The target must stay on
 * this host: a location starting `//` names another one (`//evil.example/`), so a leading run
 * of slashes becomes one.
 */
export function slashRedirectTarget(scope: HttpScope): string {
  const raw = scope.rawPath.endsWith('/') ? scope.rawPath.slice(0, -1) : `${scope.rawPath}/`;
  const sent = decodeOrKeep(scope.rawPath);
  const hidden = scope.path.endsWith(sent) ? scope.path.slice(0, scope.path.length - sent.length) : '';
  const target = (encodeURI(hidden) + raw).replace(/^\/{2,}/, '/');
  return scope.queryString === '' ? target : `${target}?${scope.queryString}`;
}

function decodeOrKeep(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
