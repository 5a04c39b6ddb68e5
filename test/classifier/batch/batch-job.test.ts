import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatchJob, type BatchModel } from '../../../src/classifier/batch/batch-job.js';
import { readCsvRows } from '../../../src/classifier/batch/csv-stream.js';
import { PredictionStore } from '../../../src/classifier/batch/prediction-store.js';
import { ProgressBar, renderBar } from '../../../src/classifier/batch/progress-bar.js';

/** A fake model that labels by keyword and records each call's size; it can fail on call N. */
function keywordModel(failOnCall?: number): BatchModel & { calls: number[] } {
  const calls: number[] = [];
  return {
    id: 'v9', version: '9.0.0', calls,
    async predict(items) {
      calls.push(items.length);
      if (calls.length === failOnCall) throw new Error('interrupted');
      return items.map((item) => {
        const cv = /image|vision/i.test(item.title + item.description);
        return { prediction: cv ? 'computer-vision' : 'other', probabilities: { 'computer-vision': cv ? 0.9 : 0.1, other: cv ? 0.1 : 0.9 } };
      });
    },
  };
}

function writeCsv(dir: string, rows: number): string {
  const lines = ['id,title,description,extra'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},"Project ${i}${i % 2 ? ', image stuff' : ''}","about
project ${i}",x`);
  const file = join(dir, 'projects.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');

t.test('predicts every row into SQLite, in chunks, with id as project_id', async (t) => {
  const dir = t.testdir();
  const store = PredictionStore.open(join(dir, 'out', 'predictions.sqlite'));
  const model = keywordModel();
  const summary = await runBatchJob({ rows: readCsvRows(writeCsv(dir, 10)), store, model, chunkSize: 4, now: fixedNow });
  t.match(summary, { rowsRead: 10, predicted: 10, skipped: 0, invalid: 0 });
  t.same(model.calls, [4, 4, 2], 'one model call per chunk');
  t.same(store.get('3'), {
    project_id: '3', prediction: 'computer-vision', probabilities: { 'computer-vision': 0.9, other: 0.1 },
    model: { id: 'v9', version: '9.0.0' }, generated_at: '2026-01-02T03:04:05.000Z',
  });
  t.equal(store.get('4')!.prediction, 'other');
  t.equal(store.get('99'), undefined);
  store.close();
});

t.test('an interrupted run keeps whole chunks only, and a re-run resumes without redoing them', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'p.sqlite');
  const csv = writeCsv(dir, 10);
  const store = PredictionStore.open(file);
  await t.rejects(runBatchJob({ rows: readCsvRows(csv), store, model: keywordModel(2), chunkSize: 4 }), /interrupted/);
  t.equal(store.count(), 4, 'the first chunk was committed, the failed one left nothing');
  const model = keywordModel();
  const summary = await runBatchJob({ rows: readCsvRows(csv), store, model, chunkSize: 4 });
  t.match(summary, { predicted: 6, skipped: 4 });
  t.equal(store.count(), 10);
  t.same(model.calls, [4, 2], 'already-predicted rows were not sent to the model');
  store.close();
});

t.test('rows without id or title are counted as invalid and reported with their line', async (t) => {
  const dir = t.testdir();
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'id,title\n1,ok\n,no id\n3,\n');
  const store = PredictionStore.open(join(dir, 'p.sqlite'));
  const refused: string[] = [];
  const summary = await runBatchJob({ rows: readCsvRows(csv), store, model: keywordModel(), onInvalid: (line, why) => refused.push(`${line}:${why}`) });
  t.match(summary, { predicted: 1, invalid: 2 });
  t.same(refused, ['3:no id', '4:no title']);
  store.close();
});

t.test('a reader opens an existing database read-only and finds nothing before a job ran', async (t) => {
  const dir = t.testdir();
  t.equal(PredictionStore.openForReading(join(dir, 'missing.sqlite')), undefined);
  const writer = PredictionStore.open(join(dir, 'p.sqlite'));
  writer.writeChunk([{ project_id: 'a', prediction: 'mlops', probabilities: { mlops: 1 }, model: { id: 'v1', version: '1' }, generated_at: 'x' }]);
  const reader = PredictionStore.openForReading(join(dir, 'p.sqlite'))!;
  t.equal(reader.get('a')!.prediction, 'mlops');
  t.throws(() => reader.writeChunk([{ project_id: 'b', prediction: 'x', probabilities: {}, model: { id: 'v', version: 'v' }, generated_at: 'x' }]), /readonly/);
  reader.close();
  writer.close();
});

t.test('the progress bar draws in place on a terminal and in 10% steps elsewhere', async (t) => {
  t.equal(renderBar(0.5, 10), '[#####.....]  50%');
  const lines: string[] = [];
  const bar = new ProgressBar(100, { write: (text: string) => lines.push(text), isTTY: false });
  for (const bytes of [1, 2, 15, 55, 100]) bar.update(bytes, { predicted: bytes, skipped: 0, invalid: 0 });
  t.equal(lines.length, 4, 'steps 0, 1, 5 and 10 print; 2 bytes is still step 0');
  const tty: string[] = [];
  const live = new ProgressBar(10, { write: (text: string) => tty.push(text), isTTY: true });
  live.update(5, { predicted: 5, skipped: 1, invalid: 0 });
  live.finish();
  t.match(tty[0], /^\r\[#+\.+\]  50%  5 predicted, 1 already done, 0 invalid/);
  t.equal(tty[1], '\n');
});
