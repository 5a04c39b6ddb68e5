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
  /** Path parameters, by the names used in the path pattern (`/items/{id}` → `id`). */
  params?: ParameterGroup;
  /** Query-string parameters; a parameter declared as an array collects repeated keys. */
  query?: ParameterGroup;
  /** Property `user_agent` reads header `user-agent` (underscores become hyphens, as in FastAPI). */
  headers?: ParameterGroup;
  /** Cookies, by cookie name. */
  cookies?: ParameterGroup;
  /** Dependencies whose values arrive under `deps`, by the key given here. */
  inject?: Record<string, Dependency<any>>;
}

/** A response a route may send: a schema, or a schema with its description. */
export type ResponseDeclaration = TSchema | {
  /** The body's schema; left out for a response without a body (e.g. 204). */
  schema?: TSchema;
  /** The text the OpenAPI document shows for this status. */
  description: string;
};

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
  /** One line for the operation in the OpenAPI document. */
  summary?: string;
  /** Longer text for the operation (Markdown, as Swagger UI renders it). */
  description?: string;
  /** Groups the operation under these headings in the docs. */
  tags?: string[];
  /** A stable id for client generators; by default one is derived from the route name, path and method. */
  operationId?: string;
  /** The route's name, for `app.urlPathFor(name, ...)`. */
  name?: string;
  /** Marks the operation deprecated in the OpenAPI document; the route still serves. */
  deprecated?: boolean;
  /** `false` leaves the route out of the OpenAPI document (it still serves). */
  includeInSchema?: boolean;
  /**
   * `false` when an exception handler answers this route's validation errors in a shape of its
   * own (declare that response in `responses`): the document then lists no generated 422.
   */
  documentValidationErrors?: boolean;
}

/** Any HTTP request or WebSocket session: what a dependency may be handed. */
export type Connection = Request<any> | WebSocket<any>;

/** What a dependency receives: its declared parameters, its injected dependencies, the connection and lifespan state. */
export interface DependencyInput<D extends InputDeclaration, S = Record<string, unknown>> {
  /** The declared path parameters, validated and coerced. */
  params: StaticGroup<D['params']>;
  /** The declared query parameters, validated and coerced (defaults filled in). */
  query: StaticGroup<D['query']>;
  /** The declared headers, under their underscore names. */
  headers: StaticGroup<D['headers']>;
  /** The declared cookies, validated. */
  cookies: StaticGroup<D['cookies']>;
  /** The values of the dependencies named under `inject`. */
  deps: InjectedValues<D['inject']>;
  /** The HTTP request or WebSocket session being served, for what the declaration cannot say. */
  request: Connection;
  /** The state the lifespan set up, shared by every request. */
  state: S;
}

/** The values of an `inject` map, by name. */
export type InjectedValues<I> = I extends Record<string, Dependency<any>> ? { [K in keyof I]: DependencyValue<I[K]> } : Record<string, never>;

/** What a declared HTTP handler receives: validated, coerced, typed input. */
export interface HandlerInput<D extends RouteDeclaration, S extends object = Record<string, unknown>>
  extends Omit<DependencyInput<D, S>, 'request'> {
  /** The parsed, validated JSON body (`undefined` when none is declared, or an optional one was empty). */
  body: D['body'] extends TSchema ? (D['bodyRequired'] extends false ? Static<D['body']> | undefined : Static<D['body']>) : undefined;
  /** The request itself, for anything the declaration does not cover. */
  request: Request<S>;
}

/** What a declared WebSocket handler receives. */
export interface WebSocketInput<D extends InputDeclaration, S extends object = Record<string, unknown>>
  extends Omit<DependencyInput<D, S>, 'request'> {
  /** The session to accept, talk on and close. */
  websocket: WebSocket<S>;
}
