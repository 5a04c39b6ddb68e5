/**
 * App: the application object — a route table, middleware, exception handlers and a lifespan,
 * which is itself a TSGI app.
 *
 * Like Starlette's application, an `App` *is* an application: pass it to a server, to the test
 * client, or mount it inside another App; TypeScript sees it as both an object with methods and a
 * `(scope, receive, send)` function (the interface below merges a call signature into the class).
 *
 * The path of a request through an App (see docs/lifecycle.md):
 *   error boundary (with middleware: their errors) → middleware, first listed = outermost →
 *   router (404/405/redirects, mounts) → handler → response → background tasks.
 * The stack is assembled on the first call, after which middleware can no longer be added.
 */
import type { App as TsgiApp, Middleware, Receive, Send } from '../protocol/app.js';
import type { Scope, State } from '../protocol/scope.js';
import { AppFrozenError, RouteDefinitionError } from './errors.js';
import { errorBoundary } from './error-boundary.js';
import { ExceptionHandlers, type ErrorClass, type ErrorLogger, type ExceptionHandler } from './exception-handlers.js';
import { runLifespanConversation, startGenerator, startRawApp, type Lifespan } from './lifespan.js';
import type { RequestContext } from './request.js';
import { declareHttpRoute, declareWebSocketRoute, type DeclaredHandler, type DeclaredWebSocketRouteHandler } from './dependencies/declared-registration.js';
import type { Dependency } from './dependencies/dependency.js';
import { DependencyOverrides } from './dependencies/overrides.js';
import type { DeclaredHttpHandler } from './dependencies/declared-route.js';
import { toJsonText } from './responses/json-serializer.js';
import type { InputDeclaration, RouteDeclaration } from './validation/declaration.js';
import type { RouteHandler, RouteOptions, RouteRecord, WebSocketHandler } from './route-types.js';
import { claimOperationIds } from './openapi/operation-ids.js';
import type { PathPattern } from './routing/path-pattern.js';
import { routerApp, type DispatchTable, type RouteTarget } from './routing/route-dispatch.js';
import { RouteNames } from './routing/route-names.js';
import { includedSource, type IncludeOptions, type RouteSource } from './routing/route-source.js';
import { TreeRouter } from './routing/tree-router.js';

/** Options of `new App(...)`. */
export interface AppOptions<S extends object> {
  /** The lifespan generator (see `lifespan.ts`). */
  lifespan?: Lifespan<S, App<S>>;
  /** Middleware, outermost first: the first one sees the request first and the response last. */
  middleware?: Middleware[];
  /** Exception handlers by status or error class. */
  exceptionHandlers?: Array<[number | ErrorClass<unknown>, ExceptionHandler<never>]>;
  /** Redirect `/a/` ↔ `/a` (307) when only the other form exists (default `true`). */
  redirectSlashes?: boolean;
  /** Largest request body `Request` will read, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Where unexpected errors are logged (default `console`). */
  logger?: ErrorLogger;
  /**
   * App-level dependencies: run, in order, before the route's own for every declared route of
   * this app, including those brought in by `include` (not for plain `(request) => ...` handlers,
   * and not inside mounted apps, which are separate applications).
   */
  dependencies?: Array<Dependency<any>>;
}

/** The function side of an App (declaration merging adds it to the class). */
export interface App<S extends object = Record<string, unknown>> {
  (scope: Scope, receive: Receive, send: Send): Promise<void>;
}

/**
 * An application.
 *
 * @example
 * ```ts
 * const app = new App();
 * app.get('/', () => ({ hello: 'world' }));
 * app.get('/items/{id:int}', (request) => ({ id: request.pathParams.id }));
 * ```
 */
export class App<S extends object = Record<string, unknown>> {
  /** App-level dependencies, as given in the options. */
  dependencies!: Array<Dependency<any>>;
  /** Replacements for dependencies, for tests (`app.dependencyOverrides.set(real, fake)`). */
  dependencyOverrides!: DependencyOverrides;
  private options!: AppOptions<S>;
  private table!: DispatchTable & { http: TreeRouter<RouteTarget>; websocket: TreeRouter<RouteTarget> };
  private ownRoutes!: RouteRecord[];
  private sources!: RouteSource[];
  private names!: RouteNames;
  /** Explicit OpenAPI operation ids → the `METHOD /path` that declared each (operation-ids.ts). */
  private operationIds!: Map<string, string>;
  private mounts!: Array<{ prefix: string; app: TsgiApp }>;
  private middleware!: Middleware[];
  private stack!: TsgiApp | null;
  private stops!: Array<() => Promise<void>>;

