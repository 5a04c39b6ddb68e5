/**
 * The tagifai service's entry point: `npm start` (`node dist/src/classifier/main.js [flags]`).
 *
 * Reads the configuration (flags over `TAGIFAI_*` variables over defaults, see `config.ts`),
 * builds the app and hands it to `tsgi/server` — the only file of the classifier that imports the
 * server. The server runs the lifespan (the models load) before it opens the port, so a missing or
 * corrupt model ends the process with exit code 1 and a message naming the file. With
 * `--workers N` this process becomes the primary and starts N copies of itself, each a worker
 * with its own model; SIGINT/SIGTERM shut down gracefully (`/readyz` turns 503 first).
 */
import { DEFAULT_OPTIONS, Logger, runPrimary, serve, workersPort } from '../server/index.js';
import { createClassifierApp } from './app.js';
import { loadConfig, serverBodyLimit, settingsTable } from './config.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(`tagifai: the project classifier API\n\nSettings (environment variable, flag, default):\n${settingsTable()}\n`);
    return 0;
  }
  const config = loadConfig(argv, process.env);
  if (config.workers > 1 && process.env.TSGI_WORKER_ID === undefined) {
    const port = await workersPort(config.host, config.port);
    const log = new Logger(DEFAULT_OPTIONS.logLevel, false);
    return runPrimary({ count: config.workers, script: process.argv[1]!, args: [...argv, '--port', String(port)], execArgv: process.execArgv, log });
  }
  const { app } = createClassifierApp(config);
  await serve(app, {
    host: config.host,
    port: config.port,
    // Above the app's limit, so clients meet the app's 413 (CORS, metrics, the API's error shape);
    // the server's stays as a backstop (see SERVER_BODY_LIMIT_FACTOR).
    maxBodySize: serverBodyLimit(config),
    accessLog: false,
    handleSignals: true,
  });
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: the server is running and exits through its own signal handling.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`tagifai: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
