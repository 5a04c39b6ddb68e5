#!/usr/bin/env node
/**
 * `tsgi serve <module>[:export]`: the command line entry point of the server.
 *
 * One command, three shapes of process, chosen in this order:
 * - `--reload`: a supervisor that runs the server as a child and restarts it when a file under the
 *   module's folder changes (development only: a restart drops in-flight requests).
 * - `--workers N` (N > 1): the primary of workers.ts, which runs N copies of this command.
 * - otherwise (and inside each worker): load the module, `serve()` its export with signal
 *   handling on, and exit 0 after a graceful shutdown — or 1 with the reason when startup fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from '../protocol/index.js';
import { parseServeArgs, helpText, type ServeCommand } from './cli-args.js';
import { resolveOptions } from './config.js';
import { ServerStartError } from './errors.js';
import { Logger } from './logger.js';
import { serve } from './serve.js';
import { runPrimary, workersPort } from './workers.js';
import { ipcTag } from './worker-link.js';

/** Set in the environment of the server a `--reload` supervisor runs. */
const RELOAD_CHILD_ENV = 'TSGI_RELOAD_CHILD';

/** Beyond a worker's graceful-shutdown bound, how long the primary waits before SIGKILL. */
const FORCE_KILL_MARGIN_MS = 5_000;

/** Splits `path[:export]` (a Windows drive letter's colon is not a separator). */
function splitTarget(target: string): { path: string; exportName: string } {
  const colon = target.lastIndexOf(':');
  if (colon > 1) return { path: target.slice(0, colon), exportName: target.slice(colon + 1) || 'app' };
  return { path: target, exportName: 'app' };
}

/** Imports the module and returns the named export, checking that it is a function. */
async function loadApp(target: string): Promise<App> {
  const { path, exportName } = splitTarget(target);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ServerStartError('app-not-found', `could not import ${path}: ${(error as Error).message}`);
  }
  const app = module[exportName];
  if (typeof app !== 'function') {
    const exports = Object.keys(module).join(', ') || 'none';
    throw new ServerStartError('app-not-found', `${path} has no function export "${exportName}" (its exports: ${exports})`);
  }
  return app as App;
}