  constructor(options: AppOptions<S> = {}) {
    // The object returned is a function whose prototype is this class, so `app(scope, receive, send)`
    // and `app.get(...)` both work. Fields are set on it in `init`, never as class field initialisers
    // (those would land on the discarded `this`).
    const self = ((scope: Scope, receive: Receive, send: Send) => self.handle(scope, receive, send)) as App<S>;
    Object.setPrototypeOf(self, new.target.prototype);
    self.init(options);
    return self;
  }

  private init(options: AppOptions<S>): void {
    this.options = options;
    this.dependencies = options.dependencies ?? [];
    this.dependencyOverrides = new DependencyOverrides();
    const exceptionHandlers = new ExceptionHandlers();
    for (const [key, handler] of options.exceptionHandlers ?? []) exceptionHandlers.add(key, handler);
    const requestContext: RequestContext = {
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      urlPathFor: (name, params) => this.urlPathFor(name, params),
    };
    this.table = {
      http: new TreeRouter(),
      websocket: new TreeRouter(),
      redirectSlashes: options.redirectSlashes ?? true,
      exceptionHandlers,
      logger: options.logger ?? console,
      requestContext,
    };
    this.ownRoutes = [];
    this.sources = [];
    this.names = new RouteNames();
    this.operationIds = new Map();
    this.mounts = [];
    this.middleware = [...(options.middleware ?? [])];
    this.stack = null;
    this.stops = [];
  }

  /**
   * Registers a handler under `path` for `options.methods` (default `['GET']`); the options object
   * is stored on the route as given.
   */
  route(path: string, handler: RouteHandler<S>, options: RouteOptions & { methods?: string[] } = {}): this {
    return this.register(path, options.methods ?? ['GET'], handler, options);
  }

  // Each method takes a plain handler, or a declaration and a handler receiving typed input
  // (see dependencies/declared-route.ts).
  /** Registers `handler` for `GET path`; it receives the `Request` and returns a response or a JSON value. */
  get(path: string, handler: RouteHandler<S>, options?: RouteOptions): this;
  /** Registers a declared `GET` route: `handler` receives input validated against `declaration`. */
  get<const D extends RouteDeclaration>(path: string, declaration: D, handler: DeclaredHandler<D, S>): this;
  get(path: string, a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.register(path, ['GET'], a, b);
  }
  /** Registers `handler` for `POST path`; it receives the `Request` and returns a response or a JSON value. */
  post(path: string, handler: RouteHandler<S>, options?: RouteOptions): this;
  /** Registers a declared `POST` route: `handler` receives input validated against `declaration`. */
  post<const D extends RouteDeclaration>(path: string, declaration: D, handler: DeclaredHandler<D, S>): this;
  post(path: string, a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.register(path, ['POST'], a, b);
  }
  /** Registers `handler` for `PUT path`; it receives the `Request` and returns a response or a JSON value. */
  put(path: string, handler: RouteHandler<S>, options?: RouteOptions): this;
  /** Registers a declared `PUT` route: `handler` receives input validated against `declaration`. */
  put<const D extends RouteDeclaration>(path: string, declaration: D, handler: DeclaredHandler<D, S>): this;
  put(path: string, a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.register(path, ['PUT'], a, b);
  }
  /** Registers `handler` for `PATCH path`; it receives the `Request` and returns a response or a JSON value. */
  patch(path: string, handler: RouteHandler<S>, options?: RouteOptions): this;
  /** Registers a declared `PATCH` route: `handler` receives input validated against `declaration`. */
  patch<const D extends RouteDeclaration>(path: string, declaration: D, handler: DeclaredHandler<D, S>): this;
  patch(path: string, a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.register(path, ['PATCH'], a, b);
  }
  /** Registers `handler` for `DELETE path`; it receives the `Request` and returns a response or a JSON value. */
  delete(path: string, handler: RouteHandler<S>, options?: RouteOptions): this;
  /** Registers a declared `DELETE` route: `handler` receives input validated against `declaration`. */
  delete<const D extends RouteDeclaration>(path: string, declaration: D, handler: DeclaredHandler<D, S>): this;
  delete(path: string, a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.register(path, ['DELETE'], a, b);
  }

