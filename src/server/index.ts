/**
 * The public API of `tsgi/server`: run a TSGI app on uWebSockets.js.
 *
 * Most users need only `serve(app, options)` (or the `tsgi serve` command, cli.ts). The option
 * defaults and the errors are exported so tools can show and match them. `runPrimary`, `freePort`,
 * `workersPort` and `Logger` are here for entry points that run their own `--workers N` primary (the
 * classifier's `main.ts`). Docs: `docs/server.md`.
 */
export { serve } from './serve.js';
export type { ServerHandle } from './serve.js';
export { DEFAULT_OPTIONS, resolveOptions } from './config.js';
export type { ServerOptions, LogLevel } from './config.js';
export { ServerStartError, ServerRejection } from './errors.js';
export type { ServerStartCode, RejectionCode } from './errors.js';
export { runPrimary, freePort, workersPort } from './workers.js';
export type { WorkerPlan } from './workers.js';
export { Logger } from './logger.js';
export type { AccessRecord } from './logger.js';
