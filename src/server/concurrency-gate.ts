/**
 * The concurrency limit: at most `limit` requests run the app at once, at most `queueSize` wait,
 * and the rest are refused at once (the caller answers 503 with `Retry-After`).
 *
 * Where it sits: between reading a request head and calling the app. Queueing a little absorbs a
 * burst without failing it; refusing beyond a bounded queue keeps latency and memory bounded when
 * load stays above capacity ("queue, reject, or degrade": we queue, then reject).
 */

/** A unit of work waiting for a slot. `cancelled` is set when its client leaves while queued. */
export interface GateTicket {
  run(): void;
  cancelled: boolean;
}

/** Counts running work and hands free slots to queued work in arrival order. */
export class ConcurrencyGate {
  private running = 0;
  private waiting: GateTicket[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly queueSize: number,
  ) {}

  /**
   * Runs `ticket` now if a slot is free, queues it if the queue has room, or returns `false`
   * (refused). The caller must call `release()` once per ticket that ran.
   */
  admit(ticket: GateTicket): boolean {
    if (this.running < this.limit) {
      this.running += 1;
      ticket.run();
      return true;
    }
    if (this.waiting.length - this.head >= this.queueSize && this.dropCancelled() === 0) return false;
    this.waiting.push(ticket);
    return true;
  }

  /**
   * Removes queued tickets whose client left; returns how many. Run only when the queue looks
   * full: otherwise clients that queue and hang up at once (cheap for an attacker while every
   * slot is busy) would fill it with dead entries and have every real request refused.
   */
  private dropCancelled(): number {
    // Counted first, so a queue full of live requests (steady overload) allocates nothing per refusal.
    let cancelled = 0;
    for (let i = this.head; i < this.waiting.length; i++) if (this.waiting[i]!.cancelled) cancelled += 1;
    if (cancelled === 0) return 0;
    this.waiting = this.waiting.slice(this.head).filter((ticket) => !ticket.cancelled);
    this.head = 0;
    return cancelled;
  }

  /** Frees a slot and starts the oldest queued ticket that is still wanted. */
  release(): void {
    this.running -= 1;
    while (this.head < this.waiting.length) {
      const ticket = this.waiting[this.head]!;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      if (ticket.cancelled) continue;
      this.running += 1;
      ticket.run();
      return;
    }
  }

  /** Work running now. */
  get active(): number {
    return this.running;
  }

  /** Work waiting now (cancelled tickets included until they reach the front). */
  get queued(): number {
    return this.waiting.length - this.head;
  }
}
