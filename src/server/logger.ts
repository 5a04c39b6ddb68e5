/**
 * The server's log: one JSON object per line, so logs can be parsed by machines and still read
 * by people.
 *
 * Two streams share this shape: the access log (one line per finished response: method, path,
 * status, bytes, duration and the request id the app set in `x-request-id`) and the error log
 * (app failures with stacks, protocol violations, shutdown progress). Both go to stderr, leaving
 * stdout to the application.
 */
import type { LogLevel } from './config.js';

/**
 * The longest path an access line carries whole. uWS accepts a request line of ~100 KB, and one
 * access line per such request would reach log shippers that cut or drop lines far shorter.
 */
const MAX_LOGGED_PATH = 2048;

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/**
 * `JSON.stringify`, made total. Fields can hold whatever an app threw — a plain object with a
 * BigInt, a cycle, a `toJSON` that throws — and a logger that throws while reporting a failure
 * would turn one bad request into a crashed process. So a line that does not serialize is written
 * again with BigInts as strings and repeated objects as "[Circular]", and if even that fails,
 * as a line naming the message and why its fields were dropped.
 */
function serialize(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry);
  } catch {
    const seen = new WeakSet<object>();
    try {
      return JSON.stringify(entry, (_key, value: unknown) => {
        if (typeof value === 'bigint') return `${value}n`;
        if (typeof value === 'object' && value !== null) {
          if (seen.has(value)) return '[Circular]';
          seen.add(value);
        }
        return value;
      });
    } catch (error) {
      return JSON.stringify({ time: entry.time, level: entry.level, worker: entry.worker, message: entry.message, unserializable: String((error as Error)?.message ?? error) });
    }
  }
}

/** One finished HTTP response, as the access log records it. */
export interface AccessRecord {
  /** The request method as received. */
  method: string;
  /** The raw, still percent-encoded path; the query string is left out, as it may carry secrets. */
  path: string;
  /** The status the app (or the server) sent. */
  status: number;
  /** Response body bytes written. */
  bytes: number;
  /** From the server taking the request to the response finishing, in milliseconds. */
  durationMs: number;
  /** The app's `x-request-id` response header, to join this line with the app's own logs. */
  requestId: string | undefined;
  /** The client address, after trusted proxy headers are applied. */
  client: string | undefined;
}

/**
 * Writes structured lines; `write` is replaceable so tests can capture them.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = new Logger('warning', false, (line) => lines.push(line));
 * log.info('dropped: below the threshold');
 * log.error('kept', { worker: 2 });
 * ```
 */
export class Logger {
  private readonly threshold: number;
  constructor(
    level: LogLevel,
    /** Whether `access()` writes anything; off saves a JSON line per response under load. */
    readonly accessEnabled: boolean,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
    private readonly worker: number = 0,
  ) {
    this.threshold = LEVEL_RANK[level];
  }

  /** Logs a message at `level` with extra fields (an `error` field is expanded to its stack). */
  log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LEVEL_RANK[level] < this.threshold) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, worker: this.worker, message, ...fields };
    const error = fields.error;
    if (error instanceof Error) entry.error = { name: error.name, message: error.message, stack: error.stack };
    this.write(serialize(entry) + '\n');
  }

  /** Routine progress: listening, shutdown steps. */
  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }
  /** Something unusual the server recovered from. */
  warning(message: string, fields?: Record<string, unknown>): void {
    this.log('warning', message, fields);
  }
  /** A failure that cost a request or a worker. */
  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }

  /** One access-log line; skipped entirely (no allocation) when the access log is off. */
  access(record: AccessRecord): void {
    if (!this.accessEnabled || this.threshold > LEVEL_RANK.info) return;
    this.write(
      JSON.stringify({
        time: new Date().toISOString(),
        type: 'access',
        worker: this.worker,
        method: record.method,
        path: record.path.length > MAX_LOGGED_PATH ? `${record.path.slice(0, MAX_LOGGED_PATH)}...(${record.path.length} characters)` : record.path,
        status: record.status,
        bytes: record.bytes,
        durationMs: Math.round(record.durationMs * 1000) / 1000,
        requestId: record.requestId,
        client: record.client,
      }) + '\n',
    );
  }
}
