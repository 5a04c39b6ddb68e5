/**
 * The labelled projects a model is trained or evaluated on, read from a Made With ML style CSV.
 *
 * Columns used: `title`, `description`, `tag` (others, such as `id` and `created_on`, are ignored).
 * The dataset's tags are already the task's four labels; any other tag is mapped to `other`, the
 * same rule the TagIfAI task applies to rare tags, so an evaluation file with finer tags still
 * scores against the model's labels. The file's sha256 is kept so metadata can say exactly which
 * bytes a model learnt from.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.js';

/** The four labels of the task, in the order the model uses (alphabetical, as the task's encoder). */
export const TAGIFAI_LABELS: readonly string[] = ['computer-vision', 'mlops', 'natural-language-processing', 'other'];

/** One labelled project. */
export interface LabelledProject {
  title: string;
  description: string;
  tag: string;
}

/** A dataset loaded from disk, with the digest of the exact file read. */
export interface Dataset {
  path: string;
  sha256: string;
  projects: LabelledProject[];
}

/** Raised when the data file is missing columns; names the file and the column. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/** Maps a raw tag onto the task's labels: known labels stay, anything else becomes `other`. */
export function mapTag(tag: string): string {
  const clean = tag.trim().toLowerCase();
  return TAGIFAI_LABELS.includes(clean) ? clean : 'other';
}

/** Reads and validates a dataset CSV. */
export function loadDataset(path: string): Dataset {
  const bytes = readFileSync(path);
  const rows = parseCsv(bytes.toString('utf8'));
  for (const column of ['title', 'description', 'tag']) {
    if (rows.length > 0 && !(column in rows[0]!)) throw new DatasetError(`${path}: no "${column}" column`);
  }
  const projects = rows.map((row) => ({ title: row.title!, description: row.description!, tag: mapTag(row.tag!) }));
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), projects };
}
