/**
 * The Node peers this harness can serve in-process with `--serve <name>`: name → module loader.
 *
 * Each module exports `listen(port)`, which binds 127.0.0.1 and resolves with the bound port.
 * Loaded lazily so that serving one peer never loads another's dependencies.
 */

/** A peer module: binds 127.0.0.1:`port` (0 picks one) and resolves with the port. */
export interface NodePeerModule {
  listen(port: number): Promise<number>;
}

/** Loaders by peer name. */
export const nodePeerModules: Record<string, () => Promise<NodePeerModule>> = {
  uws: () => import('./uws.js'),
  'uws-async': () => import('./uws-async.js'),
  'node-http': () => import('./node-http.js'),
  fastify: () => import('./fastify.js'),
  'tsgi-raw': () => import('./tsgi-raw.js'),
  tsgi: () => import('./tsgi.js'),
};
