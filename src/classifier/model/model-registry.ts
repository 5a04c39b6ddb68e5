/**
 * The model registry: which versions of a model exist on disk, oldest to newest.
 *
 * A version is a directory named `v<number>` under the model's root (`models/tagifai/v1`, `v2`, ...)
 * holding `model.onnx` and `metadata.json`. Versions sort by their number, not as strings, so `v10`
 * comes after `v9`; the last one is the default the service serves.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = /^v(\d+)$/;

/**
 * Lists the version directories under `root` that contain a `model.onnx`, oldest first.
 *
 * @example
 * listModelVersions('models/tagifai') // → ['v1', 'v2', 'v10']
 */
export function listModelVersions(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && VERSION.test(entry.name) && existsSync(join(root, entry.name, 'model.onnx')))
    .map((entry) => entry.name)
    .sort((a, b) => Number(VERSION.exec(a)![1]) - Number(VERSION.exec(b)![1]));
}

/** The newest version under `root`, or undefined when there is none. */
export function latestModelVersion(root: string): string | undefined {
  return listModelVersions(root).at(-1);
}
