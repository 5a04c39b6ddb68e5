/**
 * A dependency: a function whose inputs are declared as data, resolved for each request.
 *
 * There is no reflection: a dependency says what it reads (`query`, `headers`, ... as schemas,
 * other dependencies under `inject`) in the same declaration form a route uses, and the
 * dependency plan (see `dependency-plan.ts`) wires it at registration. A provider returns a value,
 * a promise, or is an async generator: it yields the value and its code after `yield` is the
 * cleanup, run after the response was sent (or, when the handler fails, before the error response,
 * with the error thrown in at the `yield`).
 */
import type { DependencyInput, InputDeclaration } from '../validation/declaration.js';
import type { SecurityScheme } from '../openapi/security-scheme.js';

/** The value a provider's result stands for: what it yields, or what its promise resolves to. */
export type Provided<R> = R extends AsyncGenerator<infer T, any, any> ? T : Awaited<R>;

/** A dependency producing values of type `T`. */
export interface Dependency<T> {
  /** Tells a dependency apart from a plain value in an `inject` map. */
  readonly kind: 'dependency';
  /** Shown in startup errors (a cycle, a missing provider). */
  readonly name: string;
  /** What the provider reads from the request and which dependencies it has injected. */
  readonly declaration: InputDeclaration;
  /** Produces the value: returns it, resolves to it, or yields it from an async generator. */
  readonly provide: (input: DependencyInput<any, any>) => unknown;
  /** `false`: called once per use instead of once per request. */
  readonly cache: boolean;
  /** Set by auth dependencies so the OpenAPI document lists the scheme and the routes using it. */
  readonly security?: {
    /** The scheme listed under `components.securitySchemes`. */
    scheme: SecurityScheme;
    /** Scopes the route requires, listed in its `security` requirement. */
    scopes: string[];
  };
}

/** The value type of a dependency. */
export type DependencyValue<D> = D extends Dependency<infer T> ? T : never;

/** Options of `dependency(...)`. */
export interface DependencyOptions {
  /** Shown in startup errors (default: the provider function's name). */
  name?: string;
  /** `false`: call the provider once per use instead of once per request (default `true`). */
  cache?: boolean;
  /** Makes routes using this dependency require a security scheme in the OpenAPI document. */
  security?: {
    /** The scheme listed under `components.securitySchemes`. */
    scheme: SecurityScheme;
    /** Scopes the route requires (default none). */
    scopes?: string[];
  };
}

/**
 * Declares a dependency.
 *
 * @example
 * ```ts
 * const pagination = dependency(
 *   { query: { limit: Type.Integer({ minimum: 1, default: 10 }) } },
 *   ({ query }) => ({ limit: query.limit }),
 * );
 * const session = dependency({}, async function* ({ state }) {
 *   const db = state.pool.acquire();
 *   try { yield db; } finally { db.release(); }
 * });
 * ```
 */
export function dependency<const D extends InputDeclaration, R, S = any>(
  declaration: D,
  provide: (input: DependencyInput<D, S>) => R,
  options: DependencyOptions = {},
): Dependency<Provided<R>> {
  return {
    kind: 'dependency',
    name: options.name ?? (provide.name || 'anonymous dependency'),
    declaration,
    provide: provide as (input: DependencyInput<any, any>) => unknown,
    cache: options.cache ?? true,
    ...(options.security === undefined ? {} : { security: { scheme: options.security.scheme, scopes: options.security.scopes ?? [] } }),
  };
}

/** True for what an async generator function returns. */
export function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  return typeof value === 'object' && value !== null
    && typeof (value as AsyncGenerator).next === 'function' && Symbol.asyncIterator in value;
}
