/**
 * Peer `tsgi-raw`: the raw TSGI contract app (`tsgi-raw-app.ts`) on the tsgi server.
 *
 * Access logging is off and the log level is `warning`, as for every other peer (uvicorn's access
 * log is off too): a benchmark of the request path, not of writing log lines.
 */
import { serve } from '../../src/server/index.js';
import { rawContractApp } from './tsgi-raw-app.js';

/** Serves the raw TSGI app on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export async function listen(port: number): Promise<number> {
  const server = await serve(rawContractApp, { host: '127.0.0.1', port, accessLog: false, logLevel: 'warning' });
  return server.port!;
}
