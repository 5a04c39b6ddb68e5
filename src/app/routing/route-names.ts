/**
 * Route names: building a path back from a route's name and parameters (Starlette's
 * `url_path_for`), so handlers and templates link to routes without repeating their templates.
 *
 * Each app keeps one `RouteNames`. Registration claims a name for a parsed `PathPattern`; the same
 * pattern that matches requests builds the path (`buildPath`), so a path built here routes back to
 * the same values. A name is looked up in this app first, then in each mounted `App` in mount
 * order, the mount's prefix put in front. Not used on a request's path: it runs when a handler
 * calls `request.urlPathFor` or code calls `app.urlPathFor`.
 */
import { NoMatchFound, RouteConflictError } from '../errors.js';
import { buildPath, type PathPattern } from './path-pattern.js';

/** The named routes of one app and of the apps mounted in it. */
export class RouteNames {
  private readonly patterns = new Map<string, PathPattern>();
  private readonly mounts: Array<{ prefix: string; names: RouteNames }> = [];

  /**
   * Records `name` for `pattern`. Naming a second template the same is refused at registration; the
   * same template under the same name is allowed, so the methods of one path registered one call at
   * a time (`get` then `post`) can share a name.
   */
  claim(name: string, pattern: PathPattern): void {
    const existing = this.patterns.get(name);
    if (existing !== undefined && existing.template !== pattern.template) {
      throw new RouteConflictError(`route name "${name}" is already used by "${existing.template}"`);
    }
    this.patterns.set(name, pattern);
  }

  /** Makes the names of an app mounted under `prefix` reachable from this one. */
  mount(prefix: string, names: RouteNames): void {
    this.mounts.push({ prefix, names });
  }

  /**
   * The path of the route named `name` with `params` filled in, relative to this app's root.
   * Throws `NoMatchFound` for an unknown name, a missing parameter, or a value whose path would not
   * match the route again (a `/` in a plain segment).
   */
  build(name: string, params: Record<string, unknown>): string {
    const pattern = this.patterns.get(name);
    if (pattern !== undefined) {
      try {
        return buildPath(pattern, params);
      } catch (error) {
        throw new NoMatchFound(`cannot build route "${name}": ${(error as Error).message}`);
      }
    }
    for (const { prefix, names } of this.mounts) {
      try {
        return prefix + names.build(name, params);
      } catch (error) {
        // Only "not here" moves on to the next mount; a named route found with bad parameters is
        // the caller's mistake and must not be hidden by a later mount's route of the same name.
        if (!(error instanceof NoMatchFound) || !error.message.startsWith('no route named')) throw error;
      }
    }
    throw new NoMatchFound(`no route named "${name}"`);
  }
}
