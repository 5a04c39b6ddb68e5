/**
 * The `Router` interface: the small contract both route matchers implement.
 *
 * A router stores values (the framework stores route targets: a record and its handler, see
 * `route-dispatch.ts`) under path templates and finds the one that matches a path. It knows
 * nothing of HTTP beyond methods: 404, 405, HEAD, OPTIONS and
 * redirects are decided by the dispatcher that reads a match (see `route-dispatch.ts`). Two
 * implementations exist — `TreeRouter` (fast) and `LinearRouter` (for reading) — and one contract
 * test suite (`test/app/routing/router-contract.ts`) runs against both.
 *
 * Precedence when several templates match, segment by segment from the left:
 * static text, then `int`, `float`, `uuid`, `str` placeholders, then a `path` tail, then a mount.
 */
import type { PathParams, PathPattern } from './path-pattern.js';

/** Everything registered under one template: one value per method. */
export interface Endpoint<T> {
  /** The parsed template all these methods share. */
  readonly pattern: PathPattern;
  /** The registered value for each upper-case method; a miss here is a 405, not a 404. */
  readonly byMethod: Map<string, T>;
  /** The `Allow` header for this template, kept up to date as methods are added. */
  allow: string;
}

/** A mount: everything under a prefix belongs to another app. */
export interface MountPoint<T> {
  /** The prefix template; it may hold placeholders (`/users/{id}`). */
  readonly pattern: PathPattern;
  /** What is mounted there, typically another TSGI app. */
  readonly value: T;
}

/** What a successful lookup returns. */
export type RouteMatch<T> =
  | {
      /** The whole path matched a route template. */
      readonly kind: 'endpoint';
      /** The matched template's methods; the caller picks by method. */
      readonly endpoint: Endpoint<T>;
      /** Converted placeholder values. */
      readonly params: PathParams;
    }
  | {
      /** A mount's prefix matched; the rest of the path belongs to the mounted app. */
      readonly kind: 'mount';
      /** The mount that matched. */
      readonly mount: MountPoint<T>;
      /** Converted placeholder values from the prefix. */
      readonly params: PathParams;
      /** The part of the path the mount's prefix consumed, e.g. `/static`. */
      readonly matchedPrefix: string;
    };

/** The interface shared by `TreeRouter` and `LinearRouter`. */
export interface Router<T> {
  /** Registers `value` for `method` under `template`; throws `RouteConflictError` on overlap. */
  add(template: string, method: string, value: T): Endpoint<T>;
  /** Registers a mount under a prefix template (no trailing slash, `/` not allowed). */
  mount(prefix: string, value: T): MountPoint<T>;
  /** Finds the most specific match for a percent-decoded path, or `null`. */
  match(path: string): RouteMatch<T> | null;
}

/** Methods listed in `Allow`: the registered ones, plus HEAD with GET, plus OPTIONS (answered for every route). */
export function allowHeader(methods: Iterable<string>): string {
  const set = new Set(methods);
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS');
  return [...set].sort().join(', ');
}

/** Checks a mount prefix template; shared so both routers refuse the same prefixes. */
export function checkMountPrefix(prefix: string): void {
  if (prefix === '/' || prefix.endsWith('/') || !prefix.startsWith('/')) {
    throw new TypeError(`mount prefix "${prefix}" must start with "/" and not end with "/"`);
  }
}
