import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logEntry, noPredictionLog, openPredictionLog, PredictionLogError } from '../../src/classifier/prediction-log.js';

const result = { prediction: 'mlops', probabilities: { mlops: 0.7, other: 0.2, 'computer-vision': 0.1 } };

t.test('an entry holds time, model, a hash and length of the input, the label and the top probability', async (t) => {
  const entry = logEntry('v1', { title: 'Feature store', description: 'for ML' }, result, new Date('2026-01-01T00:00:00Z'));
  t.same(Object.keys(entry), ['time', 'model', 'input_hash', 'input_length', 'label', 'top_probability']);
  t.match(entry, { time: '2026-01-01T00:00:00.000Z', model: 'v1', input_length: 19, label: 'mlops', top_probability: 0.7 });
  t.match(entry.input_hash, /^[0-9a-f]{16}$/);
  t.not(JSON.stringify(entry).includes('Feature'), true, 'the text itself is not logged');
});

t.test('the same input hashes the same, a different one differently', async (t) => {
  const a = logEntry('v1', { title: 'x', description: 'y' }, result).input_hash;
  t.equal(logEntry('v1', { title: 'x', description: 'y' }, result).input_hash, a);
  t.not(logEntry('v1', { title: 'x y' }, result).input_hash, a);
});

t.test('a file log appends one JSON line per prediction', async (t) => {
  const file = join(t.testdir(), 'logs', 'predictions.jsonl');
  const log = openPredictionLog(file);
  log.record('v1', { title: 'one' }, result);
  log.record('v1', { title: 'two' }, result);
  await log.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  t.equal(lines.length, 2);
  t.equal(lines[1].label, 'mlops');
});

t.test('the default log records nothing and closes at once', async (t) => {
  noPredictionLog.record('v1', { title: 'x' }, result);
  await noPredictionLog.close();
  t.pass('no file, no error');
});

t.test('a log file that cannot be opened is refused at once, naming the file', async (t) => {
  const dir = t.testdir({ 'a-directory': {} });
  t.throws(() => openPredictionLog(join(dir, 'a-directory')), PredictionLogError);
  t.throws(() => openPredictionLog(join(dir, 'a-directory')), { message: /cannot open the prediction log .*a-directory: EISDIR/ });
});

t.test('a write that fails later is reported once and ends the log, without an uncaught error', async (t) => {
  t.ok(existsSync('/dev/full'), 'this test needs /dev/full (every write fails with ENOSPC)');
  const reports: string[] = [];
  const log = openPredictionLog('/dev/full', (message) => reports.push(message));
  log.record('v1', { title: 'one' }, result);
  await new Promise((resolve) => setTimeout(resolve, 50));
  log.record('v1', { title: 'two' }, result);
  await log.close();
  t.equal(reports.length, 1);
  t.match(reports[0], /prediction log \/dev\/full stopped: ENOSPC/);
});
