/**
 * The primary process of `--workers N`: starts N worker processes on one port, replaces the ones
 * that crash, answers their cross-worker questions, and forwards shutdown to all of them.
 *
 * Why processes and not threads (docs/server.md argues it in full): a worker that crashes — an
 * uncaught exception, a native abort in an addon, running out of heap — takes only itself down,
 * and the primary starts another. Each worker is an ordinary `tsgi serve` process with its own uWS
 * app and its own lifespan; uWS sets SO_REUSEPORT on Linux, so the kernel spreads connections over
 * every worker listening on the port. The primary never touches a request.
 *
 * IPC (worker-link.ts): workers report counters; the primary sums them and broadcasts the totals
 * (`tsgi.server.stats`). A `gather` from one worker is fanned out to every live worker and the
 * answers that arrive within its timeout go back to the asker (`tsgi.server.gather`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { ServerCounters } from '../protocol/index.js';
import { ipcTag, type IpcMessage } from './worker-link.js';
import { refuseTakenPort } from './port-check.js';
import type { Logger } from './logger.js';

/** One worker slot: its id stays when the process behind it is replaced. */
interface WorkerSlot {
  id: number;
  child: ChildProcess | undefined;
  counters: ServerCounters;
  ready: boolean;
  /** When the current process said it was listening. */
  readyAt: number;
  /** Deaths in a row, each within `STABLE_MS` of becoming ready: the restart backoff's exponent. */
  quickDeaths: number;
  /** A replacement waiting out its backoff. */
  restartTimer: NodeJS.Timeout | undefined;
}

/** A worker that served this long before dying was healthy: its replacement starts at once. */
const STABLE_MS = 10_000;
/** The first wait after a second quick death; it doubles with each further one, up to `MAX_RESTART_DELAY_MS`. */
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * How long to wait before replacing a worker that died `quickDeaths` times in a row soon after
 * starting. One crash is replaced at once (a stray bug must not cost capacity); a worker that
 * keeps dying right after listening — a timer that throws, a bad request it cannot survive at
 * startup — is restarted with a growing pause instead of in a tight fork loop that burns the CPU
 * the other workers need and floods the log.
 */
export function restartDelayMs(quickDeaths: number): number {
  if (quickDeaths <= 1) return 0;
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (quickDeaths - 2));
}

/**
 * How to start a worker: the script and arguments, run again with `TSGI_WORKER_ID` set.
 *
 * @example
 * ```ts
 * // In an entry point that serves when it is a worker and supervises otherwise:
 * if (process.env.TSGI_WORKER_ID === undefined) {
 *   const port = await freePort('127.0.0.1');
 *   const code = await runPrimary({
 *     count: 4,
 *     script: process.argv[1]!,
 *     args: ['--port', String(port)],
 *     execArgv: process.execArgv,
 *     log: new Logger('info', false),
 *   });
 *   process.exit(code);
 * }
 * ```
 */
export interface WorkerPlan {
  /** How many workers run at once; a crashed one is replaced to keep this many. */
  count: number;
  /** The module each worker runs (usually the entry point itself, re-run as a worker). */
  script: string;
  /** Its command-line arguments; they should name one fixed port, since every worker binds the same one. */
  args: string[];
  /** Node flags for the workers (e.g. `process.execArgv`, so a tsx loader carries over). */
  execArgv: string[];
  /** Where the primary reports crashes, replacements and shutdown. */
  log: Logger;
  /**
   * After a shutdown was forwarded, workers still running this many milliseconds later are killed
   * with SIGKILL (their event loop is stuck, so they can neither finish nor hear the request).
   * Default: never.
   */
  forceKillAfterMs?: number;
}

const ZERO: ServerCounters = { inFlight: 0, accepted: 0, rejected: 0, websockets: 0 };

/**
 * Finds a free TCP port, so that `--port 0` gives every worker the same one: each worker asking
 * the kernel for port 0 itself would get a different port.
 *
 * There is a small window between closing the probe and the workers binding in which another
 * process could take the port; workers then fail to start and the primary reports it.
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The one port every worker of a primary binds: a free one for port 0, else the port given once
 * nobody else listens there (port-check.ts: the workers share it through `SO_REUSEPORT`, which
 * would otherwise let them join another server's port without a word).
 */
export async function workersPort(host: string, port: number): Promise<number> {
  if (port === 0) return freePort(host);
  await refuseTakenPort(host, port);
  return port;
}

/**
 * Runs the primary until every worker has exited after a shutdown; resolves with the exit code.
 *
 * SIGINT and SIGTERM on the primary are forwarded to the workers as a graceful shutdown. A worker
 * that dies before it is ready stops the whole group (restarting it would only loop), a worker
 * that dies later is replaced — at once the first time, after a growing pause when it keeps dying
 * within seconds of listening (`restartDelayMs`). If the primary itself dies abruptly, workers notice their IPC
 * channel closing and shut themselves down (serve.ts).
 */