  private register(path: string, methods: string[], a: RouteHandler<S> | RouteDeclaration, b?: RouteOptions | DeclaredHandler<any, S>): this {
    return this.addSource(typeof a === 'function'
      ? { kind: 'http', path, methods, handler: a, options: (b as RouteOptions | undefined) ?? {} }
      : { kind: 'declared-http', path, methods, declaration: a, handler: b as DeclaredHandler<any, S>, inherited: [] });
  }

  /** Compiles one registration into the route table (declared ones with every inherited dependency). */
  private addSource(source: RouteSource): this {
    this.sources.push(source);
    const context = () => ({ dependencies: [...this.dependencies, ...(source as { inherited: Array<Dependency<any>> }).inherited], dependencyOverrides: this.dependencyOverrides });
    switch (source.kind) {
      case 'http': return this.addRoute(source.path, source.methods, source.handler, source.options);
      case 'websocket': return this.addWebSocketRoute(source.path, source.handler, source.options);
      case 'mount': return this.addMount(source.path, source.app, source.options);
      case 'declared-http': {
        const declared = declareHttpRoute(`${source.methods.join(',')} ${source.path}`, source.declaration, source.handler, context());
        return this.addRoute(source.path, source.methods, declared.handler, declared.options);
      }
      case 'declared-websocket': {
        const declared = declareWebSocketRoute(`WEBSOCKET ${source.path}`, source.declaration, source.handler, context());
        return this.addWebSocketRoute(source.path, declared.handler, declared.options);
      }
    }
  }

  /**
   * Adds every route of `router` (an `App` used as a group of routes, like FastAPI's `APIRouter`)
   * to this app, under `options.prefix`. Its declared routes are compiled again here and run this
   * app's dependencies, then `options.dependencies`, then the router's own, then the route's; this
   * app's overrides apply to them. Routes added to `router` later are not seen. A router with
   * middleware or a lifespan is refused: those belong to an application, which `mount` serves whole.
   *
   * @example
   * ```ts
   * const admin = new App({ dependencies: [adminUser] });
   * admin.get('/stats', {}, () => stats());
   * app.include(admin, { prefix: '/admin', tags: ['admin'] });
   * ```
   */
  include(router: App<any>, options: IncludeOptions = {}): this {
    const extra = router.middleware.length > 0 ? 'middleware' : router.options.lifespan !== undefined ? 'a lifespan' : null;
    if (extra !== null) throw new RouteDefinitionError(options.prefix || '/', `include() takes routes only, and this router has ${extra}: mount it instead`);
    for (const source of router.sources) this.addSource(includedSource(source, router.dependencies, options));
    return this;
  }

  private addRoute(path: string, methods: string[], handler: RouteHandler<S>, options: RouteOptions): this {
    const record: RouteRecord = { path, methods: methods.map((m) => m.toUpperCase()), handler, options, kind: 'http' };
    if (options.name !== undefined) record.name = options.name;
    claimOperationIds(record, this.operationIds);
    const serialize = (handler as Partial<DeclaredHttpHandler>).serializeJson ?? toJsonText;
    const target: RouteTarget = { kind: 'http', record, handler, serialize };
    let endpoint;
    for (const method of record.methods) endpoint = this.table.http.add(path, method, target);
    if (endpoint !== undefined) this.remember(record, endpoint.pattern);
    return this;
  }

  /**
   * Registers a WebSocket route: a handler that owns the session, or a declaration (parameters,
   * dependencies) and a handler receiving them validated, as for HTTP routes.
   */
  websocket(path: string, handler: WebSocketHandler<S>, options?: RouteOptions): this;
  websocket<const D extends InputDeclaration>(path: string, declaration: D, handler: DeclaredWebSocketRouteHandler<D, S>): this;
  websocket(path: string, a: WebSocketHandler<S> | InputDeclaration, b?: RouteOptions | DeclaredWebSocketRouteHandler<any, S>): this {
    return this.addSource(typeof a === 'function'
      ? { kind: 'websocket', path, handler: a, options: (b as RouteOptions | undefined) ?? {} }
      : { kind: 'declared-websocket', path, declaration: a, handler: b as DeclaredWebSocketRouteHandler<any, S>, inherited: [] });
  }

