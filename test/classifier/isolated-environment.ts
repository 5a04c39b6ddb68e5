/**
 * A private working environment for a classifier test: a temporary models folder holding only the
 * committed model (`models/tagifai/<COMMITTED_VERSION>`), a database path in a temporary folder, and an environment
 * for spawned CLIs with those two settings and no `TAGIFAI_*` variable inherited from the shell.
 *
 * Why: the real `models/tagifai` and `data/` change as a user follows the docs (`npm run train`
 * adds `v2`, `npm run batch` writes `data/predictions.sqlite`), and a user may export `TAGIFAI_*`
 * settings. A test that read them would pass or fail depending on what was done before `npm test`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/** The committed model version the tests are written against. */
export const COMMITTED_VERSION = 'v2';

/** Its folder in the repository (read only: tests copy it, never write into it). */
export const COMMITTED_MODEL_DIR = join(import.meta.dirname, '../../models/tagifai', COMMITTED_VERSION);

export interface IsolatedEnvironment {
  /** A models folder whose only version is a copy of the committed model. */
  modelsDir: string;
  /** A SQLite path that does not exist yet (its folder does). */
  database: string;
  /** `process.env` without `TAGIFAI_*`, plus `TAGIFAI_MODELS_DIR` and `TAGIFAI_DB` set to the two above. */
  env: Record<string, string>;
}

/**
 * Creates the environment in a fresh temporary folder, removed when `t` ends. The version's files
 * (graph, metadata, model card) are copied, half a megabyte, rather than the folder symlinked: the
 * registry lists real version folders only.
 */
export function isolatedEnvironment(t: Test): IsolatedEnvironment {
  const root = mkdtempSync(join(tmpdir(), 'tagifai-test-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const modelsDir = join(root, 'models');
  mkdirSync(join(modelsDir, COMMITTED_VERSION), { recursive: true });
  for (const file of readdirSync(COMMITTED_MODEL_DIR)) copyFileSync(join(COMMITTED_MODEL_DIR, file), join(modelsDir, COMMITTED_VERSION, file));
  mkdirSync(join(root, 'data'));
  const database = join(root, 'data', 'predictions.sqlite');
  const inherited = Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('TAGIFAI_'));
  return { modelsDir, database, env: { ...Object.fromEntries(inherited), TAGIFAI_MODELS_DIR: modelsDir, TAGIFAI_DB: database } };
}
