/**
 * Errors of the tagifai service, in one catalogue.
 *
 * Like the framework's errors each carries an HTTP `status`, a stable `code` and `expose` (4xx
 * messages reach the client, 5xx do not). The routes turn them into responses; the batcher, the
 * prediction store and the configuration reader raise them without knowing about HTTP.
 */
import { AppError } from '../app/index.js';

/**
 * Base class of every classifier error. It extends the framework's `AppError` so an expected error
 * (a client's mistake, an overload) is answered without being logged as a bug. Unlike other 5xx,
 * a 503 is exposed: "the queue is full, retry later" is information the client needs.
 */
export class ClassifierError extends AppError {
  override readonly expose: boolean;
  constructor(message: string, status: number, code: string) {
    super(message, status, code);
    this.expose = status < 500 || status === 503;
  }
}

/**
 * The inference queue is full: the request is refused at once rather than waiting without bound.
 * Routes answer 503 with `Retry-After: retryAfterSeconds`.
 */
export class OverloadedError extends ClassifierError {
  readonly retryAfterSeconds: number;
  constructor(queued: number, retryAfterSeconds = 1) {
    super(`the inference queue is full (${queued} items waiting); retry later`, 503, 'overloaded');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The batcher was closed (the service is shutting down) while a request waited for it. */
export class BatcherClosedError extends ClassifierError {
  constructor() {
    super('the service is shutting down', 503, 'shutting_down');
  }
}

/** A setting (environment variable or flag) has a value that cannot be used. */
export class ConfigError extends ClassifierError {
  constructor(setting: string, value: string, expected: string) {
    super(`${setting}=${JSON.stringify(value)}: expected ${expected}`, 500, 'invalid_config');
  }
}

/**
 * The batch-predictions database exists but cannot be read (not SQLite, or not the table the batch
 * job writes). A 500: the operator's file, not the client's request; the message names the file.
 */
export class PredictionStoreError extends ClassifierError {
  constructor(file: string, cause: unknown) {
    super(`cannot read the batch predictions database ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, 500, 'prediction_store_unreadable');
    this.cause = cause;
  }
}

/** A CSV file for the batch job cannot be read as the expected table. */
export class CsvFormatError extends ClassifierError {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`, 400, 'invalid_csv');
  }
}
