/**
 * A rate limiter as a dependency: a fixed number of requests per window and key.
 *
 * Fixed windows are the simplest limiter a reader can check by hand: each key (by default the
 * client's address) gets `limit` requests per `windowMs`; the next one is a 429 whose
 * `Retry-After` says, in whole seconds, when its window ends. State lives in one Map in this
 * process (per worker), oldest window first; expired ones are dropped as new windows open, and at
 * most `maxKeys` are kept.
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
  /** Most keys remembered at once (default 100,000); past it the oldest windows are forgotten. */
  maxKeys?: number;
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
  const maxKeys = options.maxKeys ?? 100_000;
  return dependency({}, ({ request }) => {
    const time = now();
    const key = keyOf(request);
    let window = windows.get(key);
    if (window === undefined || time - window.start >= options.windowMs) {
      // Deleted and set again, so the Map stays in order of window start (see `dropExpired`).
      windows.delete(key);
      dropExpired(windows, time, options.windowMs, maxKeys);
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

/**
 * Drops expired windows from the front of the Map (the oldest start), stopping at the first live
 * one, then the oldest live ones while more than `maxKeys - 1` remain. Each window is dropped
 * once, so the cost per request stays constant however many keys there are; sweeping the whole
 * Map on every new key made a flood of distinct clients quadratic (40,000 keys took ~12 s).
 * Evicting a live window only forgets that key's count, at a size no honest load reaches.
 */
function dropExpired(windows: Map<string, { start: number }>, time: number, windowMs: number, maxKeys: number): void {
  for (const [key, window] of windows) {
    if (time - window.start < windowMs && windows.size < maxKeys) return;
    windows.delete(key);
  }
}
