/**
 * `serve(app, options)`: run a TSGI app on uWebSockets.js in this process.
 *
 * The order of startup matters: the native module is loaded (refusing the pure-JS fallback), the
 * lifespan starts — and must succeed — before any port opens, then the handlers are registered and
 * the listener opens. The returned handle knows the bound port (port 0 picks one) and shuts the
 * server down gracefully (graceful-shutdown.ts). Under `--workers N` each worker process calls
 * this same function (workers.ts).
 */
import type { Address, App } from '../protocol/index.js';
import { resolveOptions, type ServerOptions } from './config.js';
import { createUwsApp, listen, loadUws } from './uws-adapter.js';
import { Logger } from './logger.js';
import { WorkerLink } from './worker-link.js';
import { ServerRuntime } from './server-runtime.js';
import { LifespanRunner } from './lifespan-runner.js';
import { createRequestHandler } from './request-handler.js';
import { registerWebSockets } from './websocket-routes.js';
import { shutDown } from './graceful-shutdown.js';
import { refuseTakenPort } from './port-check.js';

/**
 * Seconds an orphaned worker (its primary died) gives in-flight work. Short, because nothing will
 * replace it if it hangs and it still holds the shared port; the readiness delay is skipped too.
 */
const ORPHAN_GRACE_SECONDS = 5;

/** A running server. */
export interface ServerHandle {
  /** The TCP port bound (useful with port 0); `null` on a Unix socket. */
  port: number | null;
  /** Shuts down gracefully; resolves with the exit code (0, or 1 if lifespan shutdown failed). Idempotent. */
  close(): Promise<number>;
}

/**
 * Starts serving `app`. Rejects with `ServerStartError` when uWS cannot load natively, the
 * lifespan startup fails or the address cannot be bound.
 *
 * @example
 * ```ts
 * const server = await serve(app, { port: 0 });
 * const response = await fetch(`http://127.0.0.1:${server.port}/`);
 * await server.close();
 * ```
 */
export async function serve(app: App, given: Partial<ServerOptions> = {}): Promise<ServerHandle> {
  const options = resolveOptions(given);
  loadUws();
  const workerId = Number(process.env.TSGI_WORKER_ID ?? 0) || 0;
  const log = new Logger(options.logLevel, options.accessLog, undefined, workerId);
  const link = new WorkerLink(workerId);
  const runtime = new ServerRuntime(app, options, log, link);
  // Workers share their port with their siblings on purpose; anyone else's listener is refused.
  if (options.uds === undefined && !link.clustered) await refuseTakenPort(options.host, options.port);
  const lifespan = new LifespanRunner(app, options.lifespan, runtime.extensions, log);
  runtime.state = await lifespan.startup();

  const tls = options.sslKeyfile !== undefined;
  let serverAddress: Address | null = null;
  const server = (): Address | null => serverAddress;
  let uwsApp: ReturnType<typeof createUwsApp>;
  let bound: Awaited<ReturnType<typeof listen>>;
  try {
    uwsApp = createUwsApp(tls ? { keyFile: options.sslKeyfile!, certFile: options.sslCertfile! } : undefined);
    registerWebSockets(uwsApp, runtime, server, tls);
    uwsApp.any('/*', createRequestHandler(runtime, server, tls));
    const where = options.uds !== undefined ? { uds: options.uds } : { host: options.host, port: options.port };
    bound = await listen(uwsApp, where);
  } catch (error) {
    // The startup ran, so what it opened (a pool, a model) is closed again before giving up.
    await lifespan.shutdown(options.timeoutGracefulShutdown * 1000);
    throw error;
  }
  serverAddress = options.uds !== undefined ? [options.uds, null] : [options.host, bound.port];
  link.start(runtime.counters);
  log.info('listening', { url: options.uds ?? `${tls ? 'https' : 'http'}://${options.host}:${bound.port}`, pid: process.pid });

  let closing: Promise<number> | undefined;
  const handle: ServerHandle = {
    port: bound.port,
    close: () => (closing ??= shutDown(runtime, uwsApp, bound.socket, lifespan)),
  };
  if (options.handleSignals) {
    const onSignal = (signal: string): void => {
      log.info('signal received', { signal });
      void handle.close().then((code) => process.exit(code));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // A primary forwards shutdown over IPC as well as by signal.
    process.on('message', (message) => {
      if ((message as { tsgi?: string } | null)?.tsgi === 'shutdown') onSignal('primary');
    });
  }
  if (link.clustered) {
    // The IPC channel closes when the primary exits, however it exits: a SIGKILLed primary runs no
    // code, so the workers must notice on their own or they live on as orphans holding the port.
    // This applies even without `handleSignals`: a worker exists only to serve for its primary.
    process.once('disconnect', () => {
      log.warning('primary is gone (IPC channel closed); shutting down', { graceSeconds: ORPHAN_GRACE_SECONDS });
      closing ??= shutDown(runtime, uwsApp, bound.socket, lifespan, { delaySeconds: 0, graceSeconds: ORPHAN_GRACE_SECONDS });
      // A backstop in case the shutdown itself hangs (a lifespan cleanup that never resolves).
      setTimeout(() => process.exit(1), (ORPHAN_GRACE_SECONDS + 5) * 1000).unref();
      void closing.then((code) => process.exit(code));
    });
    link.post({ tsgi: 'ready', port: bound.port });
  }
  return handle;
}
