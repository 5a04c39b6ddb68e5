/**
 * A rate limiter as a dependency: a fixed number of requests per window and key.
 *
 * Fixed windows are the simplest limiter a reader can check by hand: each key (by default the
 * client's address) gets `limit` requests per `windowMs`; the next one is a 429 whose
 * `Retry-After` says, in whole seconds, when its window ends. State lives in one Map in this
 * process (per worker); expired windows are dropped when their key is seen again or on sweep.
 */
import { HTTPException } from '../errors.js';
import { dependency, type Dependency } from '../dependencies/dependency.js';
import type { Connection } from '../validation/declaration.js';

/** Options of `rateLimit`. */
export interface RateLimitOptions {
  /** Requests allowed per key in one window; the next one gets a 429. */
  limit: number;
  /** The window's length in milliseconds; counts start over when it ends. */
  windowMs: number;
  /** Who is counted (default: the client address). */
  key?: (request: Connection) => string;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

/** What the dependency gives the handler: how many requests are left in the window. */
export interface RateLimitStatus {
  /** Requests this key may still make in the current window. */
  remaining: number;
  /** Milliseconds until the window ends and the count starts over. */
  resetMs: number;
}

/**
 * Limits requests per key.
 *
 * @example
 * ```ts
 * app.post('/predict', { dependencies: [rateLimit({ limit: 100, windowMs: 60_000 })] }, handler);
 * ```
 */
export function rateLimit(options: RateLimitOptions): Dependency<RateLimitStatus> {
  const windows = new Map<string, { start: number; count: number }>();
  const now = options.now ?? Date.now;
  const keyOf = options.key ?? ((request: Connection) => request.scope.client?.[0] ?? 'unknown');
  return dependency({}, ({ request }) => {
    const time = now();
    const key = keyOf(request);
    let window = windows.get(key);
    if (window === undefined || time - window.start >= options.windowMs) {
      if (windows.size > 10_000) sweep(windows, time, options.windowMs);
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    const resetMs = window.start + options.windowMs - time;
    if (window.count >= options.limit) {
      throw new HTTPException(429, `Rate limit exceeded: ${options.limit} requests per ${options.windowMs / 1000} s`,
        { 'retry-after': String(Math.max(1, Math.ceil(resetMs / 1000))) }, { code: 'rate_limited' });
    }
    window.count++;
    return { remaining: options.limit - window.count, resetMs };
  }, { name: 'rateLimit', cache: true });
}

function sweep(windows: Map<string, { start: number }>, time: number, windowMs: number): void {
  for (const [key, window] of windows) if (time - window.start >= windowMs) windows.delete(key);
}
