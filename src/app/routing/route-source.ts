/**
 * Route sources: each registration as it was written, kept so another app can include it.
 *
 * `app.include(router)` works like FastAPI's `include_router`: the router's routes become this
 * app's own, with a path prefix, and its declared routes are compiled again here, so this app's
 * dependencies, the include's and the router's all run for them, and this app's dependency
 * overrides apply. That needs the declaration and handler as given, not the compiled handler,
 * hence this list beside the route table. A registration carries the dependencies inherited from
 * the includes it came through (`inherited`), so nesting routers keeps every level's.
 */
import type { App as TsgiApp } from '../../protocol/app.js';
import type { Dependency } from '../dependencies/dependency.js';
import type { DeclaredHandler, DeclaredWebSocketRouteHandler } from '../dependencies/declared-registration.js';
import type { RouteHandler, RouteOptions, WebSocketHandler } from '../route-types.js';
import type { InputDeclaration, RouteDeclaration } from '../validation/declaration.js';

/** One registration, as written (handlers of any state type, hence `any`). */
export type RouteSource =
  | { kind: 'http'; path: string; methods: string[]; handler: RouteHandler<any>; options: RouteOptions }
  | { kind: 'declared-http'; path: string; methods: string[]; declaration: RouteDeclaration; handler: DeclaredHandler<any, any>; inherited: Array<Dependency<any>> }
  | { kind: 'websocket'; path: string; handler: WebSocketHandler<any>; options: RouteOptions }
  | { kind: 'declared-websocket'; path: string; declaration: InputDeclaration & Pick<RouteDeclaration, 'name' | 'tags'>; handler: DeclaredWebSocketRouteHandler<any, any>; inherited: Array<Dependency<any>> }
  | { kind: 'mount'; path: string; app: TsgiApp; options: RouteOptions };

/** Options of `app.include(router, ...)`. */
export interface IncludeOptions {
  /** Put before every path of the router (`/admin` + `/users` → `/admin/users`). */
  prefix?: string;
  /** Run for every declared route of the router, after the app's and before the router's own. */
  dependencies?: Array<Dependency<any>>;
  /** Put before the tags of every route of the router (OpenAPI grouping). */
  tags?: string[];
}

/** `source` as the including app registers it: prefixed path, the include's dependencies and tags. */
export function includedSource(source: RouteSource, routerDependencies: ReadonlyArray<Dependency<any>>, options: IncludeOptions): RouteSource {
  const path = (options.prefix ?? '') + source.path;
  const tags = options.tags ?? [];
  switch (source.kind) {
    case 'http':
    case 'websocket':
    case 'mount':
      return { ...source, path, options: withTags(source.options, tags) };
    case 'declared-http':
    case 'declared-websocket': {
      const inherited = [...(options.dependencies ?? []), ...routerDependencies, ...source.inherited];
      const declaration = tags.length === 0 ? source.declaration : { ...source.declaration, tags: [...tags, ...(source.declaration.tags ?? [])] };
      return { ...source, path, inherited, declaration } as RouteSource;
    }
  }
}

function withTags(options: RouteOptions, tags: string[]): RouteOptions {
  return tags.length === 0 ? options : { ...options, tags: [...tags, ...(options.tags ?? [])] };
}
