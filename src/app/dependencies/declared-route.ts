/**
 * A declared route compiled into a plain handler: validation, injection, handler, response check.
 *
 * This is where the pieces meet, once, at registration: the dependency plan is built (cycles and
 * missing providers fail here, naming the route), the parameter groups of the route and all its
 * dependencies are merged and their validators compiled, and the success response's schema is
 * compiled into the serialiser of plain return values (and, in development, a check of them).
 * The result is an ordinary `(request) => unknown` handler that the router
 * (`routing/route-dispatch.ts`) calls like any other. Per request it runs, in FastAPI's order:
 *
 *   read + validate path, query, header and cookie parameters (errors kept, not thrown yet)
 *   → call the plan's providers (app-level, router-level, route effects, then injected):
 *     auth and limits answer 401 / 403 / 429 here, before anything about the body
 *   → read + validate the body (415 / 400 at once; schema errors join the parameters' in one 422)
 *   → call the handler → check the response schema (development only, 500 on mismatch)
 *   → cleanups: after the response is sent, or at once with the error when something failed.
 *
 * A route without a body whose providers all answer synchronously (auth checks, lookups in
 * lifespan state) takes a synchronous path with no promise of its own.
 */
import type { Request } from '../request.js';
import type { JsonSerializer } from '../responses/json-serializer.js';
import type { WebSocket } from '../websockets.js';
import type { HandlerInput, RouteDeclaration, WebSocketInput, InputDeclaration } from '../validation/declaration.js';
import { mergeGroups, PARAMETER_PARTS, type MergedGroup, type ParameterPart } from '../validation/parameter-groups.js';
import { RequestReader, type ReadParameters } from '../validation/request-reader.js';
import { RequestValidationError } from '../validation/validation-errors.js';
import { HTTPException } from '../errors.js';
import type { Dependency } from './dependency.js';
import { buildPlan, type DependencyPlan } from './dependency-plan.js';
import { ResponseFinisher } from './declared-response.js';
import { resolvePlan, runCleanups, type Cleanups } from './dependency-resolver.js';
import type { DependencyOverrides } from './overrides.js';

export { firstSuccessStatus, responseSchema } from './declared-response.js';

/** What the app hands the compiler. */
export interface CompileContext {
  /** `GET /items/{id}`: how errors name the route. */
  route: string;
  /** App- and router-level dependencies, run before the route's own. */
  inherited: ReadonlyArray<Dependency<any>>;
  overrides?: DependencyOverrides;
  /** Check responses against their schemas (default: `NODE_ENV !== 'production'`). */
  development?: boolean;
  /** Where cleanup errors go. */
  onCleanupError?: (error: unknown) => void;
}

/** The compiled form the OpenAPI emitter reads (stored on the route's `options.meta.declared`). */
export interface CompiledRoute {
  declaration: RouteDeclaration;
  plan: DependencyPlan;
  groups: Record<ParameterPart, MergedGroup>;
  reader: RequestReader;
}

/** A compiled handler (HTTP or WebSocket) and a getter for its current compiled declaration. */
export type CompiledHandler<C, R> = ((connection: C) => R) & { compiled: () => CompiledRoute };

/** The HTTP form of a compiled handler, with the serialiser for its plain return values. */
export type DeclaredHttpHandler = CompiledHandler<Request<any>, unknown> & { serializeJson: JsonSerializer };

/** The WebSocket form of a compiled handler. */
export type DeclaredWebSocketHandler = CompiledHandler<WebSocket<any>, Promise<void>>;

/** Compiles the parts that depend on the override table (plan, merged groups, validators). */
export function compileDeclaration(declaration: RouteDeclaration, context: CompileContext): CompiledRoute {
  const effects = [...context.inherited, ...(declaration.dependencies ?? [])];
  const plan = buildPlan(context.route, declaration.inject ?? {}, effects, context.overrides);
  const declarations: InputDeclaration[] = [declaration, ...plan.steps.map((s) => s.dependency.declaration)];
  const groups = Object.fromEntries(PARAMETER_PARTS.map((part) => [part, mergeGroups(context.route, part, declarations)])) as Record<ParameterPart, MergedGroup>;
  const reader = new RequestReader(groups, declaration.body, declaration.bodyRequired ?? true, declaration.extraBody ?? 'ignore');
  return { declaration, plan, groups, reader };
}

/** Keeps a compiled route current with the override table: recompiles once after each change. */
class CompiledHolder {
  private version: number;
  current: CompiledRoute;
  constructor(private readonly declaration: RouteDeclaration, private readonly context: CompileContext) {
    this.current = compileDeclaration(declaration, context);
    this.version = context.overrides?.version ?? 0;
  }
  get(): CompiledRoute {
    const overrides = this.context.overrides;
    if (overrides !== undefined && overrides.version !== this.version) {
      this.current = compileDeclaration(this.declaration, this.context);
      this.version = overrides.version;
    }
    return this.current;
  }
}

/** Handlers given no `inject` map receive this (frozen: one object shared by every request). */
const NO_DEPS: Record<string, unknown> = Object.freeze({});

/** The cleanups of a route without dependencies: always empty, as nothing can be pushed to it. */
const NO_CLEANUPS: Cleanups = [];

type Deps = Record<string, unknown> | Promise<Record<string, unknown>>;

