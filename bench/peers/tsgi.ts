/**
 * Peer `tsgi`: the contract written with the tsgi framework (`tsgi-app.ts`) on the tsgi server.
 *
 * Access logging is off and the log level is `warning`, as for every other peer.
 */
import { serve } from '../../src/server/index.js';
import { buildContractApp } from './tsgi-app.js';

/** Serves the framework app on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export async function listen(port: number): Promise<number> {
  const server = await serve(buildContractApp(), { host: '127.0.0.1', port, accessLog: false, logLevel: 'warning' });
  return server.port!;
}
