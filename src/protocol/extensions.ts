/**
 * Extensions: optional server features an app may use, advertised in `scope.extensions`.
 *
 * A server lists an extension only if it really implements it; an app checks for the key before
 * relying on it. Spec: `docs/protocol.md` §6.
 */

/** Counters a server keeps, for one worker or summed over all. */
export interface ServerCounters {
  /** Requests (HTTP and WebSocket sessions) currently being handled. */
  inFlight: number;
  /** Requests accepted for handling since start. */
  accepted: number;
  /** Requests refused by a limit (503, 413, ...) since start. */
  rejected: number;
  /** Open WebSocket connections. */
  websockets: number;
}

/** Extension `tsgi.server.stats`: the server's counters, readable by the app. */
export interface ServerStatsExtension {
  /** This worker's counters, now. */
  worker(): ServerCounters & {
    /** Index of this worker, from 0. */
    id: number;
  };
  /** Counters summed over every worker (equals `worker()` with one worker); may lag slightly. */
  total(): ServerCounters & {
    /** How many workers contributed to the sums. */
    workers: number;
  };
}

/** Extension `tsgi.server.readiness`: whether the server is still taking new work. */
export interface ReadinessExtension {
  /** `false` from the moment graceful shutdown begins. */
  isReady(): boolean;
}

/**
 * Extension `tsgi.server.gather`: collect one value from every worker of this server, so an app can
 * report figures (e.g. Prometheus metrics) summed over all workers without knowing how many there are.
 */
export interface GatherExtension {
  /** Registers this worker's provider for `key` (typically during lifespan startup). */
  provide(key: string, provider: () => unknown | Promise<unknown>): void;
  /**
   * Asks every live worker, this one included, for its `key` value. Workers that do not answer
   * within `timeoutMs` (default 1000) are left out; with one worker this is `[local value]`.
   */
  gather(key: string, timeoutMs?: number): Promise<unknown[]>;
}

/**
 * The `scope.extensions` map. A present key means the server supports that feature; the flag-only
 * extensions carry an empty object, the others carry the functions the app calls.
 *
 * @example
 * ```ts
 * const stats = scope.extensions?.['tsgi.server.stats'];
 * if (stats) console.log(stats.worker().inFlight);
 * ```
 */
export interface Extensions {
  /** The app may answer with an `http.response.pathsend` event and let the server stream the file. */
  'http.response.pathsend'?: Record<string, never>;
  /** The app may deny a WebSocket upgrade with a full HTTP response (`websocket.http.response.*`). */
  'websocket.http.response'?: Record<string, never>;
  /** Live request and connection counters. */
  'tsgi.server.stats'?: ServerStatsExtension;
  /** Whether the server still takes new work (for readiness probes). */
  'tsgi.server.readiness'?: ReadinessExtension;
  /** Collect a value from every worker process. */
  'tsgi.server.gather'?: GatherExtension;
  /** Other extensions, by name. */
  [name: string]: unknown;
}
