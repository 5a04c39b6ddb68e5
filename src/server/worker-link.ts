/**
 * A worker's line to the primary process: the IPC side of `tsgi.server.stats` totals and
 * `tsgi.server.gather`.
 *
 * With one process there is no primary, and the link answers locally: totals are this worker's
 * counters, and `gather(key)` is `[local value]`. Under `--workers N` (workers.ts) each worker
 * reports its counters to the primary twice a second and receives the sums back, which is why
 * `total()` "may lag slightly"; a `gather` goes to the primary, which asks every live worker and
 * returns the answers that arrived within the timeout.
 */
import type { ServerCounters } from '../protocol/index.js';

/** Messages between primary and workers; `tsgi` tags them apart from anything else on the channel. */
export type IpcMessage =
  | { tsgi: 'counters'; counters: ServerCounters }
  | { tsgi: 'totals'; totals: ServerCounters & { workers: number } }
  | { tsgi: 'gather'; id: number; key: string; timeoutMs: number }
  | { tsgi: 'gather-ask'; id: number; key: string }
  | { tsgi: 'gather-answer'; id: number; ok: boolean; value: unknown }
  | { tsgi: 'gather-result'; id: number; values: unknown[] }
  | { tsgi: 'ready'; port: number | null }
  | { tsgi: 'shutdown' };

/** Reads a message's tag, or `undefined` when it is not one of ours. */
export function ipcTag(message: unknown): IpcMessage['tsgi'] | undefined {
  return typeof message === 'object' && message !== null && typeof (message as { tsgi?: unknown }).tsgi === 'string'
    ? ((message as { tsgi: IpcMessage['tsgi'] }).tsgi)
    : undefined;
}

/** The worker side of the link (also used, without IPC, by a single process). */
export class WorkerLink {
  private readonly providers = new Map<string, () => unknown>();
  private readonly pending = new Map<number, (values: unknown[]) => void>();
  private nextId = 1;
  private latestTotals: (ServerCounters & { workers: number }) | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `workerId` 0 means a single process; workers count from 1. */
  constructor(readonly workerId: number) {}

  /** `true` when a primary is on the other end of an IPC channel. */
  get clustered(): boolean {
    return this.workerId > 0 && typeof process.send === 'function';
  }

  /** Starts reporting `counters` and answering the primary's questions. */
  start(counters: ServerCounters): void {
    if (!this.clustered) return;
    process.on('message', this.onMessage);
    this.timer = setInterval(() => this.post({ tsgi: 'counters', counters }), 500);
    this.timer.unref();
    this.post({ tsgi: 'counters', counters });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    process.off('message', this.onMessage);
    for (const resolve of this.pending.values()) resolve([]);
    this.pending.clear();
  }

  /** Sends a message to the primary, ignoring a channel that already closed. */
  post(message: IpcMessage): void {
    if (this.clustered && process.connected) process.send!(message);
  }

  provide(key: string, provider: () => unknown): void {
    this.providers.set(key, provider);
  }

  /** Totals over all workers (this worker's counters when alone or before the first report). */
  totals(local: ServerCounters): ServerCounters & { workers: number } {
    if (!this.clustered || this.latestTotals === undefined) return { ...local, workers: 1 };
    return { ...this.latestTotals };
  }

  /** Every worker's value for `key`. */
  async gather(key: string, timeoutMs: number): Promise<unknown[]> {
    if (!this.clustered) {
      const answer = await this.answer(key);
      return answer.ok ? [answer.value] : [];
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      // The primary waits `timeoutMs` for the workers; allow it a little more to reply.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve([]);
      }, timeoutMs + 500);
      this.pending.set(id, (values) => {
        clearTimeout(timer);
        resolve(values);
      });
      this.post({ tsgi: 'gather', id, key, timeoutMs });
    });
  }

  private async answer(key: string): Promise<{ ok: boolean; value: unknown }> {
    const provider = this.providers.get(key);
    if (provider === undefined) return { ok: false, value: undefined };
    try {
      return { ok: true, value: await provider() };
    } catch {
      return { ok: false, value: undefined };
    }
  }

  private readonly onMessage = (message: unknown): void => {
    const tag = ipcTag(message);
    if (tag === 'totals') this.latestTotals = (message as { totals: ServerCounters & { workers: number } }).totals;
    else if (tag === 'gather-ask') {
      const { id, key } = message as { id: number; key: string };
      void this.answer(key).then((answer) => {
        try {
          this.post({ tsgi: 'gather-answer', id, ...answer });
        } catch {
          // The value cannot cross IPC (a BigInt, a function, a cycle: the channel serializes as
          // JSON): answer "no value" instead of leaving the asker to its timeout with an error
          // thrown where nothing catches it.
          this.post({ tsgi: 'gather-answer', id, ok: false, value: undefined });
        }
      });
    } else if (tag === 'gather-result') {
      const { id, values } = message as { id: number; values: unknown[] };
      this.pending.get(id)?.(values);
      this.pending.delete(id);
    }
  };
}
