/**
 * The prediction log: one JSON line per prediction, for drift monitoring. Off unless configured.
 *
 * It records what is needed to watch the service's inputs and outputs shift over time — when, which
 * model, how long the input was, which label won and how sure the model was — but never the text
 * itself: the input appears only as a SHA-256 prefix (enough to spot repeats, not to read them).
 * Lines are appended through one write stream, so logging adds no await to the request path.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
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

/**
 * Opens a JSON-lines log file for appending (its folder is created if needed).
 *
 * @example
 * ```ts
 * const log = openPredictionLog('logs/predictions.jsonl');
 * log.record('v1', { title: 'YOLO' }, { prediction: 'computer-vision', probabilities });
 * ```
 */
export function openPredictionLog(file: string): PredictionLog {
  mkdirSync(dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: 'a' });
  return {
    record(model, input, result) {
      stream.write(JSON.stringify(logEntry(model, input, result)) + '\n');
    },
    close() {
      return new Promise<void>((resolve) => stream.end(resolve));
    },
  };
}
