/**
 * The batch prediction job: CSV rows in, one stored prediction per project out.
 *
 * Rows are read as a stream and gathered into chunks; for each chunk the rows already predicted by
 * this model are skipped (resuming an interrupted run), the rest are predicted in ONE model call,
 * and the chunk is written in ONE transaction. An interruption therefore loses at most the chunk in
 * progress, and re-running the same command picks up where it stopped. Rows without an `id` or a
 * `title` cannot be predicted; they are counted and reported, not fatal.
 */
import type { CsvRow } from './csv-stream.js';
import type { PredictionStore, StoredPrediction } from './prediction-store.js';

/** What the job needs from a model: a batch predict and its identity. */
export interface BatchModel {
  id: string;
  version: string;
  predict(items: Array<{ title: string; description: string }>): Promise<Array<{ prediction: string; probabilities: Record<string, number> }>>;
}

/** Where the job stands, reported after every chunk. */
export interface BatchProgress {
  rowsRead: number;
  predicted: number;
  skipped: number;
  invalid: number;
  bytesRead: number;
}

/** Options of `runBatchJob`. */
export interface BatchJobOptions {
  rows: AsyncIterable<CsvRow>;
  store: PredictionStore;
  model: BatchModel;
  /** Rows per model call and per transaction (default 256). */
  chunkSize?: number;
  onProgress?: (progress: BatchProgress) => void;
  /** Rows that were refused, with the reason. */
  onInvalid?: (line: number, reason: string) => void;
  /** The clock, for `generated_at` (tests pass a fixed one). */
  now?: () => Date;
}

/**
 * Predicts every row of a CSV stream into the store.
 *
 * @example
 * ```ts
 * const summary = await runBatchJob({ rows: readCsvRows('projects.csv'), store, model });
 * ```
 */
export async function runBatchJob(options: BatchJobOptions): Promise<BatchProgress> {
  const chunkSize = options.chunkSize ?? 256;
  const now = options.now ?? (() => new Date());
  const progress: BatchProgress = { rowsRead: 0, predicted: 0, skipped: 0, invalid: 0, bytesRead: 0 };
  let chunk: CsvRow[] = [];
  for await (const row of options.rows) {
    progress.rowsRead += 1;
    progress.bytesRead = row.bytesRead;
    const id = (row.values.id ?? '').trim();
    const title = (row.values.title ?? '').trim();
    if (id === '' || title === '') {
      progress.invalid += 1;
      options.onInvalid?.(row.line, id === '' ? 'no id' : 'no title');
      continue;
    }
    chunk.push(row);
    if (chunk.length >= chunkSize) {
      await predictChunk(chunk, options, progress, now);
      chunk = [];
    }
  }
  if (chunk.length > 0) await predictChunk(chunk, options, progress, now);
  options.onProgress?.(progress);
  return progress;
}

async function predictChunk(chunk: CsvRow[], options: BatchJobOptions, progress: BatchProgress, now: () => Date): Promise<void> {
  const { store, model } = options;
  const todo = chunk.filter((row) => !store.has(row.values.id!.trim(), model.id));
  progress.skipped += chunk.length - todo.length;
  if (todo.length > 0) {
    const results = await model.predict(todo.map((row) => ({ title: row.values.title!, description: row.values.description ?? '' })));
    const generatedAt = now().toISOString();
    const stored: StoredPrediction[] = todo.map((row, i) => ({
      project_id: row.values.id!.trim(),
      prediction: results[i]!.prediction,
      probabilities: results[i]!.probabilities,
      model: { id: model.id, version: model.version },
      generated_at: generatedAt,
    }));
    store.writeChunk(stored);
    progress.predicted += stored.length;
  }
  options.onProgress?.(progress);
}
