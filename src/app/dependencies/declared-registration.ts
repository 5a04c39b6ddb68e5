/**
 * Registering a declared route: the glue between `app.get(path, declaration, handler)` and the
 * route table.
 *
 * The declaration is compiled here (so a bad one fails at registration, naming the route) and
 * turned into the plain handler and `RouteOptions` the route table stores; the compiled form is
 * kept under `options.meta.declared`, where the OpenAPI emitter finds it.
 */
import type { RouteOptions } from '../route-types.js';
import type { HandlerInput, InputDeclaration, RouteDeclaration, WebSocketInput } from '../validation/declaration.js';
import type { Dependency } from './dependency.js';
import { compileHttpRoute, compileWebSocketRoute, type CompiledRoute, type DeclaredHttpHandler, type DeclaredWebSocketHandler } from './declared-route.js';
import type { DependencyOverrides } from './overrides.js';

/** A declared HTTP route's handler: it receives validated, typed input. */
export type DeclaredHandler<D extends RouteDeclaration, S extends object> = (input: HandlerInput<D, S>) => unknown;

/** A declared WebSocket route's handler. */
export type DeclaredWebSocketRouteHandler<D extends InputDeclaration, S extends object> = (input: WebSocketInput<D, S>) => unknown;

/** What an app offers the registration: its inherited dependencies and override table. */
export interface RegistrationContext {
  dependencies: readonly unknown[];
  dependencyOverrides: DependencyOverrides;
}

/** The compiled form of a route, if it was declared (`undefined` for plain handlers). */
export function declaredRoute(options: RouteOptions): CompiledRoute | undefined {
  const declared = options.meta?.declared;
  return typeof declared === 'function' ? (declared as () => CompiledRoute)() : undefined;
}

/** Compiles a declared HTTP route into the handler and options the router stores. */
export function declareHttpRoute<D extends RouteDeclaration, S extends object>(
  label: string,
  declaration: D,
  handler: DeclaredHandler<D, S>,
  app: RegistrationContext,
): { handler: DeclaredHttpHandler; options: RouteOptions } {
  const compiled = compileHttpRoute(declaration, handler, context(label, app));
  return { handler: compiled, options: optionsOf(declaration, compiled.compiled) };
}

/** Compiles a declared WebSocket route into the handler and options the router stores. */
export function declareWebSocketRoute<D extends InputDeclaration, S extends object>(
  label: string,
  declaration: D & Pick<RouteDeclaration, 'name'>,
  handler: DeclaredWebSocketRouteHandler<D, S>,
  app: RegistrationContext,
): { handler: DeclaredWebSocketHandler; options: RouteOptions } {
  const compiled = compileWebSocketRoute(declaration, handler, context(label, app));
  return { handler: compiled, options: optionsOf(declaration, compiled.compiled) };
}

function context(label: string, app: RegistrationContext) {
  return { route: label, inherited: app.dependencies as Dependency<any>[], overrides: app.dependencyOverrides };
}

function optionsOf(declaration: RouteDeclaration, compiled: () => CompiledRoute): RouteOptions {
  const options: RouteOptions = { meta: { declared: compiled } };
  if (declaration.name !== undefined) options.name = declaration.name;
  if (declaration.summary !== undefined) options.summary = declaration.summary;
  if (declaration.description !== undefined) options.description = declaration.description;
  if (declaration.tags !== undefined) options.tags = declaration.tags;
  if (declaration.operationId !== undefined) options.operationId = declaration.operationId;
  if (declaration.includeInSchema !== undefined) options.includeInSchema = declaration.includeInSchema;
  return options;
}