/** Restarts the server in a child process whenever a file under the module's folder changes. */
function runReloader(command: ServeCommand, args: string[], log: Logger): void {
  const childArgs = args.filter((arg) => arg !== '--reload');
  let child: ChildProcess | undefined;
  let restarting = false;
  const start = (): void => {
    child = fork(process.argv[1]!, childArgs, { execArgv: process.execArgv, env: { ...process.env, [RELOAD_CHILD_ENV]: '1' } });
    child.on('exit', () => {
      child = undefined;
      if (restarting) {
        restarting = false;
        start();
      }
    });
  };
  let debounce: NodeJS.Timeout | undefined;
  const onChange = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      log.info('change detected; restarting', { folder });
      restarting = child !== undefined;
      if (child) child.kill('SIGTERM');
      else start();
    }, 100);
  };
  const folder = dirname(resolve(splitTarget(command.target).path));
  let watcher: FSWatcher;
  try {
    watcher = watch(folder, { recursive: true }, onChange);
  } catch (error) {
    throw new ServerStartError('app-not-found', `--reload cannot watch ${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const stop = (): void => {
    restarting = false;
    if (child) child.once('exit', () => process.exit(0)).kill('SIGTERM');
    else process.exit(0);
  };
  // The folder can vanish or become unreadable later; without a listener that is an uncaught
  // 'error' event and a stack trace.
  watcher.on('error', (error) => {
    log.error('--reload stopped watching; shutting down', { folder, error });
    stop();
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  start();
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] !== 'serve' || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return argv[0] === 'serve' || argv[0] === '--help' || argv[0] === '-h' ? 0 : 2;
  }
  const args = argv.slice(1);
  const command = parseServeArgs(args);
  if (command === 'help') {
    process.stdout.write(helpText());
    return 0;
  }
  const options = resolveOptions(command.options);
  const log = new Logger(options.logLevel, options.accessLog);
  if (command.reload) {
    runReloader(command, argv, log);
    return -1;
  }
  // A worker is a process the primary forked: TSGI_WORKER_ID *and* an IPC channel. The variable
  // alone (left in a shell or a container's environment) must not turn --workers N into one process.
  const isWorker = process.env.TSGI_WORKER_ID !== undefined && typeof process.send === 'function';
  if (command.workers > 1 && !isWorker) {
    const port = options.uds === undefined ? await workersPort(options.host, options.port) : options.port;
    log.info('primary: starting workers', { workers: command.workers, port, pid: process.pid });
    // The workers' own bound on a shutdown, plus time for the lifespan shutdown and the exit.
    const forceKillAfterMs = (options.shutdownDelay + options.timeoutGracefulShutdown) * 1000 + FORCE_KILL_MARGIN_MS;
    return runPrimary({ count: command.workers, script: process.argv[1]!, args: [...argv, '--port', String(port)], execArgv: process.execArgv, log, forceKillAfterMs });
  }
  checkTlsFiles(options.sslKeyfile, options.sslCertfile);
  // A promise the app forgot to await that rejects would otherwise end the process (Node's default)
  // and every request in flight with it — one request could stop the server. As uvicorn does with
  // a task exception nobody retrieved, it is logged with its stack and serving goes on. A
  // synchronous uncaught exception still ends the process: its state may be half-updated.
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection in the app (a promise nobody awaited); the server keeps running', { error: reason });
  });
  if (process.env[RELOAD_CHILD_ENV] === '1' && typeof process.send === 'function') followReloader();
  const starting = isWorker ? watchPrimaryDuringStartup() : undefined;
  const app = await loadApp(command.target);
  try {
    await serve(app, { ...command.options, handleSignals: true });
    starting?.done();
  } catch (error) {
    // uWS reports any TLS set-up failure with this one message and nothing else.
    if (options.sslKeyfile !== undefined && (error as Error)?.message === 'App construction failed') {
      throw new ServerStartError('listen-failed', `could not set up TLS with --ssl-keyfile ${options.sslKeyfile} and --ssl-certfile ${options.sslCertfile} (does the key match the certificate? is the key protected by a passphrase?)`);
    }
    throw error;
  }
  return -1;
}

/**
 * The server run by `--reload` stops when its reloader is gone (killed with SIGKILL, say, so it
 * could not stop the child itself): a graceful shutdown through its own SIGTERM handling, or at
 * once while it is still starting. Without this it lived on as an orphan holding the port, and the
 * next `--reload` could not bind it. The `message` listener keeps Node reading the channel, which
 * is how the close is noticed.
 */
function followReloader(): void {
  const gone = (): void => {
    process.stderr.write('tsgi: the --reload supervisor is gone; stopping\n');
    process.kill(process.pid, 'SIGTERM');
  };
  process.on('message', () => undefined);
  process.once('disconnect', gone);
  if (!process.connected) gone();
}

/**
 * A worker listens to its primary from the start, not only once serve() listens: a primary that
 * dies meanwhile (SIGKILL: no message, only the IPC channel closing, which Node reports only while
 * something listens to the channel) would otherwise leave the worker to serve the port as an
 * orphan, and a shutdown sent meanwhile is taken now. Either way the worker has served nothing
 * yet, so it exits at once. `done()` hands over to serve()'s own handlers.
 */
function watchPrimaryDuringStartup(): { done(): void } {
  const onMessage = (message: unknown): void => {
    if (ipcTag(message) !== 'shutdown') return;
    process.stderr.write('tsgi: told to stop before this worker finished starting; exiting\n');
    process.exit(0);
  };
  const onDisconnect = (): void => {
    process.stderr.write('tsgi: the primary exited before this worker finished starting; exiting\n');
    process.exit(1);
  };
  process.on('message', onMessage);
  process.once('disconnect', onDisconnect);
  // The channel may have closed while Node was still loading this file: no event comes for that.
  if (!process.connected) onDisconnect();
  return {
    done: () => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
    },
  };
}

/**
 * Reads the TLS files before anything starts, so that a wrong path or a file that is not PEM is
 * one line naming the flag — not uWS's bare "App construction failed" after the app's lifespan
 * startup already ran.
 */
function checkTlsFiles(keyFile: string | undefined, certFile: string | undefined): void {
  for (const [flag, file] of [['--ssl-keyfile', keyFile], ['--ssl-certfile', certFile]] as const) {
    if (file === undefined) continue;
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (error) {
      throw new ServerStartError('bad-option', `${flag} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (!text.includes('-----BEGIN ')) throw new ServerStartError('bad-option', `${flag} ${file} is not a PEM file (no -----BEGIN line)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: a server (or the reloader) is running and exits through its own signal handling.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tsgi: ${message}\n`);
    if (!(error instanceof ServerStartError)) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exit(1);
  },
);
