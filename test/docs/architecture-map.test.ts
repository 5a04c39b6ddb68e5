/**
 * The reading guides stay true to the tree: docs/architecture.md has a row for every folder of
 * `src/`, and every source file the guides name (README.md, docs/architecture.md,
 * docs/lifecycle.md, docs/tutorial/) exists, whether written as a path (`src/server/serve.ts`,
 * `routing/tree-router.ts`) or as a bare file name (`request-handler.ts`). Pure file reading.
 */
import t from 'tap';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** Every folder under `src/` (`src/app/routing`, ...) and every file in them, by name and by path. */
function sourceTree(): { folders: string[]; fileNames: Set<string>; filePaths: string[] } {
  const folders: string[] = [];
  const fileNames = new Set<string>();
  const filePaths: string[] = [];
  const walk = (folder: string): void => {
    folders.push(folder);
    for (const name of readdirSync(join(root, folder))) {
      const path = `${folder}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else {
        fileNames.add(name);
        filePaths.push(path);
      }
    }
  };
  for (const layer of readdirSync(join(root, 'src'))) {
    if (statSync(join(root, 'src', layer)).isDirectory()) walk(`src/${layer}`);
  }
  return { folders, fileNames, filePaths };
}

const guides = ['README.md', 'docs/architecture.md', 'docs/lifecycle.md', ...readdirSync(join(root, 'docs/tutorial')).map((name) => `docs/tutorial/${name}`)];

t.test('docs/architecture.md has a row for every folder of src/', async (t) => {
  const architecture = read('docs/architecture.md');
  const { folders } = sourceTree();
  t.ok(folders.length >= 4, folders.join(', '));
  const missing = folders.filter((folder) => !architecture.includes(`| \`${folder}/\` |`));
  t.same(missing, [], 'folders without a row in "Every folder of src/"');
});

t.test('every source file the reading guides name in backticks exists', async (t) => {
  const { fileNames, filePaths } = sourceTree();
  const missing: string[] = [];
  for (const guide of guides) {
    for (const [, name] of read(guide).matchAll(/`([\w./-]+\.ts)`/g)) {
      const path = name!;
      // A path may be written from the root (`src/server/serve.ts`) or from its layer (`routing/tree-router.ts`).
      const found = path.includes('/') ? existsSync(join(root, path)) || filePaths.some((file) => file.endsWith(`/${path}`)) : fileNames.has(path);
      if (!found) missing.push(`${guide}: ${path}`);
    }
  }
  t.same(missing, [], 'named files that do not exist');
});
