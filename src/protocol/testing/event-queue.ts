/**
 * An async queue of events with timeouts: the channel between a test and an application.
 *
 * A conversation needs two of them, one per direction. `push` never waits (the test side has no
 * backpressure to model); `next` waits for an item, or for a deadline, or for the queue to end —
 * which is how a waiting test learns that the app returned or threw instead of answering.
 */

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A FIFO of items that readers can await, each read bounded by its own timeout. */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<Waiter<T>> = [];
  private endError: unknown;
  private ended = false;
  /** Once set, what every read gets after the items run out: a connection's last word. */
  private final: { item: T } | undefined;

  /** Delivers an item to the oldest waiting reader, or keeps it for the next one. */
  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.items.push(item);
      return;
    }
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    waiter.resolve(item);
  }

  /**
   * Queues `item` and keeps answering every later read with it once the other items are read —
   * the way a closed connection keeps reporting its disconnect. A later call replaces it.
   */
  pushFinal(item: T): void {
    this.final = { item };
    this.push(item);
  }

  /** Drops every item not read yet (waiting readers stay waiting). */
  clear(): void {
    this.items.length = 0;
  }

  /** Puts an item back at the front, for a reader that peeked and must not consume. */
  unshift(item: T): void {
    this.items.unshift(item);
  }

  /** Ends the queue: readers drain what is left, then get `error`. */
  end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  /** Number of items waiting to be read. */
  get size(): number {
    return this.items.length;
  }

  /**
   * Resolves with the next item. Rejects with `onTimeout()` after `timeoutMs` (no deadline when
   * `Infinity`), or with the end error once the queue has ended and is empty.
   */
  next(timeoutMs: number, onTimeout: () => Error): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    if (this.final !== undefined) return Promise.resolve(this.final.item);
    if (this.ended) return Promise.reject(this.endError);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, timer: undefined };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(onTimeout());
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }
}
