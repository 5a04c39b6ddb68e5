/**
 * Route declarations: what a route reads from a request, written once as TypeBox schemas.
 *
 * The same object serves three readers, so they cannot drift apart: the validator compiled at
 * registration, the handler's static types (through TypeBox's `Static<>`), and the OpenAPI emitter.
 * A declaration names the request parts it reads (path, query, header, cookie parameters and a
 * JSON body), the dependencies it wants injected, and the responses it may send.
 */
import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import type { Request } from '../request.js';
import type { WebSocket } from '../websockets.js';
import type { Dependency, DependencyValue } from '../dependencies/dependency.js';

/** A group of parameters: a `Type.Object(...)` or just its properties (`{ id: Type.Integer() }`). */
export type ParameterGroup = TObject | TProperties;

/** The static type of a parameter group (an empty object when the group is not declared). */
export type StaticGroup<G> = G extends TObject ? Static<G> : G extends TProperties ? Static<TObject<G>> : Record<string, never>;

/** The request parts a route or a dependency reads, and the dependencies it has injected. */
export interface InputDeclaration {
  params?: ParameterGroup;
  query?: ParameterGroup;
  /** Property `user_agent` reads header `user-agent` (underscores become hyphens, as in FastAPI). */
  headers?: ParameterGroup;
  cookies?: ParameterGroup;
  inject?: Record<string, Dependency<any>>;
}

/** A response a route may send: a schema, or a schema with its description. */
export type ResponseDeclaration = TSchema | { schema?: TSchema; description: string };

/** Everything a route declares. */
export interface RouteDeclaration extends InputDeclaration {
  /** The JSON body's schema. */
  body?: TSchema;
  /** An empty body is a 422 unless this is `false` (default `true` when `body` is declared). */
  bodyRequired?: boolean;
  /** Unknown body keys are removed (`'ignore'`, default) or rejected by `additionalProperties: false` (`'forbid'`). */
  extraBody?: 'ignore' | 'forbid';
  /** Dependencies run for their effect (auth, limits) whose values the handler does not need. */
  dependencies?: Dependency<any>[];
  /** Schemas of the responses by status code; the first 2xx one documents the default response. */
  responses?: Record<number, ResponseDeclaration>;
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  name?: string;
  deprecated?: boolean;
  includeInSchema?: boolean;
}

/** Any HTTP request or WebSocket session: what a dependency may be handed. */
export type Connection = Request<any> | WebSocket<any>;

/** What a dependency receives: its declared parameters, its injected dependencies, the connection and lifespan state. */
export interface DependencyInput<D extends InputDeclaration, S = Record<string, unknown>> {
  params: StaticGroup<D['params']>;
  query: StaticGroup<D['query']>;
  headers: StaticGroup<D['headers']>;
  cookies: StaticGroup<D['cookies']>;
  deps: InjectedValues<D['inject']>;
  request: Connection;
  state: S;
}

/** The values of an `inject` map, by name. */
export type InjectedValues<I> = I extends Record<string, Dependency<any>> ? { [K in keyof I]: DependencyValue<I[K]> } : Record<string, never>;

/** What a declared HTTP handler receives: validated, coerced, typed input. */
export interface HandlerInput<D extends RouteDeclaration, S extends object = Record<string, unknown>>
  extends Omit<DependencyInput<D, S>, 'request'> {
  body: D['body'] extends TSchema ? (D['bodyRequired'] extends false ? Static<D['body']> | undefined : Static<D['body']>) : undefined;
  request: Request<S>;
}

/** What a declared WebSocket handler receives. */
export interface WebSocketInput<D extends InputDeclaration, S extends object = Record<string, unknown>>
  extends Omit<DependencyInput<D, S>, 'request'> {
  websocket: WebSocket<S>;
}
