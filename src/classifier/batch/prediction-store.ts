/**
 * PredictionStore: the SQLite file where batch predictions are kept and served from.
 *
 * This is the "predict ahead, store, serve" path: `npm run batch` writes one row per project,
 * `GET /predictions/{project_id}` reads it back. Writes go in one transaction per chunk, so an
 * interrupted run leaves whole chunks or nothing — never half a row — and a re-run skips the
 * projects already predicted by the same model (that is what makes the job resumable). The file is
 * opened in WAL mode so the server can read while a batch job writes.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PredictionStoreError } from '../errors.js';

/** One stored prediction, in the shape `GET /predictions/{project_id}` returns. */
export interface StoredPrediction {
  project_id: string;
  prediction: string;
  probabilities: Record<string, number>;
  model: { id: string; version: string };
  generated_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS predictions (
  project_id    TEXT PRIMARY KEY,
  prediction    TEXT NOT NULL,
  probabilities TEXT NOT NULL,  -- JSON object: label -> probability
  model_id      TEXT NOT NULL,
  model_version TEXT NOT NULL,
  generated_at  TEXT NOT NULL   -- ISO 8601, UTC
)`;

interface Row {
  project_id: string;
  prediction: string;
  probabilities: string;
  model_id: string;
  model_version: string;
  generated_at: string;
}

/**
 * A handle on the predictions database.
 *
 * @example
 * ```ts
 * const store = PredictionStore.open('data/predictions.sqlite');
 * store.writeChunk([{ project_id: '6', prediction: 'mlops', ... }]);
 * store.get('6');
 * ```
 */
export class PredictionStore {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly exists: Database.Statement<[string, string], { one: number }>;
  private readonly insert: Database.Statement<[string, string, string, string, string, string]>;

  private constructor(db: Database.Database) {
    this.db = db;
    this.selectOne = db.prepare('SELECT * FROM predictions WHERE project_id = ?');
    this.exists = db.prepare('SELECT 1 AS one FROM predictions WHERE project_id = ? AND model_id = ?');
    this.insert = db.prepare('INSERT OR REPLACE INTO predictions VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Opens (creating the file, its folder and the table if needed) for writing. */
  static open(file: string): PredictionStore {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    return new PredictionStore(db);
  }

  /**
   * Opens an existing file read-only, or returns `undefined` when no batch job has created it yet.
   *
   * @throws PredictionStoreError when the file is there but cannot be read as the batch job's table.
   */
  static openForReading(file: string): PredictionStore | undefined {
    if (!existsSync(file)) return undefined;
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'predictions'").get();
      if (table === undefined) {
        db.close();
        return undefined;
      }
      return new PredictionStore(db);
    } catch (error) {
      // Not SQLite, or a predictions table without the batch job's columns. The handle is closed
      // here: the caller tries again on the next request, and each try would keep a file open.
      db?.close();
      throw new PredictionStoreError(file, error);
    }
  }

  /** The stored prediction for a project, or `undefined`. */
  get(projectId: string): StoredPrediction | undefined {
    const row = this.selectOne.get(projectId);
    if (row === undefined) return undefined;
    return {
      project_id: row.project_id,
      prediction: row.prediction,
      probabilities: JSON.parse(row.probabilities) as Record<string, number>,
      model: { id: row.model_id, version: row.model_version },
      generated_at: row.generated_at,
    };
  }

  /** Whether this project already has a prediction from this model (the resume check). */
  has(projectId: string, modelId: string): boolean {
    return this.exists.get(projectId, modelId) !== undefined;
  }

  /** Writes a chunk of predictions in one transaction: all of them, or none if anything fails. */
  writeChunk(predictions: readonly StoredPrediction[]): void {
    const write = this.db.transaction((rows: readonly StoredPrediction[]) => {
      for (const p of rows) {
        this.insert.run(p.project_id, p.prediction, JSON.stringify(p.probabilities), p.model.id, p.model.version, p.generated_at);
      }
    });
    write(predictions);
  }

  /** Number of stored predictions. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
