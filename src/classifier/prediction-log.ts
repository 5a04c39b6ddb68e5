/**
 * The prediction log: one JSON line per prediction, for drift monitoring. Off unless configured.
 *
 * It records what is needed to watch the service's inputs and outputs shift over time — when, which
 * model, how long the input was, which label won and how sure the model was — but never the text
 * itself: the input appears only as a SHA-256 prefix (enough to spot repeats, not to read them).
 * Lines are appended through one write stream, so logging adds no await to the request path.
 *
 * The log is the service's, not the client's: a file that cannot be opened stops the startup (the
 * file is opened before the port opens, so the message names it instead of the process dying after
 * "listening"), and a write that fails later (disk full, file removed under a read-only mount) is
 * reported once on stderr and ends the logging — predictions keep being served.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** One line of the log. */
export interface PredictionLogEntry {
  time: string;
  model: string;
  input_hash: string;
  input_length: number;
  label: string;
  top_probability: number;
}

/** Where predictions are reported; the service holds one (a no-op one when logging is off). */
export interface PredictionLog {
  record(model: string, input: { title: string; description?: string }, result: { prediction: string; probabilities: Record<string, number> }): void;
  close(): Promise<void>;
}

/** Builds the log line for one prediction. */
export function logEntry(
  model: string,
  input: { title: string; description?: string },
  result: { prediction: string; probabilities: Record<string, number> },
  now: Date = new Date(),
): PredictionLogEntry {
  const text = `${input.title}\n${input.description ?? ''}`;
  return {
    time: now.toISOString(),
    model,
    input_hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    input_length: input.title.length + (input.description ?? '').length,
    label: result.prediction,
    top_probability: Math.max(...Object.values(result.probabilities)),
  };
}

/** A log that drops everything: the default. */
export const noPredictionLog: PredictionLog = {
  record() {},
  async close() {},
};

/** The prediction log file cannot be opened for appending (startup stops with this message). */
export class PredictionLogError extends Error {
  override readonly name = 'PredictionLogError';
  constructor(readonly file: string, cause: unknown) {
    super(`cannot open the prediction log ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Opens a JSON-lines log file for appending (its folder is created if needed).
 *
 * @throws PredictionLogError when the folder cannot be created or the file opened (a directory,
 *   no permission): synchronously, so the lifespan fails before the server listens.
 *
 * @example
 * ```ts
 * const log = openPredictionLog('logs/predictions.jsonl');
 * log.record('v1', { title: 'YOLO' }, { prediction: 'computer-vision', probabilities });
 * ```
 */
export function openPredictionLog(file: string, report: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): PredictionLog {
  let fd: number;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'a');
  } catch (error) {
    throw new PredictionLogError(file, error);
  }
  const stream: WriteStream = createWriteStream(file, { fd });
  let failed = false;
  // Without a listener a failed write is an uncaught 'error' event, which ends the process.
  stream.on('error', (error) => {
    if (failed) return;
    failed = true;
    report(`tagifai: the prediction log ${file} stopped: ${error.message}`);
  });
  return {
    record(model, input, result) {
      if (!failed) stream.write(JSON.stringify(logEntry(model, input, result)) + '\n');
    },
    close() {
      if (failed || stream.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stream.once('error', () => resolve());
        stream.end(resolve);
      });
    },
  };
}
