/**
 * Refusing a TCP port another process already listens on, before the server binds it.
 *
 * Why a separate check: uWebSockets.js sets `SO_REUSEPORT` on its listen sockets, which is what
 * lets `--workers N` share one port (workers.ts). The same option lets a second, unrelated server
 * of the same user bind a port that is taken: both then print "listening", and the kernel deals
 * the connections between two different apps. A plain Node socket does not ask for
 * `SO_REUSEPORT`, so binding one for a moment fails with `EADDRINUSE` exactly when someone is
 * listening there already; it is closed again before uWS binds.
 *
 * Where it sits: `serve()` calls it before the lifespan starts (so a taken port fails fast, before
 * a model loads), unless the process is a worker whose siblings share the port on purpose; the
 * primary of `--workers N` calls it before forking.
 */
import { createServer } from 'node:net';
import { ServerStartError } from './errors.js';

/**
 * Resolves when nobody listens on `host:port`; rejects with `ServerStartError('listen-failed')`
 * when the address is taken. Other bind errors (a host that is not ours, a port below 1024) are
 * left for the real listen to report, so each failure has one message. Port 0 is never taken.
 */
export function refuseTakenPort(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new ServerStartError('listen-failed', `could not listen on ${host}:${port}: another process is listening there`));
      else resolve();
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
