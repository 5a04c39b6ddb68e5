/**
 * MicroBatcher: coalesces concurrent prediction requests into one model run.
 *
 * onnxruntime has a fixed cost per `run` (see docs/classifier.md and shared/PERFORMANCE.md), so
 * twenty requests answered by one run of twenty rows cost little more than one request. But a
 * classic batcher that waits a few milliseconds "for company" makes a lone request slower. This
 * one is adaptive:
 *
 *   idle     — nothing running: the request is dispatched at once (after the current microtask, so
 *              requests submitted in the same tick still share a run). `maxWaitMs > 0` opts in to
 *              lingering for company instead, up to that long or until the batch is full.
 *   running  — a run is in flight: new requests queue; when the run finishes and its answers
 *              have left, everything queued (up to `maxBatchSize` items) goes in the next run.
 *
 * So batching costs nothing when traffic is light and grows the batch exactly as fast as the model
 * falls behind. Sharing a run must not mean sharing a fault: when a run of several requests fails,
 * each request is run again on its own, so one input that breaks the model fails only its request.
 * The queue is bounded (`maxQueue` items): past it `submit` throws `OverloadedError` at once,
 * which routes turn into 503 + Retry-After — latency never grows without bound.
 *
 * Where it sits: route handler (REST, WebSocket, V2) → `submit(items)` → here → `run(rows)` (the
 * Predictor) → results split back per request, in order.
 */
import { BatcherClosedError, OverloadedError } from '../errors.js';

/** Settings of a MicroBatcher. */
export interface MicroBatcherOptions {
  /** Coalesce at all (default `true`); `false` runs every request on its own, concurrently. */
  enabled?: boolean;
  /** Largest number of items in one run (default 64); a single larger request still runs whole. */
  maxBatchSize?: number;
  /** How long an idle batcher lingers for company, in ms (default 0: dispatch at once). */
  maxWaitMs?: number;
  /** Largest number of items waiting (not running) before requests are refused (default 4096). */
  maxQueue?: number;
  /** Seconds a refused client is told to wait, for `Retry-After` (default 1). */
  retryAfterSeconds?: number;
  /** Called after each run with its size, for metrics. */
  onBatch?: (size: number, durationMs: number) => void;
  /** Called whenever the number of waiting items changes, for metrics. */
  onQueueDepth?: (depth: number) => void;
}

/** Counters a batcher keeps about itself. */
export interface MicroBatcherStats {
  runs: number;
  items: number;
  largestBatch: number;
  /** Shared runs that failed and were retried request by request. */
  isolations: number;
  queued: number;
}

/** One request waiting to run: its items and how to answer it. */
interface Pending<I, O> {
  items: I[];
  resolve: (outputs: O[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces `submit` calls into runs of `run`.
 *
 * @example
 * ```ts
 * const batcher = new MicroBatcher((rows: Item[]) => predictor.predict(rows), { maxBatchSize: 32 });
 * const [result] = await batcher.submit([{ title: 'Transformers for text' }]);
 * ```
 */
export class MicroBatcher<I, O> {
  private readonly run: (items: I[]) => Promise<O[]>;
  private readonly enabled: boolean;
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly maxQueue: number;
  private readonly retryAfterSeconds: number;
  private readonly onBatch: ((size: number, durationMs: number) => void) | undefined;
  private readonly onQueueDepth: ((depth: number) => void) | undefined;
  private queue: Pending<I, O>[] = [];
  private queuedItems = 0;
  private running = 0;
  private runningItems = 0;
  private scheduled = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly counters = { runs: 0, items: 0, largestBatch: 0, isolations: 0 };

  constructor(run: (items: I[]) => Promise<O[]>, options: MicroBatcherOptions = {}) {
    this.run = run;
    this.enabled = options.enabled ?? true;
    this.maxBatchSize = options.maxBatchSize ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.maxQueue = options.maxQueue ?? 4096;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.onBatch = options.onBatch;
    this.onQueueDepth = options.onQueueDepth;
  }

  /**
   * Predicts `items`, sharing a run with other requests when the model is busy.
   * Resolves with one output per item, in order; throws `OverloadedError` when the queue is full.
   */
  submit(items: I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new BatcherClosedError());
    // When disabled, the "queue" is the set of requests running at once: the same bound applies.
    const waiting = this.enabled ? this.queuedItems : this.queuedItems + this.runningItems;
    if (waiting > 0 && waiting + items.length > this.maxQueue) {
      return Promise.reject(new OverloadedError(waiting, this.retryAfterSeconds));
    }
    if (!this.enabled) return this.runAlone(items);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.setQueued(this.queuedItems + items.length);
      this.schedule();
    });
  }

