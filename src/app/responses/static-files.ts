/**
 * staticFiles: a TSGI app that serves a directory, and nothing outside it.
 *
 * Mount it (`app.mount('/static', staticFiles({ directory }))`); it serves the path left after the
 * mount's root path. Escaping the directory is refused in three independent layers, so a mistake in
 * one is caught by the next:
 *  1. the decoded path is rejected if it contains a NUL, a backslash, or a `.`/`..` segment —
 *     the server has already percent-decoded once, so `%2e%2e` arrives here as `..`; a double-encoded
 *     `%252e%252e` arrives as the literal name `%2e%2e`, which is only a (missing) file name;
 *  2. the joined path must still lie under the directory;
 *  3. the real path (symbolic links resolved) must lie under the directory's real path.
 * Every refusal is the same 404 as a missing file, so probing learns nothing.
 */
import { realpathSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { App, Receive, Send } from '../../protocol/app.js';
import type { HttpScope, Scope } from '../../protocol/scope.js';
import { FileResponse } from './file-response.js';
import { JSONResponse, RedirectResponse } from './response.js';
import { slashRedirectTarget } from '../routing/slash-redirect.js';

/** Options of `staticFiles`. */
export interface StaticFilesOptions {
  /** The directory to serve; must exist when the app is created. */
  directory: string;
  /** Serve `index.html` for directory paths, redirecting `/dir` to `/dir/` first (default `false`). */
  html?: boolean;
}

/**
 * Builds the static-files app.
 *
 * @example
 * ```ts
 * app.mount('/static', staticFiles({ directory: new URL('./public', import.meta.url).pathname }));
 * ```
 */
export function staticFiles(options: StaticFilesOptions): App {
  const root = realpathSync(resolve(options.directory));
  const html = options.html ?? false;
  return async (scope: Scope, receive: Receive, send: Send) => {
    if (scope.type !== 'http') return;
    if (scope.method !== 'GET' && scope.method !== 'HEAD') {
      await new JSONResponse({ detail: 'Method Not Allowed' }, { status: 405, headers: { allow: 'GET, HEAD' } }).send(scope, receive, send);
      return;
    }
    const relative = relativePath(scope);
    const found = await locate(root, relative, html);
    if (found === null) {
      await new JSONResponse({ detail: 'Not Found' }, { status: 404 }).send(scope, receive, send);
      return;
    }
    // A directory's index.html at `/static/docs` would resolve its relative links against
    // `/static/`: send the browser to `/static/docs/` first, as Starlette does.
    if (found.isIndex && !relative.endsWith('/')) {
      await new RedirectResponse(slashRedirectTarget(scope)).send(scope, receive, send);
      return;
    }
    await new FileResponse(found.path, { stat: found.stat }).send(scope, receive, send);
  };
}

/** The part of the path below the mount point. */
function relativePath(scope: HttpScope): string {
  return scope.path.startsWith(scope.rootPath) ? scope.path.slice(scope.rootPath.length) : scope.path;
}

/** Layer 1: names that can never be a file under the root. */
export function isSafeRelativePath(relative: string): boolean {
  if (relative.includes('\0') || relative.includes('\\')) return false;
  return relative.split('/').every((segment) => segment !== '..' && segment !== '.');
}

/** Resolves a request path to a file under `root`, or `null` (all three layers of the header). */
async function locate(root: string, relative: string, html: boolean): Promise<{ path: string; stat: Stats; isIndex: boolean } | null> {
  if (!isSafeRelativePath(relative)) return null;
  let candidate = join(root, relative);
  if (!isInside(root, candidate)) return null;
  try {
    let info = await stat(candidate);
    const isIndex = info.isDirectory();
    if (isIndex) {
      if (!html) return null;
      candidate = join(candidate, 'index.html');
      info = await stat(candidate);
    }
    if (!info.isFile()) return null;
    const real = await realpath(candidate);
    if (!isInside(root, real)) return null;
    return { path: real, stat: info, isIndex };
  } catch {
    return null;
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + sep);
}