/** Compiles a declared HTTP route into a plain handler. */
export function compileHttpRoute<D extends RouteDeclaration, S extends object>(
  declaration: D,
  handler: (input: HandlerInput<D, S>) => unknown,
  context: CompileContext,
): DeclaredHttpHandler {
  const holder = new CompiledHolder(declaration, context);
  const finisher = new ResponseFinisher(declaration, context.development ?? process.env.NODE_ENV !== 'production');
  const onCleanupError = cleanupErrorSink(context);
  const callHandler = (request: Request<any>, input: ReadParameters, deps: Record<string, unknown>, body: unknown): unknown => {
    const { params, query, headers, cookies } = input;
    const result = handler({ params, query, headers, cookies, body, deps, request, state: request.state } as HandlerInput<D, S>);
    return result instanceof Promise ? result.then((value) => finisher.finish(value)) : finisher.finish(result);
  };

  const callWithBody = (request: Request<any>, compiled: CompiledRoute, input: ReadParameters, deps: Record<string, unknown>, bytes: Uint8Array): unknown => {
    const body = compiled.reader.parseBody(bytes, request.scope.headers, input.errors);
    return callHandler(request, input, deps, body);
  };

  // A provider that answered with a promise: the path that awaits, and may have generator
  // cleanups to run.
  const runAsync = async (request: Request<any>, compiled: CompiledRoute, input: ReadParameters, pending: Deps, cleanups: Cleanups): Promise<unknown> => {
    try {
      const deps = pending instanceof Promise ? await pending : pending;
      let response: unknown;
      if (compiled.reader.readsBody) {
        response = callWithBody(request, compiled, input, deps, await request.bytes());
      } else if (input.errors !== null) {
        throw new RequestValidationError(input.errors);
      } else {
        response = callHandler(request, input, deps, undefined);
      }
      if (response instanceof Promise) response = await response;
      // Generator cleanups run after the response went out, like FastAPI's `yield` dependencies,
      // and also when sending it fails (then with that error), so nothing they hold leaks.
      if (cleanups.length > 0) request.addCleanup((error) => runCleanups(cleanups, error, onCleanupError));
      return response;
    } catch (error) {
      await runCleanups(cleanups, error, onCleanupError);
      throw error;
    }
  };

  const run = (request: Request<any>): unknown => {
    const compiled = holder.get();
    const input = compiled.reader.readParameters(request);
    let deps: Deps = NO_DEPS;
    let cleanups = NO_CLEANUPS;
    if (compiled.plan.steps.length > 0) {
      cleanups = [];
      // A provider throwing here threw before any generator started (a generator makes the plan
      // asynchronous), so there is nothing to clean up yet.
      deps = resolvePlan(compiled.plan, input, request, request.state, cleanups, input.errors);
    }
    if (deps instanceof Promise) return runAsync(request, compiled, input, deps, cleanups);
    // Every provider answered synchronously, so none was a generator and there is nothing to clean
    // up: a body is awaited with one `then`, lighter than suspending `runAsync` (whose frame holds
    // every local) while the body arrives.
    if (compiled.reader.readsBody) return request.bytes().then((bytes) => callWithBody(request, compiled, input, deps, bytes));
    // No body to wait for: the handler is called right here, and a handler answering with a plain
    // value leaves this route without a promise of its own.
    if (input.errors !== null) throw new RequestValidationError(input.errors);
    return callHandler(request, input, deps, undefined);
  };
  return Object.assign(run, { compiled: () => holder.get(), serializeJson: finisher.serialize });
}

/**
 * Compiles a declared WebSocket route: parameters validated and dependencies injected before the
 * handler runs; invalid parameters close the handshake with 1008 (policy violation), and a
 * dependency raising an `HTTPException` (auth, a rate limit) denies it with its status.
 */
export function compileWebSocketRoute<D extends InputDeclaration, S extends object>(
  declaration: D,
  handler: (input: WebSocketInput<D, S>) => unknown,
  context: CompileContext,
): DeclaredWebSocketHandler {
  const holder = new CompiledHolder(declaration as RouteDeclaration, context);
  const onCleanupError = cleanupErrorSink(context);
  const run = async (websocket: WebSocket<any>): Promise<void> => {
    const compiled = holder.get();
    const input = compiled.reader.readParameters(websocket);
    if (input.errors !== null) {
      await websocket.close(1008, 'Invalid connection parameters');
      return;
    }
    const cleanups: Cleanups = [];
    let deps: Record<string, unknown>;
    try {
      deps = await resolvePlan(compiled.plan, input, websocket, websocket.appState, cleanups);
    } catch (error) {
      await runCleanups(cleanups, error, onCleanupError);
      if (!(error instanceof HTTPException) || websocket.state === 'connected' || websocket.state === 'closed') throw error;
      // A dependency refused the session (no credentials, a limit): the handshake is denied with
      // the exception's status and headers (401 + WWW-Authenticate, 429 + Retry-After), or closed
      // with 1008 where the server cannot send a denial response; a refusal, not an error to log.
      await websocket.deny(error);
      return;
    }
    try {
      const { params, query, headers, cookies } = input;
      await handler({ params, query, headers, cookies, deps, websocket, state: websocket.appState } as WebSocketInput<D, S>);
    } catch (error) {
      await runCleanups(cleanups, error, onCleanupError);
      throw error;
    }
    await runCleanups(cleanups, undefined, onCleanupError);
  };
  return Object.assign(run, { compiled: () => holder.get() });
}

function cleanupErrorSink(context: CompileContext): (error: unknown) => void {
  return context.onCleanupError ?? ((error: unknown) => console.error('dependency cleanup failed', error));
}
