/**
 * The command line of `tsgi serve`: flags → `ServerOptions`, and the help text.
 *
 * Where it sits: read by cli.ts before anything else. Flags are named as uvicorn's so that
 * someone who knows one knows the other; every flag maps to one option of config.ts and the help
 * prints each default from `DEFAULT_OPTIONS`, so the two cannot disagree.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, QUEUED_BYTES_FACTOR, type LogLevel, type ServerOptions } from './config.js';
import { ServerStartError } from './errors.js';

/** What the command line asked for. */
export interface ServeCommand {
  /** `path/to/module.js[:export]`. */
  target: string;
  workers: number;
  reload: boolean;
  options: Partial<ServerOptions>;
}

/** The most worker processes `--workers` starts (a guard against typos, far above any core count here). */
export const MAX_WORKERS = 256;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  uds: { type: 'string' },
  workers: { type: 'string' },
  'root-path': { type: 'string' },
  'proxy-headers': { type: 'boolean' },
  'no-proxy-headers': { type: 'boolean' },
  'forwarded-allow-ips': { type: 'string' },
  'limit-concurrency': { type: 'string' },
  'queue-size': { type: 'string' },
  'max-body-size': { type: 'string' },
  'max-header-size': { type: 'string' },
  'max-websockets': { type: 'string' },
  'ws-max-message-size': { type: 'string' },
  'ws-idle-timeout': { type: 'string' },
  'ws-max-queued-messages': { type: 'string' },
  'ws-max-queued-bytes': { type: 'string' },
  'timeout-graceful-shutdown': { type: 'string' },
  'shutdown-delay': { type: 'string' },
  'ssl-keyfile': { type: 'string' },
  'ssl-certfile': { type: 'string' },
  'log-level': { type: 'string' },
  'no-access-log': { type: 'boolean' },
  lifespan: { type: 'string' },
  reload: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The help text; defaults come from `DEFAULT_OPTIONS`. */
export function helpText(): string {
  const d = DEFAULT_OPTIONS;
  return `Usage: tsgi serve <module>[:export] [options]

Serve the TSGI app exported by <module> (the export defaults to "app") on uWebSockets.js.

Where to listen
  --host <addr>                     interface to bind (default ${d.host})
  --port <n>                        TCP port, 0 picks a free one (default ${d.port})
  --uds <path>                      listen on a Unix socket instead
  --ssl-keyfile <file>              TLS private key (PEM); with --ssl-certfile serves HTTPS
  --ssl-certfile <file>             TLS certificate (PEM)

Processes
  --workers <n>                     worker processes sharing the port via SO_REUSEPORT, 1-${MAX_WORKERS} (default 1)
  --reload                          restart when a file under the module's folder changes (development)

Behind a proxy
  --root-path <prefix>              where the app is mounted, for scope.rootPath (default '${d.rootPath}')
  --proxy-headers / --no-proxy-headers
                                    trust X-Forwarded-For/-Proto from --forwarded-allow-ips (default on)
  --forwarded-allow-ips <a,b|*>     addresses whose forwarded headers are trusted (default ${d.forwardedAllowIps.join(',')})

Limits (all on by default)
  --limit-concurrency <n>           requests running at once (default ${d.limitConcurrency})
  --queue-size <n>                  requests waiting for a slot; beyond it 503 + Retry-After (default ${d.queueSize})
  --max-body-size <bytes>           larger request bodies get 413 (default ${d.maxBodySize})
  --max-header-size <bytes>         larger request line + headers (a long URL too) get 431 (default ${d.maxHeaderSize})
  --max-websockets <n>              open WebSockets; more upgrades get 503 (default ${d.maxWebSockets})
  --ws-max-message-size <bytes>     larger WebSocket messages close with 1009 (default ${d.wsMaxMessageSize})
  --ws-idle-timeout <s>             silent WebSockets are closed; pings keep live ones (default ${d.wsIdleTimeout})
  --ws-max-queued-messages <n>      messages waiting for the app per WebSocket; one more closes with 1008 (default ${d.wsMaxQueuedMessages})
  --ws-max-queued-bytes <bytes>     characters/bytes waiting for the app per WebSocket; past it 1008 (default ${QUEUED_BYTES_FACTOR} x ws-max-message-size)

Shutdown (SIGINT/SIGTERM)
  --shutdown-delay <s>              stay up but not ready for this long first (default ${d.shutdownDelay})
  --timeout-graceful-shutdown <s>   time allowed for in-flight work (default ${d.timeoutGracefulShutdown})

Logging and lifespan
  --log-level <level>               ${LOG_LEVELS.join(', ')} (default ${d.logLevel})
  --no-access-log                   do not log one JSON line per response
  --lifespan <auto|on|off>          run the app's lifespan (default ${d.lifespan})
  -h, --help                        show this help

Example
  tsgi serve dist/examples/01-raw-protocol-app.js --port 8000 --workers 2
`;
}