  /** Counters since creation. */
  stats(): MicroBatcherStats {
    return { ...this.counters, queued: this.queuedItems };
  }

  /** Refuses new work, fails what is still queued, and waits for runs in flight to finish. */
  async close(): Promise<void> {
    this.closed = true;
    const dropped = this.queue;
    this.queue = [];
    this.setQueued(0);
    for (const pending of dropped) pending.reject(new BatcherClosedError());
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Decides when the queue leaves. Idle: at once (a microtask), or after `maxWaitMs` when set.
   * After a run: at the end of this event-loop turn (`setImmediate`), not at once. The finished
   * run's answers are still travelling through their handlers' awaits; featurizing the next batch
   * now would block the thread in front of them. Waiting for the turn's end lets them leave first,
   * and lets the requests that arrived during the run be read from their sockets and join the batch.
   */
  private schedule(afterRun = false): void {
    if (this.running > 0 || this.scheduled) return;
    this.scheduled = true;
    if (afterRun) {
      setImmediate(() => this.dispatch());
    } else if (this.maxWaitMs > 0 && this.queuedItems < this.maxBatchSize) {
      setTimeout(() => this.dispatch(), this.maxWaitMs);
    } else {
      // A microtask, not a timer: same-tick submissions join, and a lone request loses no time.
      queueMicrotask(() => this.dispatch());
    }
  }

  /** Takes whole requests from the queue up to `maxBatchSize` items (at least one) and runs them. */
  private dispatch(): void {
    this.scheduled = false;
    if (this.queue.length === 0 || this.running > 0) return;
    const batch: Pending<I, O>[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && size + next.items.length > this.maxBatchSize) break;
      batch.push(this.queue.shift()!);
      size += next.items.length;
    }
    this.setQueued(this.queuedItems - size);
    void this.execute(batch);
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    this.running += 1;
    try {
      const rows = batch.length === 1 ? batch[0]!.items : batch.flatMap((pending) => pending.items);
      let outputs: O[];
      try {
        outputs = await this.runMeasured(rows);
      } catch (error) {
        // A lone request owns its failure. A shared run may have failed because of one request's
        // input (onnxruntime rejects the whole run), so the others get a second chance on their own.
        if (batch.length === 1) batch[0]!.reject(error);
        else await this.isolate(batch);
        return;
      }
      let offset = 0;
      for (const pending of batch) {
        pending.resolve(outputs.slice(offset, offset + pending.items.length));
        offset += pending.items.length;
      }
    } finally {
      this.running -= 1;
      if (this.queue.length > 0) this.schedule(true);
      else if (this.running === 0) this.wakeIdleWaiters();
    }
  }

  /**
   * After a shared run failed: runs each request of it alone, one after another, so only the
   * request(s) whose input breaks the model fail and every other one gets its answer. The unit is
   * the request, not the item: a request answers all its items or none, so splitting it further
   * would cost runs without saving an answer. Runs stay one at a time (`running` is still held).
   */
  private async isolate(batch: Pending<I, O>[]): Promise<void> {
    this.counters.isolations += 1;
    for (const pending of batch) {
      try {
        pending.resolve(await this.runMeasured(pending.items));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** The batching-off path: one run per request, counted so the queue bound still holds. */
  private async runAlone(items: I[]): Promise<O[]> {
    this.running += 1;
    this.runningItems += items.length;
    try {
      return await this.runMeasured(items);
    } finally {
      this.running -= 1;
      this.runningItems -= items.length;
      if (this.running === 0) this.wakeIdleWaiters();
    }
  }

  /** One model run, checked (one output per input) and recorded for the observers. */
  private async runMeasured(rows: I[]): Promise<O[]> {
    const started = performance.now();
    const outputs = await this.run(rows);
    if (outputs.length !== rows.length) {
      throw new Error(`the model returned ${outputs.length} results for ${rows.length} inputs`);
    }
    this.record(rows.length, performance.now() - started);
    return outputs;
  }

  private record(size: number, durationMs: number): void {
    this.counters.runs += 1;
    this.counters.items += size;
    if (size > this.counters.largestBatch) this.counters.largestBatch = size;
    this.onBatch?.(size, durationMs);
  }

  private setQueued(depth: number): void {
    this.queuedItems = depth;
    this.onQueueDepth?.(depth);
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
