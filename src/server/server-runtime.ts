/**
 * The state one server process shares across all its connections: options, log, limits, counters,
 * readiness, lifespan state, and the extensions every scope advertises.
 *
 * Where it sits: built once by `serve()`, read by every HTTP exchange and WebSocket session. The
 * extensions object is built once and shared by every scope (an app reads it, it does not own it),
 * so advertising them costs nothing per request.
 */
import type { App, Extensions, ServerCounters, State } from '../protocol/index.js';
import type { ServerOptions } from './config.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { ServerLine } from './server-line.js';
import type { Logger } from './logger.js';
import type { WorkerLink } from './worker-link.js';

/** Something in flight that shutdown must wait for or close. */
export interface Closable {
  /** Ask it to finish (an HTTP exchange) or close it now (a WebSocket with 1001). */
  closeForShutdown(): void;
}

/** The per-process server state. */
export class ServerRuntime {
  readonly counters: ServerCounters = { inFlight: 0, accepted: 0, rejected: 0, websockets: 0 };
  readonly gate: ConcurrencyGate;
  /** `false` once graceful shutdown began: readiness probes should fail. */
  ready = true;
  /** `true` once the listener is closed: every later response carries `Connection: close`. */
  draining = false;
  /** Lifespan state to copy into each connection scope; `undefined` without a lifespan. */
  state: State | undefined;
  readonly extensions: Extensions;
  /** The `server` response header, ready to be joined onto another header (response-writer.ts). */
  readonly serverLine: ServerLine;
  readonly websockets = new Set<Closable>();
  /** Last time a request started or finished, for the shutdown quiet period. */
  lastActivity = 0;
  /** Called whenever in-flight work reaches zero. */
  onIdle: (() => void) | undefined;

  constructor(
    readonly app: App,
    readonly options: ServerOptions,
    readonly log: Logger,
    readonly link: WorkerLink,
  ) {
    this.gate = new ConcurrencyGate(options.limitConcurrency, options.queueSize);
    this.extensions = this.buildExtensions();
    this.serverLine = new ServerLine(options.serverHeader);
  }

  /** A request (or WebSocket session) started running the app. */
  started(): void {
    this.counters.inFlight += 1;
    this.counters.accepted += 1;
  }

  /** A request (or session) finished. */
  finished(): void {
    this.counters.inFlight -= 1;
    if (this.draining) {
      this.lastActivity = Date.now();
      if (this.counters.inFlight === 0) this.onIdle?.();
    }
  }

  /** A copy of the lifespan state for one connection scope (spec §5.2), or `undefined`. */
  scopeState(): State | undefined {
    return this.state === undefined ? undefined : { ...this.state };
  }

  private buildExtensions(): Extensions {
    const runtime = this;
    return Object.freeze({
      'websocket.http.response': Object.freeze({}),
      'tsgi.server.readiness': Object.freeze({ isReady: () => runtime.ready }),
      'tsgi.server.stats': Object.freeze({
        worker: () => ({ id: runtime.link.workerId, ...runtime.counters }),
        total: () => runtime.link.totals(runtime.counters),
      }),
      'tsgi.server.gather': Object.freeze({
        provide: (key: string, provider: () => unknown) => runtime.link.provide(key, provider),
        gather: (key: string, timeoutMs?: number) => runtime.link.gather(key, timeoutMs ?? 1000),
      }),
    });
  }
}