  private addWebSocketRoute(path: string, handler: WebSocketHandler<S>, options: RouteOptions): this {
    const record: RouteRecord = { path, methods: [], handler, options, kind: 'websocket' };
    if (options.name !== undefined) record.name = options.name;
    const endpoint = this.table.websocket.add(path, 'WEBSOCKET', { kind: 'websocket', record, handler });
    this.remember(record, endpoint.pattern);
    return this;
  }

  /**
   * Mounts another application (an `App` or any raw TSGI app) under `prefix`, for HTTP and
   * WebSocket. A mounted app is separate, as in Starlette and FastAPI: its own middleware,
   * dependencies, overrides and exception handlers apply inside it, and this app's dependencies do
   * not run for its routes (use `include` for routes that should share them).
   */
  mount(prefix: string, app: TsgiApp, options: RouteOptions = {}): this {
    return this.addSource({ kind: 'mount', path: prefix, app, options });
  }

  private addMount(prefix: string, app: TsgiApp, options: RouteOptions): this {
    const record: RouteRecord = { path: prefix, methods: [], handler: app, options, kind: 'mount' };
    if (options.name !== undefined) record.name = options.name;
    const target: RouteTarget = { kind: 'mount', record, app };
    this.table.http.mount(prefix, target);
    this.table.websocket.mount(prefix, target);
    this.ownRoutes.push(record);
    this.mounts.push({ prefix, app });
    if (app instanceof App) this.names.mount(prefix, (app as App<object>).names);
    return this;
  }

  /** Adds a middleware inside those already listed (it sees the request after them). */
  use(middleware: Middleware): this {
    if (this.stack !== null) throw new AppFrozenError('add middleware');
    this.middleware.push(middleware);
    return this;
  }

  /** Registers an exception handler for a status code or an error class. */
  exceptionHandler<E>(key: number | ErrorClass<E>, handler: ExceptionHandler<E>): this {
    this.table.exceptionHandlers.add(key as number | ErrorClass<unknown>, handler as ExceptionHandler<never>);
    return this;
  }

  /** Every route, mounted apps' routes included with their full path. */
  get routes(): RouteRecord[] {
    const all: RouteRecord[] = [];
    for (const record of this.ownRoutes) {
      all.push(record);
      if (record.kind === 'mount' && record.handler instanceof App) {
        for (const inner of (record.handler as App<object>).routes) all.push({ ...inner, path: joinPaths(record.path, inner.path) });
      }
    }
    return all;
  }

  /** Builds the path of a named route (relative to this app's root), searching mounted apps too (routing/route-names.ts). */
  urlPathFor(name: string, params: Record<string, unknown> = {}): string {
    return this.names.build(name, params);
  }

  /** Starts this app's lifespan and then its mounted apps'; used by the lifespan scope and by parents. */
  async startup(state: State): Promise<void> {
    if (this.options.lifespan !== undefined) this.stops.push(await startGenerator(this.options.lifespan, this, state));
    for (const { app } of this.mounts) {
      if (app instanceof App) {
        await (app as App<object>).startup(state);
        this.stops.push(() => (app as App<object>).shutdown());
      } else {
        const stop = await startRawApp(app, state);
        if (stop !== null) this.stops.push(stop);
      }
    }
  }

  /** Stops everything `startup` started, in reverse order. */
  async shutdown(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop();
  }

  private remember(record: RouteRecord, pattern: PathPattern): void {
    if (record.name !== undefined) this.names.claim(record.name, pattern);
    this.ownRoutes.push(record);
  }

  private handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (scope.type === 'lifespan') return runLifespanConversation(scope.state, receive, send, this.table.logger, (state) => this.startup(state), () => this.shutdown());
    return (this.stack ??= this.buildStack())(scope, receive, send);
  }

  private buildStack(): TsgiApp {
    const router = routerApp(this.table);
    // Without middleware the router is the whole stack, and it answers its own errors.
    if (this.middleware.length === 0) return router;
    const stack = this.middleware.reduceRight<TsgiApp>((next, middleware) => middleware(next), router);
    return errorBoundary(stack, this.table);
  }
}

/** `/api` + `/items` → `/api/items`; `/api` + `/` → `/api/`. */
function joinPaths(prefix: string, path: string): string {
  return prefix + path;
}
