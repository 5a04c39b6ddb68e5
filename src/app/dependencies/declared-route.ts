/**
 * A declared route compiled into a plain handler: validation, injection, handler, response check.
 *
 * This is where the pieces meet, once, at registration: the dependency plan is built (cycles and
 * missing providers fail here, naming the route), the parameter groups of the route and all its
 * dependencies are merged and their validators compiled, and response schemas are compiled for
 * development-mode checks. The result is an ordinary `(request) => Promise<unknown>` handler that
 * part 1's router calls like any other. Per request it runs, in order:
 *
 *   read + validate parameters and body (400 / 415 / 422)
 *   → call the plan's providers (app-level, then route effects, then injected)
 *   → call the handler → check the response schema (development only, 500 on mismatch)
 *   → cleanups: after the response is sent, or at once with the error when something failed.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import type { Request } from '../request.js';
import { JSONResponse, Response } from '../responses/response.js';
import type { WebSocket } from '../websockets.js';
import type { HandlerInput, ResponseDeclaration, RouteDeclaration, WebSocketInput, InputDeclaration } from '../validation/declaration.js';
import { toErrorDetails } from '../validation/error-details.js';
import { mergeGroups, PARAMETER_PARTS, type MergedGroup, type ParameterPart } from '../validation/parameter-groups.js';
import { RequestReader } from '../validation/request-reader.js';
import { compileSchema } from '../validation/schema-compiler.js';
import { ResponseValidationError } from '../validation/validation-errors.js';
import type { Dependency } from './dependency.js';
import { buildPlan, type DependencyPlan } from './dependency-plan.js';
import { resolvePlan, runCleanups, type Cleanups } from './dependency-resolver.js';
import type { DependencyOverrides } from './overrides.js';

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

/** A compiled HTTP handler and its compiled declaration. */
export interface DeclaredHttpHandler {
  (request: Request<any>): Promise<unknown>;
  compiled: () => CompiledRoute;
}

/** Compiles a declared HTTP route into a plain handler. */
export function compileHttpRoute<D extends RouteDeclaration, S extends object>(
  declaration: D,
  handler: (input: HandlerInput<D, S>) => unknown,
  context: CompileContext,
): DeclaredHttpHandler {
  const holder = new CompiledHolder(declaration, context);
  const checks = (context.development ?? process.env.NODE_ENV !== 'production') ? compileResponseChecks(declaration) : undefined;
  const successStatus = firstSuccessStatus(declaration);
  const onCleanupError = context.onCleanupError ?? ((e: unknown) => console.error('dependency cleanup failed', e));

  const run = async (request: Request<any>): Promise<unknown> => {
    const compiled = holder.get();
    const cleanups: Cleanups = [];
    try {
      const input = await compiled.reader.read(request, request);
      const deps = await resolvePlan(compiled.plan, input, request, request.state, cleanups);
      const result = await handler({ ...input, deps, request, state: request.state } as unknown as HandlerInput<D, S>);
      const response = finish(result, successStatus, checks);
      // Generator cleanups run after the response went out, like FastAPI's `yield` dependencies.
      if (cleanups.length > 0) request.background.add(() => runCleanups(cleanups, undefined, onCleanupError));
      return response;
    } catch (error) {
      await runCleanups(cleanups, error, onCleanupError);
      throw error;
    }
  };
  return Object.assign(run, { compiled: () => holder.get() });
}

/** A compiled WebSocket handler and its compiled declaration. */
export interface DeclaredWebSocketHandler {
  (websocket: WebSocket<any>): Promise<void>;
  compiled: () => CompiledRoute;
}

/**
 * Compiles a declared WebSocket route: parameters validated and dependencies injected before the
 * handler runs; invalid parameters close the handshake with 1008 (policy violation).
 */
export function compileWebSocketRoute<D extends InputDeclaration, S extends object>(
  declaration: D,
  handler: (input: WebSocketInput<D, S>) => unknown,
  context: CompileContext,
): DeclaredWebSocketHandler {
  const holder = new CompiledHolder(declaration as RouteDeclaration, context);
  const onCleanupError = context.onCleanupError ?? ((e: unknown) => console.error('dependency cleanup failed', e));
  const run = async (websocket: WebSocket<any>): Promise<void> => {
    const compiled = holder.get();
    const cleanups: Cleanups = [];
    let input;
    try {
      input = await compiled.reader.read(websocket, undefined);
    } catch (error) {
      await websocket.close(1008, 'Invalid connection parameters');
      return;
    }
    try {
      const deps = await resolvePlan(compiled.plan, input, websocket, websocket.appState, cleanups);
      await handler({ ...input, deps, websocket, state: websocket.appState } as unknown as WebSocketInput<D, S>);
    } catch (error) {
      await runCleanups(cleanups, error, onCleanupError);
      throw error;
    }
    await runCleanups(cleanups, undefined, onCleanupError);
  };
  return Object.assign(run, { compiled: () => holder.get() });
}

type ResponseChecks = Map<number, ValidateFunction>;

function compileResponseChecks(declaration: RouteDeclaration): ResponseChecks {
  const checks: ResponseChecks = new Map();
  for (const [status, response] of Object.entries(declaration.responses ?? {})) {
    const schema = responseSchema(response);
    if (schema !== undefined) checks.set(Number(status), compileSchema(schema, 'response'));
  }
  return checks;
}

/** The schema of a response declaration, if it has one. */
export function responseSchema(response: ResponseDeclaration | undefined): TSchema | undefined {
  if (response === undefined) return undefined;
  return 'description' in response && !('type' in response) && !('anyOf' in response) && !('$ref' in response)
    ? (response as { schema?: TSchema }).schema
    : (response as TSchema);
}

/** The status a plain return value is sent with: the first declared 2xx, else 200. */
export function firstSuccessStatus(declaration: RouteDeclaration): number {
  const statuses = Object.keys(declaration.responses ?? {}).map(Number).filter((s) => s >= 200 && s < 300).sort();
  return statuses[0] ?? 200;
}

function finish(result: unknown, status: number, checks: ResponseChecks | undefined): unknown {
  if (result instanceof Response) return result;
  const check = checks?.get(status);
  if (check !== undefined && !check(result)) throw new ResponseValidationError(status, toErrorDetails('body', check.errors ?? [], result));
  return status === 200 ? result : new JSONResponse(result, { status });
}
