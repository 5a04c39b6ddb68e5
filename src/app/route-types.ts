/**
 * The route table's types: what one registration records.
 *
 * This is the seam between the framework's core and everything that reads routes after
 * registration (the OpenAPI emitter, the docs pages, a handler looking at `request.route`): a route
 * is its path template, methods, handler and options, stored as-is. A declared route's options are
 * made from its declaration, its compiled form kept under `meta.declared` for the emitter, so
 * validation and the document read one source. `app.routes` lists these records.
 */
import type { App as TsgiApp } from '../protocol/app.js';
import type { Request } from './request.js';
import type { WebSocket } from './websockets.js';

/** Options given when a route is registered; stored unchanged on the route. */
export interface RouteOptions {
  /** Unique within an app; used by `urlPathFor`. */
  name?: string;
  /** One-line title of the operation in the OpenAPI document. */
  summary?: string;
  /** Longer explanation for the OpenAPI document (Markdown allowed). */
  description?: string;
  /** Groups the operation under these headings in the docs UI. */
  tags?: string[];
  /** Stable OpenAPI `operationId` (used by client generators); derived from the route when omitted. */
  operationId?: string;
  /** `false` hides the route from generated API documents. */
  includeInSchema?: boolean;
  /** Free-form data for code that reads the route table (validation, dependencies, docs). */
  meta?: Record<string, unknown>;
}

/** An HTTP route handler: a `Response` is sent as is, anything else as JSON with status 200. */
export type RouteHandler<S extends object = Record<string, unknown>> = (request: Request<S>) => unknown | Promise<unknown>;

/** A WebSocket route handler: it owns the session until it returns. */
export type WebSocketHandler<S extends object = Record<string, unknown>> = (websocket: WebSocket<S>) => Promise<void> | void;

/** One entry of `app.routes`. */
export interface RouteRecord {
  /**
   * The path template as seen from the app whose `routes` listed it: an included router's prefix
   * is part of it, and a mounted app's routes come with the mount prefix in front.
   */
  path: string;
  /** Methods for HTTP routes (`['GET']`), `[]` for WebSocket routes and mounts. */
  methods: string[];
  /** The route's name from its options, if it has one. */
  name?: string;
  /** Records hold handlers written for any lifespan state type, hence `any`. */
  handler: RouteHandler<any> | WebSocketHandler<any> | TsgiApp;
  /** The options given at registration, kept for the docs and the other readers of the table. */
  options: RouteOptions;
  /** What the handler is: an HTTP handler, a WebSocket handler, or a mounted TSGI app. */
  kind: 'http' | 'websocket' | 'mount';
}
