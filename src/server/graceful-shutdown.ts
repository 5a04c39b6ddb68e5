/**
 * Graceful shutdown: stop taking work without losing any that was accepted.
 *
 * The order, measured under keep-alive load (shared/SERVER-NOTES.md) to lose no request:
 *
 * 1. **Not ready.** `tsgi.server.readiness` turns false, and the server keeps serving for
 *    `shutdownDelay` seconds, so a load balancer polling a readiness endpoint stops sending here
 *    while nothing is refused yet.
 * 2. **Close the listener.** No new connections; open ones keep working.
 * 3. **`Connection: close` on every later response**, so each keep-alive client leaves after its
 *    current request instead of sending the next one into a closing server.
 * 4. **Close WebSockets with 1001** (going away).
 * 5. **Wait for in-flight work**, bounded by `timeoutGracefulShutdown`. Once nothing has run for
 *    the quiet period (`idleQuietPeriodMs`), the remaining keep-alive connections are idle and are
 *    closed. Closing one the moment it looks idle is what loses requests already on the wire.
 * 6. **Lifespan shutdown**, after the last connection, so cleanup never runs under a request.
 */
import type { TemplatedApp, us_listen_socket } from './uws-adapter.js';
import { closeListenSocket } from './uws-adapter.js';
import type { ServerRuntime } from './server-runtime.js';
import type { LifespanRunner } from './lifespan-runner.js';

/** Resolves after `ms` milliseconds without keeping the process alive for it alone. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until no work ran for the quiet period, or the deadline passes. Returns `true` when drained. */
async function drain(runtime: ServerRuntime, deadline: number): Promise<boolean> {
  const quiet = runtime.options.idleQuietPeriodMs;
  for (;;) {
    const idle = runtime.counters.inFlight === 0 && runtime.gate.queued === 0;
    if (idle && Date.now() - runtime.lastActivity >= quiet) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
  }
}

/** Overrides for a shutdown that must be quicker than the configured one (see `serve`'s orphan case). */
export interface ShutdownLimits {
  /** Seconds to stay not-ready before closing the listener (default: `shutdownDelay`). */
  delaySeconds: number;
  /** Seconds in-flight work may take (default: `timeoutGracefulShutdown`). */
  graceSeconds: number;
}

/**
 * Runs the whole sequence. Resolves with the process exit code: 0, or 1 when the lifespan
 * shutdown failed.
 */
export async function shutDown(
  runtime: ServerRuntime,
  app: TemplatedApp,
  listenSocket: us_listen_socket,
  lifespan: LifespanRunner,
  limits: ShutdownLimits = { delaySeconds: runtime.options.shutdownDelay, graceSeconds: runtime.options.timeoutGracefulShutdown },
): Promise<number> {
  const options = { ...runtime.options, shutdownDelay: limits.delaySeconds, timeoutGracefulShutdown: limits.graceSeconds };
  const log = runtime.log;
  runtime.ready = false;
  log.info('shutting down: not ready', { delaySeconds: options.shutdownDelay });
  if (options.shutdownDelay > 0) await sleep(options.shutdownDelay * 1000);
  closeListenSocket(listenSocket);
  runtime.draining = true;
  runtime.lastActivity = Date.now();
  log.info('listener closed; finishing in-flight work', { inFlight: runtime.counters.inFlight, websockets: runtime.counters.websockets });
  for (const socket of runtime.websockets) socket.closeForShutdown();
  const deadline = Date.now() + options.timeoutGracefulShutdown * 1000;
  const drained = await drain(runtime, deadline);
  if (!drained) log.warning('graceful shutdown timed out; closing the remaining connections', { inFlight: runtime.counters.inFlight });
  // Closes every socket still open: keep-alive connections that stayed idle, or work that overran.
  (app as unknown as { close(): void }).close();
  const lifespanOk = await lifespan.shutdown(Math.max(1000, deadline - Date.now()));
  runtime.link.stop();
  log.info('shutdown complete');
  return lifespanOk ? 0 : 1;
}
