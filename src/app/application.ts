/**
 * App: the application object — a route table, middleware, exception handlers and a lifespan,
 * which is itself a TSGI app.
 *
 * Like Starlette's application, an `App` *is* an application: pass it to a server, to the test
 * client, or mount it inside another App; TypeScript sees it as both an object with methods and a
 * `(scope, receive, send)` function (the interface below merges a call signature into the class).
 *
 * The path of a request through an App (see docs/lifecycle.md):
 *   error boundary (500s, errors from middleware) → middleware, first listed = outermost →
 *   router (404/405/redirects, mounts) → handler → response → background tasks.
 * The stack is assembled on the first call, after which middleware can no longer be added.
 */
import type { App as TsgiApp, Middleware, Receive, Send } from '../protocol/app.js';
import type { LifespanScope, Scope, State } from '../protocol/scope.js';
import { AppFrozenError, NoMatchFound, RouteConflictError } from './errors.js';
import { ExceptionHandlers, respondWithError, StartWatcher, type ErrorClass, type ErrorLogger, type ExceptionHandler } from './exception-handlers.js';
import { startGenerator, startRawApp, type Lifespan } from './lifespan.js';
import type { RequestContext } from './request.js';
import { declareHttpRoute, declareWebSocketRoute, type DeclaredHandler, type DeclaredWebSocketRouteHandler } from './dependencies/declared-registration.js';
import { DependencyOverrides } from './dependencies/overrides.js';
import type { InputDeclaration, RouteDeclaration } from './validation/declaration.js';
import type { RouteHandler, RouteOptions, RouteRecord, WebSocketHandler } from './route-types.js';
import { buildPath, type PathPattern } from './routing/path-pattern.js';
import { dispatchHttp, dispatchWebSocket, type DispatchTable, type RouteTarget } from './routing/route-dispatch.js';
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
  /** App-level dependencies; stored for the dependency-injection layer. */
  dependencies?: unknown[];
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
  dependencies!: unknown[];
  /** Replacements for dependencies, for tests (`app.dependencyOverrides.set(real, fake)`). */
  dependencyOverrides!: DependencyOverrides;
  private options!: AppOptions<S>;
  private table!: DispatchTable & { http: TreeRouter<RouteTarget>; websocket: TreeRouter<RouteTarget> };
  private ownRoutes!: RouteRecord[];
  private names!: Map<string, PathPattern>;
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
    this.names = new Map();
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
    return this.addRoute(path, options.methods ?? ['GET'], handler, options);
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
    if (typeof a === 'function') return this.addRoute(path, methods, a, (b as RouteOptions | undefined) ?? {});
    const declared = declareHttpRoute(`${methods.join(',')} ${path}`, a, b as DeclaredHandler<any, S>, this);
    return this.addRoute(path, methods, declared.handler, declared.options);
  }

  private addRoute(path: string, methods: string[], handler: RouteHandler<S>, options: RouteOptions): this {
    const record: RouteRecord = { path, methods: methods.map((m) => m.toUpperCase()), handler, options, kind: 'http' };
    if (options.name !== undefined) record.name = options.name;
    const target: RouteTarget = { kind: 'http', record, handler };
    let endpoint;
    for (const method of record.methods) endpoint = this.table.http.add(path, method, target);
    if (endpoint !== undefined) this.remember(record, endpoint.pattern);
    return this;
  }

  /** Registers a WebSocket route. */
  websocket(path: string, handler: WebSocketHandler<S>, options?: RouteOptions): this;
  websocket<const D extends InputDeclaration>(path: string, declaration: D, handler: DeclaredWebSocketRouteHandler<D, S>): this;
  websocket(path: string, a: WebSocketHandler<S> | InputDeclaration, b?: RouteOptions | DeclaredWebSocketRouteHandler<any, S>): this {
    if (typeof a !== 'function') {
      const declared = declareWebSocketRoute(`WEBSOCKET ${path}`, a, b as DeclaredWebSocketRouteHandler<any, S>, this);
      return this.websocket(path, declared.handler, declared.options);
    }
    const handler = a;
    const options = (b as RouteOptions | undefined) ?? {};
    const record: RouteRecord = { path, methods: [], handler, options, kind: 'websocket' };
    if (options.name !== undefined) record.name = options.name;
    const endpoint = this.table.websocket.add(path, 'WEBSOCKET', { kind: 'websocket', record, handler });
    this.remember(record, endpoint.pattern);
    return this;
  }

  /** Mounts another app (an `App` or any raw TSGI app) under `prefix`, for HTTP and WebSocket. */
  mount(prefix: string, app: TsgiApp, options: RouteOptions = {}): this {
    const record: RouteRecord = { path: prefix, methods: [], handler: app, options, kind: 'mount' };
    if (options.name !== undefined) record.name = options.name;
    const target: RouteTarget = { kind: 'mount', record, app };
    this.table.http.mount(prefix, target);
    this.table.websocket.mount(prefix, target);
    this.ownRoutes.push(record);
    this.mounts.push({ prefix, app });
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

  /** Builds the path of a named route (relative to this app's root), searching mounted apps too. */
  urlPathFor(name: string, params: Record<string, unknown> = {}): string {
    const pattern = this.names.get(name);
    if (pattern !== undefined) {
      try {
        return buildPath(pattern, params);
      } catch (error) {
        throw new NoMatchFound(`cannot build route "${name}": ${(error as Error).message}`);
      }
    }
    for (const { prefix, app } of this.mounts) {
      if (!(app instanceof App)) continue;
      try {
        return joinPaths(prefix, (app as App<object>).urlPathFor(name, params));
      } catch (error) {
        if (!(error instanceof NoMatchFound) || !error.message.startsWith('no route named')) throw error;
      }
    }
    throw new NoMatchFound(`no route named "${name}"`);
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
    if (record.name !== undefined) {
      const existing = this.names.get(record.name);
      if (existing !== undefined && existing.template !== pattern.template) {
        throw new RouteConflictError(`route name "${record.name}" is already used by "${existing.template}"`);
      }
      this.names.set(record.name, pattern);
    }
    this.ownRoutes.push(record);
  }

  private handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (scope.type === 'lifespan') return this.runLifespan(scope, receive, send);
    return (this.stack ??= this.buildStack())(scope, receive, send);
  }

  private buildStack(): TsgiApp {
    const table = this.table;
    const router: TsgiApp = (scope, receive, send) =>
      scope.type === 'http' ? dispatchHttp(table, scope, receive, send) : scope.type === 'websocket' ? dispatchWebSocket(table, scope, receive, send) : Promise.resolve();
    const wrapped = this.middleware.reduceRight<TsgiApp>((next, middleware) => middleware(next), router);
    if (this.middleware.length === 0) return router;
    // The outermost layer: errors raised in middleware (outside any route) still get a response.
    return async (scope, receive, send) => {
      if (scope.type !== 'http') return wrapped(scope, receive, send);
      const watcher = new StartWatcher(send);
      try {
        await wrapped(scope, receive, watcher.send);
      } catch (error) {
        if (watcher.started) throw error;
        await respondWithError(table.exceptionHandlers, table.logger, table.requestContext, scope, receive, send, error);
      }
    };
  }

  /** The lifespan conversation: startup → complete/failed, then shutdown → complete/failed. */
  private async runLifespan(scope: LifespanScope, receive: Receive, send: Send): Promise<void> {
    await receive();
    try {
      await this.startup(scope.state);
    } catch (error) {
      this.table.logger.error('tsgi: lifespan startup failed', error);
      await send({ type: 'lifespan.startup.failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    await send({ type: 'lifespan.startup.complete' });
    await receive();
    try {
      await this.shutdown();
    } catch (error) {
      this.table.logger.error('tsgi: lifespan shutdown failed', error);
      await send({ type: 'lifespan.shutdown.failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    await send({ type: 'lifespan.shutdown.complete' });
  }
}

/** `/api` + `/items` → `/api/items`; `/api` + `/` → `/api/`. */
function joinPaths(prefix: string, path: string): string {
  return prefix + path;
}
