import t from 'tap';
import Database from 'better-sqlite3';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PredictionStore } from '../../../src/classifier/batch/prediction-store.js';
import { PredictionStoreError } from '../../../src/classifier/errors.js';

/** Files this process has open (Linux). */
const openFiles = () => readdirSync('/proc/self/fd').length;

t.test('a file that is not SQLite is a PredictionStoreError naming it, and no handle stays open', async (t) => {
  const file = join(t.testdir(), 'predictions.sqlite');
  writeFileSync(file, 'this is not a database, just some bytes '.repeat(200));
  t.throws(() => PredictionStore.openForReading(file), PredictionStoreError);
  t.throws(() => PredictionStore.openForReading(file), { message: `cannot read the batch predictions database ${file}: file is not a database`, status: 500, expose: false });
  const before = openFiles();
  for (let i = 0; i < 50; i++) t.throws(() => PredictionStore.openForReading(file));
  t.equal(openFiles(), before, 'fifty failed opens leave no file open');
});

t.test('a predictions table without the batch job\'s columns is refused the same way', async (t) => {
  const file = join(t.testdir(), 'predictions.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE predictions (something TEXT)');
  db.close();
  const before = openFiles();
  t.throws(() => PredictionStore.openForReading(file), { name: 'PredictionStoreError', message: /no such column: project_id|model_id/ });
  t.equal(openFiles(), before);
});

t.test('a missing file or one without the table is "no batch predictions yet"', async (t) => {
  const dir = t.testdir();
  t.equal(PredictionStore.openForReading(join(dir, 'none.sqlite')), undefined);
  const file = join(dir, 'empty.sqlite');
  new Database(file).close();
  t.equal(PredictionStore.openForReading(file), undefined);
});
