/**
 * A per-client rate limiter (fixed window), off unless configured.
 *
 * Each client — its API key when it sent one, else its IP address — may make `requests` prediction
 * requests per window of `windowSeconds`. The next one is refused with 429 and `Retry-After` set to
 * the seconds left in the window. A fixed window is the simplest limiter a reader can check by
 * hand; its known weakness (a burst straddling two windows can reach twice the rate) is acceptable
 * for protecting a model server. Limits are per worker process.
 */
import type { RateLimit } from '../config.js';

/** The decision for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts requests per client in the current window. */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a request from `client` and says whether it may proceed. */
  hit(client: string): RateDecision {
    const now = this.now();
    const windowMs = this.limit.windowSeconds * 1000;
    if (now - this.windowStart >= windowMs) {
      // A new window: forget every count at once, so the map never outgrows one window's clients.
      this.windowStart = now;
      this.counts = new Map();
    }
    const count = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, count);
    if (count <= this.limit.requests) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000)) };
  }
}
