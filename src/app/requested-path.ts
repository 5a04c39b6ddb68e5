/**
 * The requested path: the path the client put on its request line, percent-encoding kept and the
 * root path included, for everything that writes a URL back to the client (`request.url`, the
 * trailing-slash redirect).
 *
 * No scope field holds it (docs/protocol.md §2.1). `rawPath` is the request line's path minus the
 * root path a proxy stripped before forwarding (`--root-path /api`: the client asked for
 * `/api/docs`, the server got `/docs`); the server put that prefix back in front of `path` only,
 * so it is what `path` holds before the decoded `rawPath`. A mount's prefix needs nothing: a mount
 * extends `rootPath` and leaves `path` and `rawPath` as they were, so the prefix is in `rawPath`
 * already, once. This is what Starlette's `request.url` holds (root path + path).
 */
import type { HttpScope } from '../protocol/scope.js';

/**
 * The path the client asked for, e.g. `/api/files/a%2Fb` for rawPath `/files/a%2Fb` served under
 * root path `/api` (path `/api/files/a/b`).
 */
export function requestedPath(scope: HttpScope): string {
  const decoded = decodedPath(scope.rawPath);
  // A scope whose path does not end with its decoded rawPath (one built by hand) has no prefix to find.
  if (scope.path.length <= decoded.length || !scope.path.endsWith(decoded)) return scope.rawPath;
  const stripped = scope.path.slice(0, scope.path.length - decoded.length);
  return stripped.split('/').map(encodeURIComponent).join('/') + scope.rawPath;
}

/** `rawPath` decoded as a server decodes it for `path`: a malformed escape leaves it as sent. */
function decodedPath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
