/**
 * Faults in the classifier's dependencies: the model run failing at run time, and the SQLite
 * file of the batch job full or locked. Each must give a clear error to the affected caller only,
 * leave nothing half-written, and let the next call succeed.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MicroBatcher } from '../../src/classifier/batching/micro-batcher.js';
import { runBatchJob, type BatchModel } from '../../src/classifier/batch/batch-job.js';
import { readCsvRows } from '../../src/classifier/batch/csv-stream.js';
import { PredictionStore } from '../../src/classifier/batch/prediction-store.js';

/** A run function standing in for onnxruntime: it fails on the calls listed, doubles otherwise. */
function flakyRun(failOn: number[]): { run: (items: number[]) => Promise<number[]>; calls: number[][] } {
  const calls: number[][] = [];
  return {
    calls,
    run: async (items) => {
      calls.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failOn.includes(calls.length)) throw new Error('onnxruntime: Non-zero status code returned while running Gemm node');
      return items.map((x) => x * 2);
    },
  };
}

t.test('a model run that throws fails only the requests of that run, and the next run succeeds', async (t) => {
  const { run, calls } = flakyRun([1]);
  const batcher = new MicroBatcher(run, { maxWaitMs: 0 });
  const first = batcher.submit([1]);
  first.catch(() => undefined);
  while (calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  // Submitted while run 1 is in flight: these share run 2.
  const later = [batcher.submit([2]), batcher.submit([3])];
  await t.rejects(first, /onnxruntime/);
  t.same(await Promise.all(later), [[4], [6]]);
  t.same(await batcher.submit([5]), [10]);
  t.same(calls, [[1], [2, 3], [5]]);
});

t.test('with batching off, a throwing run fails only its own request', async (t) => {
  const batcher = new MicroBatcher(async (items: number[]) => {
    if (items.includes(2)) throw new Error('onnxruntime: bad input tensor');
    return items.map((x) => x * 2);
  }, { enabled: false });
  const results = await Promise.allSettled([batcher.submit([1]), batcher.submit([2]), batcher.submit([3])]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
});

const model: BatchModel = {
  id: 'v9', version: '9.0.0',
  async predict(items) {
    return items.map(() => ({ prediction: 'mlops', probabilities: { mlops: 0.7, other: 0.3 } }));
  },
};

function writeCsv(dir: string, rows: number): string {
  const lines = ['id,title,description'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},Project ${i},${'a fairly long description to fill pages '.repeat(8)}`);
  const file = join(dir, 'projects.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The store's connection, reached past `private` to set a real SQLite limit on it (test only). */
function connectionOf(store: PredictionStore): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

function rowsAreWhole(file: string): { count: number; whole: boolean } {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT * FROM predictions').all() as Array<Record<string, string>>;
  db.close();
  const whole = rows.every((r) => r.prediction === 'mlops' && JSON.parse(r.probabilities!).mlops === 0.7 && r.model_id === 'v9');
  return { count: rows.length, whole };
}

t.test('a database that fills up stops the job with SQLITE_FULL and keeps only whole chunks', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'predictions.sqlite');
  const store = PredictionStore.open(file);
  const db = connectionOf(store);
  const pages = (db.pragma('page_count', { simple: true }) as number) + 12;
  db.pragma(`max_page_count = ${pages}`);
  const error = await runBatchJob({ rows: readCsvRows(writeCsv(dir, 2000)), store, model, chunkSize: 50 }).then(() => null, (e: unknown) => e);
  t.ok(error instanceof Error, 'the job failed');
  t.match(String((error as { code?: string }).code), /SQLITE_FULL/);
  t.match((error as Error).message, /full/);
  store.close();
  const { count, whole } = rowsAreWhole(file);
  t.ok(count > 0 && count < 2000, `${count} rows stored before the limit`);
  t.equal(count % 50, 0, 'only whole chunks were committed');
  t.ok(whole, 'every stored row is complete');
});

t.test('a database locked by another writer fails the job with SQLITE_BUSY, and a rerun completes', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'predictions.sqlite');
  const csv = writeCsv(dir, 300);
  const store = PredictionStore.open(file);
  connectionOf(store).pragma('busy_timeout = 50');
  const locker = new Database(file);
  locker.exec('BEGIN EXCLUSIVE');
  const error = await runBatchJob({ rows: readCsvRows(csv), store, model, chunkSize: 100 }).then(() => null, (e: unknown) => e);
  t.match(String((error as { code?: string } | null)?.code), /SQLITE_BUSY/);
  locker.exec('ROLLBACK');
  locker.close();
  t.equal(rowsAreWhole(file).count, 0, 'nothing was written while locked');
  const summary = await runBatchJob({ rows: readCsvRows(csv), store, model, chunkSize: 100 });
  t.equal(summary.predicted, 300);
  store.close();
  t.same(rowsAreWhole(file), { count: 300, whole: true });
});