export function runPrimary(plan: WorkerPlan): Promise<number> {
  const slots: WorkerSlot[] = Array.from({ length: plan.count }, (_, i) => ({ id: i + 1, child: undefined, counters: ZERO, ready: false, readyAt: 0, quickDeaths: 0, restartTimer: undefined }));
  const gathers = new Map<number, { values: unknown[]; waiting: number; finish: () => void }>();
  let stopping = false;
  let exitCode = 0;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const broadcast = (message: IpcMessage): void => {
    for (const slot of slots) if (slot.child?.connected) slot.child.send(message);
  };

  const totals = setInterval(() => {
    const sum = { ...ZERO, workers: 0 };
    for (const slot of slots) {
      if (!slot.child) continue;
      sum.workers += 1;
      sum.inFlight += slot.counters.inFlight;
      sum.accepted += slot.counters.accepted;
      sum.rejected += slot.counters.rejected;
      sum.websockets += slot.counters.websockets;
    }
    broadcast({ tsgi: 'totals', totals: sum });
  }, 500);

  let nextGather = 1;
  const gather = (asker: WorkerSlot, askerId: number, key: string, timeoutMs: number): void => {
    const live = slots.filter((slot) => slot.child?.connected && slot.ready);
    // The primary numbers gathers itself: ids chosen by different workers could collide.
    const id = nextGather++;
    const entry = { values: [] as unknown[], waiting: live.length, finish: () => {} };
    const timer = setTimeout(() => entry.finish(), timeoutMs);
    entry.finish = () => {
      clearTimeout(timer);
      gathers.delete(id);
      if (asker.child?.connected) asker.child.send({ tsgi: 'gather-result', id: askerId, values: entry.values } satisfies IpcMessage);
    };
    gathers.set(id, entry);
    for (const slot of live) slot.child!.send({ tsgi: 'gather-ask', id, key } satisfies IpcMessage);
    if (live.length === 0) entry.finish();
  };

  const start = (slot: WorkerSlot): void => {
    const child = fork(plan.script, plan.args, { execArgv: plan.execArgv, env: { ...process.env, TSGI_WORKER_ID: String(slot.id) } });
    slot.child = child;
    slot.ready = false;
    slot.counters = ZERO;
    child.on('message', (message: unknown) => {
      const tag = ipcTag(message);
      if (tag === 'ready') {
        slot.ready = true;
        slot.readyAt = Date.now();
      }
      else if (tag === 'counters') slot.counters = (message as { counters: ServerCounters }).counters;
      else if (tag === 'gather') {
        const { id, key, timeoutMs } = message as { id: number; key: string; timeoutMs: number };
        gather(slot, id, key, timeoutMs);
      } else if (tag === 'gather-answer') {
        const { id, ok, value } = message as { id: number; ok: boolean; value: unknown };
        const entry = gathers.get(id);
        if (entry === undefined) return;
        if (ok) entry.values.push(value);
        entry.waiting -= 1;
        if (entry.waiting <= 0) entry.finish();
      }
    });
    child.on('exit', (code, signal) => {
      slot.child = undefined;
      if (stopping) {
        if (code !== 0) exitCode = 1;
        if (slots.every((s) => s.child === undefined)) {
          clearInterval(totals);
          resolveDone(exitCode);
        }
        return;
      }
      if (!slot.ready) {
        // It died before listening (a failed lifespan startup, a bad module): restarting would loop.
        plan.log.error('a worker failed to start; stopping', { worker: slot.id, code, signal });
        exitCode = code === 0 || code === null ? 1 : code;
        stop();
        return;
      }
      slot.quickDeaths = Date.now() - slot.readyAt < STABLE_MS ? slot.quickDeaths + 1 : 1;
      const delayMs = restartDelayMs(slot.quickDeaths);
      plan.log.error('worker died; starting a replacement', { worker: slot.id, code, signal, delayMs, quickDeaths: slot.quickDeaths });
      if (delayMs === 0) start(slot);
      else
        slot.restartTimer = setTimeout(() => {
          slot.restartTimer = undefined;
          if (!stopping) start(slot);
        }, delayMs);
    });
  };

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    plan.log.info('primary: forwarding shutdown to every worker');
    for (const slot of slots) {
      clearTimeout(slot.restartTimer);
      if (slot.child?.connected) slot.child.send({ tsgi: 'shutdown' } satisfies IpcMessage);
      else slot.child?.kill('SIGTERM');
    }
    if (slots.every((s) => s.child === undefined)) {
      clearInterval(totals);
      resolveDone(exitCode);
      return;
    }
    if (plan.forceKillAfterMs !== undefined) {
      // A worker whose event loop is blocked (a handler spinning, a lifespan cleanup that never
      // yields) runs no shutdown code at all; without this the primary would wait for it forever.
      setTimeout(() => {
        for (const slot of slots) {
          if (slot.child === undefined) continue;
          plan.log.error('worker did not exit after the graceful shutdown; killing it', { worker: slot.id, pid: slot.child.pid, afterMs: plan.forceKillAfterMs });
          slot.child.kill('SIGKILL');
        }
      }, plan.forceKillAfterMs).unref();
    }
  };

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const slot of slots) start(slot);
  return done;
}
