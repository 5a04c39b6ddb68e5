/**
 * The API reference (`npm run docs`, TypeDoc with `validation.notDocumented` and warnings as errors)
 * builds cleanly: every public export of tsgi/protocol, tsgi/server and tsgi/app carries TSDoc.
 * Run here with `--emit none` so the test writes nothing.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

t.test('TypeDoc documents every public export without a warning', async (t) => {
  const result = spawnSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--emit', 'none'], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  const output = `${result.stdout}${result.stderr}`;
  t.equal(result.status, 0, output.slice(-3000));
  t.notMatch(output, /\[warning\]/, 'no TypeDoc warnings');
});
