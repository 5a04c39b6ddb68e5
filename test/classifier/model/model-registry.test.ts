/**
 * The model registry lists version directories by number, ignoring anything that is not a model.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { latestModelVersion, listModelVersions } from '../../../src/classifier/model/model-registry.js';

const root = mkdtempSync(join(tmpdir(), 'tagifai-registry-'));
t.teardown(() => rmSync(root, { recursive: true }));
for (const name of ['v2', 'v10', 'v1', 'vx', 'v3-draft', 'v7']) {
  mkdirSync(join(root, name));
  if (name !== 'v7') writeFileSync(join(root, name, 'model.onnx'), '');
}
writeFileSync(join(root, 'v9'), 'a file, not a directory');

t.test('sorts versions numerically, oldest first (v1 < v2 < v10)', async (t) => {
  t.same(listModelVersions(root), ['v1', 'v2', 'v10']);
});

t.test('skips names that are not v<number> and directories without model.onnx', async (t) => {
  t.notOk(listModelVersions(root).includes('v7'));
  t.notOk(listModelVersions(root).includes('vx'));
});

t.test('the latest version is the newest; a missing root has none', async (t) => {
  t.equal(latestModelVersion(root), 'v10');
  t.same(listModelVersions(join(root, 'absent')), []);
  t.equal(latestModelVersion(join(root, 'absent')), undefined);
});
