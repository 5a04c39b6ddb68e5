/**
 * Server options: every knob of `serve()` and `tsgi serve`, with its default in one table.
 *
 * The defaults are safe to expose: every limit is on (body size, concurrency with a bounded
 * queue, WebSocket count and message size). Two values are fixed by uWebSockets.js v20.30 and
 * cannot be options here: the HTTP idle timeout of a keep-alive connection (10 s) and the listen
 * backlog (the kernel default). `docs/server.md` lists both.
 */
import { ServerStartError } from './errors.js';

/**
 * Everything `serve()` accepts. `serve()` takes a `Partial` of it; `resolveOptions` fills the
 * defaults and rejects bad values, so a typo in a limit fails at startup rather than under load.
 *
 * @example
 * ```ts
 * const options: Partial<ServerOptions> = { port: 0, maxBodySize: 64 * 1024, logLevel: 'warning' };
 * const server = await serve(app, options);
 * ```
 */
export interface ServerOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host: string;
  /** TCP port; `0` picks a free one. Default `8000`. */
  port: number;
  /** Listen on this Unix socket path instead of host/port. */
  uds: string | undefined;
  /** Prefix where the app is mounted (`scope.rootPath`). Default `''`. */
  rootPath: string;
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` from `forwardedAllowIps`. Default `true`. */
  proxyHeaders: boolean;
  /** Addresses whose forwarded headers are trusted; `*` trusts all. Default `['127.0.0.1']`. */
  forwardedAllowIps: string[];
  /** Requests handled at once; more wait in a queue. Default `1000`. */
  limitConcurrency: number;
  /** Requests that may wait for a slot; beyond it the server answers 503. Default `1000`. */
  queueSize: number;
  /** Seconds a client is told to wait in `Retry-After` with a 503. Default `1`. */
  retryAfterSeconds: number;
  /** Largest request body in bytes; larger gets 413. Default 1 MiB. */
  maxBodySize: number;
  /**
   * Largest request head in bytes: the request line (so the URL with its query) and every header
   * line; larger gets 431. Default 8 KiB: what nginx and Apache allow a request line, half of
   * the 16 KiB that Node and h11 allow the same count. Raise it for clients with large cookies.
   */
  maxHeaderSize: number;
  /** Open WebSockets at once; more upgrades get 503. Default `10000`. */
  maxWebSockets: number;
  /** Largest WebSocket message in bytes; larger closes with 1009. Default 1 MiB. */
  wsMaxMessageSize: number;
  /**
   * Seconds a WebSocket may stay silent; pings keep live ones open. `0` (off) or 8-960 (uWS's
   * range; it checks in 4 s steps, so a socket may stay up to ~4 s longer). Default `120`.
   */
  wsIdleTimeout: number;
  /** Bytes buffered per WebSocket before `send()` waits for the drain. Default 1 MiB. */
  wsMaxBackpressure: number;
  /**
   * Messages that may wait per WebSocket for the app's `receive()`; a client that sends one more
   * while the app is not reading is closed with 1008. At least 1. Default `4096`.
   */
  wsMaxQueuedMessages: number;
  /**
   * Characters (text) or bytes (binary) that may wait per WebSocket for the app's `receive()`;
   * past it the client is closed with 1008. At least 1. Default `undefined`: `QUEUED_BYTES_FACTOR`
   * × `wsMaxMessageSize`, so it follows the message size (see `wsQueuedBytesLimit`).
   */
  wsMaxQueuedBytes: number | undefined;
  /** Seconds in-flight work may take to finish after shutdown begins. Default `30`. */
  timeoutGracefulShutdown: number;
  /** Seconds to stay not-ready but serving before the listener closes. Default `0`. */
  shutdownDelay: number;
  /** Milliseconds without requests after which remaining keep-alive connections are closed during shutdown. Default `250`. */
  idleQuietPeriodMs: number;
  /** TLS private key file (with `sslCertfile`: serve HTTPS). */
  sslKeyfile: string | undefined;
  /** TLS certificate file. */
  sslCertfile: string | undefined;
  /** `debug`, `info`, `warning`, `error` or `critical`. Default `info`. */
  logLevel: LogLevel;
  /** One JSON line per response. Default `true`. */
  accessLog: boolean;
  /** Run the lifespan protocol: `auto` tolerates apps without it, `on` requires it, `off` skips it. Default `auto`. */
  lifespan: 'auto' | 'on' | 'off';
  /** Install SIGINT/SIGTERM handlers that shut down gracefully. Default `false` for `serve()`, `true` for the CLI. */
  handleSignals: boolean;
  /** The `Server` header value. Default `tsgi`. */
  serverHeader: string;
}

/** Severity of a log line, lowest first; lines below the configured level are dropped. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** The defaults, in the order of `docs/server.md`. */
export const DEFAULT_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 8000,
  uds: undefined,
  rootPath: '',
  proxyHeaders: true,
  forwardedAllowIps: ['127.0.0.1'],
  limitConcurrency: 1000,
  queueSize: 1000,
  retryAfterSeconds: 1,
  maxBodySize: 1024 * 1024,
  maxHeaderSize: 8 * 1024,
  maxWebSockets: 10_000,
  wsMaxMessageSize: 1024 * 1024,
  wsIdleTimeout: 120,
  wsMaxBackpressure: 1024 * 1024,
  wsMaxQueuedMessages: 4096,
  wsMaxQueuedBytes: undefined,
  timeoutGracefulShutdown: 30,
  shutdownDelay: 0,
  idleQuietPeriodMs: 250,
  sslKeyfile: undefined,
  sslCertfile: undefined,
  logLevel: 'info',
  accessLog: true,
  lifespan: 'auto',
  handleSignals: false,
  serverHeader: 'tsgi',
});

const NON_NEGATIVE: ReadonlyArray<keyof ServerOptions> = [
  'port', 'limitConcurrency', 'queueSize', 'retryAfterSeconds', 'maxBodySize', 'maxHeaderSize', 'maxWebSockets',
  'wsMaxMessageSize', 'wsIdleTimeout', 'wsMaxBackpressure', 'wsMaxQueuedMessages', 'timeoutGracefulShutdown', 'shutdownDelay', 'idleQuietPeriodMs',
];

/** Fills defaults and checks every value, naming the option that is wrong. */
export function resolveOptions(given: Partial<ServerOptions> = {}): ServerOptions {
  const options: ServerOptions = { ...DEFAULT_OPTIONS, forwardedAllowIps: [...DEFAULT_OPTIONS.forwardedAllowIps] };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (options as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of NON_NEGATIVE) {
    const value = options[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ServerStartError('bad-option', `option ${key} must be a non-negative number, got ${JSON.stringify(value)}`);
    }
  }
  if (options.port > 65535 || !Number.isInteger(options.port)) throw new ServerStartError('bad-option', `option port must be an integer 0-65535, got ${options.port}`);
  if (options.limitConcurrency < 1) throw new ServerStartError('bad-option', 'option limitConcurrency must be at least 1');
  // uWS accepts an idle timeout of 0 (off) or 8-960 whole seconds, and aborts the whole process
  // (a C++ terminate, no JavaScript error) on anything else; a fraction would be cut silently.
  const idle = options.wsIdleTimeout;
  if (idle !== 0 && (!Number.isInteger(idle) || idle < MIN_WS_IDLE_TIMEOUT || idle > MAX_WS_IDLE_TIMEOUT)) {
    throw new ServerStartError('bad-option', `option wsIdleTimeout must be 0 (off) or a whole number of seconds from ${MIN_WS_IDLE_TIMEOUT} to ${MAX_WS_IDLE_TIMEOUT}, got ${idle}`);
  }
  // uWS holds maxBackpressure (4 x this) in 32 bits: a larger value wraps around to a tiny one.
  if (options.wsMaxBackpressure > MAX_WS_BACKPRESSURE) {
    throw new ServerStartError('bad-option', `option wsMaxBackpressure must be at most ${MAX_WS_BACKPRESSURE}, got ${options.wsMaxBackpressure}`);
  }
  // Node's timers hold at most 2^31 - 1 ms; a longer one fires at once, which would skip the wait.
  for (const key of ['timeoutGracefulShutdown', 'shutdownDelay'] as const) {
    if (options[key] > MAX_TIMER_SECONDS) throw new ServerStartError('bad-option', `option ${key} must be at most ${MAX_TIMER_SECONDS} seconds, got ${options[key]}`);
  }
  // Zero would close a socket for any message that arrives while the app is busy between two
  // receive() calls: no app could use it, so it is taken for a mistake.
  if (options.wsMaxQueuedMessages < 1) throw new ServerStartError('bad-option', 'option wsMaxQueuedMessages must be at least 1');
  const queuedBytes = options.wsMaxQueuedBytes;
  if (queuedBytes !== undefined && (typeof queuedBytes !== 'number' || !Number.isFinite(queuedBytes) || queuedBytes < 1)) {
    throw new ServerStartError('bad-option', `option wsMaxQueuedBytes must be a number at least 1 (or left out for ${QUEUED_BYTES_FACTOR} × wsMaxMessageSize), got ${JSON.stringify(queuedBytes)}`);
  }
  if ((options.sslKeyfile === undefined) !== (options.sslCertfile === undefined)) {
    throw new ServerStartError('bad-option', 'options sslKeyfile and sslCertfile must be given together');
  }
  // scope.path is rootPath + the request path: without a leading slash every path would read
  // "api/items", which no route matches.
  if (typeof options.rootPath !== 'string' || (options.rootPath !== '' && !options.rootPath.startsWith('/'))) {
    throw new ServerStartError('bad-option', `option rootPath must be empty or start with "/", got ${JSON.stringify(options.rootPath)}`);
  }
  if (options.rootPath.endsWith('/')) options.rootPath = options.rootPath.replace(/\/+$/, '');
  return options;
}

/** The WebSocket idle timeouts uWS v20.30 accepts besides 0 (measured: 1-7 and 961 abort the process). */
const MIN_WS_IDLE_TIMEOUT = 8;
const MAX_WS_IDLE_TIMEOUT = 960;
/** Largest `wsMaxBackpressure` whose 4x (uWS's `maxBackpressure`) still fits in 31 bits. */
const MAX_WS_BACKPRESSURE = 2 ** 29;
/** Longest wait a Node timer can hold, in whole seconds. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The default `wsMaxQueuedBytes`, as a multiple of `wsMaxMessageSize`: four messages of the largest size. */
export const QUEUED_BYTES_FACTOR = 4;

/**
 * The characters/bytes that may wait per WebSocket: `wsMaxQueuedBytes`, or by default
 * `QUEUED_BYTES_FACTOR × wsMaxMessageSize`.
 *
 * @example
 * ```ts
 * wsQueuedBytesLimit(resolveOptions({ wsMaxMessageSize: 1024 }));                        // 4096
 * wsQueuedBytesLimit(resolveOptions({ wsMaxMessageSize: 1024, wsMaxQueuedBytes: 100 })); // 100
 * ```
 */
export function wsQueuedBytesLimit(options: Pick<ServerOptions, 'wsMaxQueuedBytes' | 'wsMaxMessageSize'>): number {
  return options.wsMaxQueuedBytes ?? QUEUED_BYTES_FACTOR * options.wsMaxMessageSize;
}