function number(name: string, value: string | undefined, integer = true): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
    throw new ServerStartError('bad-option', `--${name} expects a non-negative ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/**
 * Flags that cannot mean anything together; each would otherwise be settled silently by one side.
 * `--uds` with `--workers`: a Unix socket path is not shared like a TCP port (no SO_REUSEPORT),
 * each worker's bind replaces the previous file, and only the last worker ever gets a connection
 * (measured: 12 of 12 requests to one pid of two).
 */
function refuseContradictions(values: { [key: string]: string | boolean | undefined }, workers: number): void {
  if (values.uds !== undefined) {
    for (const flag of ['host', 'port'] as const) {
      if (values[flag] !== undefined) throw new ServerStartError('bad-option', `--uds and --${flag} cannot be used together: a Unix socket has no ${flag}`);
    }
    if (workers > 1) throw new ServerStartError('bad-option', '--uds cannot be used with --workers: worker processes share a TCP port, not a Unix socket path');
  }
  if (values['proxy-headers'] && values['no-proxy-headers']) throw new ServerStartError('bad-option', '--proxy-headers and --no-proxy-headers contradict each other');
}

/**
 * Parses `serve`'s arguments (after the word `serve`). Returns `'help'` when help was asked for.
 * Throws `ServerStartError('bad-option')` naming the flag that is wrong.
 */
export function parseServeArgs(args: string[]): ServeCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ServerStartError('bad-option', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new ServerStartError('bad-option', `expected one <module>[:export], got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  const level = values['log-level'];
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) throw new ServerStartError('bad-option', `--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${level}`);
  const lifespan = values.lifespan;
  if (lifespan !== undefined && !['auto', 'on', 'off'].includes(lifespan)) throw new ServerStartError('bad-option', `--lifespan must be auto, on or off, got ${lifespan}`);
  const workers = number('workers', values.workers) ?? 1;
  if (workers < 1) throw new ServerStartError('bad-option', '--workers must be at least 1');
  // Each worker is a whole process with its own heap; a typo such as 10000 would fork-bomb the host.
  if (workers > MAX_WORKERS) throw new ServerStartError('bad-option', `--workers must be at most ${MAX_WORKERS}, got ${workers}`);
  refuseContradictions(values, workers);
  return {
    target: positionals[0]!,
    workers,
    reload: values.reload ?? false,
    options: {
      host: values.host,
      port: number('port', values.port),
      uds: values.uds,
      rootPath: values['root-path'],
      proxyHeaders: values['no-proxy-headers'] ? false : values['proxy-headers'],
      forwardedAllowIps: values['forwarded-allow-ips']?.split(',').map((ip) => ip.trim()).filter((ip) => ip !== ''),
      limitConcurrency: number('limit-concurrency', values['limit-concurrency']),
      queueSize: number('queue-size', values['queue-size']),
      maxBodySize: number('max-body-size', values['max-body-size']),
      maxHeaderSize: number('max-header-size', values['max-header-size']),
      maxWebSockets: number('max-websockets', values['max-websockets']),
      wsMaxMessageSize: number('ws-max-message-size', values['ws-max-message-size']),
      wsIdleTimeout: number('ws-idle-timeout', values['ws-idle-timeout']),
      wsMaxQueuedMessages: number('ws-max-queued-messages', values['ws-max-queued-messages']),
      wsMaxQueuedBytes: number('ws-max-queued-bytes', values['ws-max-queued-bytes']),
      timeoutGracefulShutdown: number('timeout-graceful-shutdown', values['timeout-graceful-shutdown'], false),
      shutdownDelay: number('shutdown-delay', values['shutdown-delay'], false),
      sslKeyfile: values['ssl-keyfile'],
      sslCertfile: values['ssl-certfile'],
      logLevel: level as LogLevel | undefined,
      accessLog: values['no-access-log'] ? false : undefined,
      lifespan: lifespan as ServerOptions['lifespan'] | undefined,
    },
  };
}
