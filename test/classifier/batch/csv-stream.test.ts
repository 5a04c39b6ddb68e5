import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvParser, readCsvRows } from '../../../src/classifier/batch/csv-stream.js';
import { CsvFormatError } from '../../../src/classifier/errors.js';

function parseAll(text: string, chunkSize = text.length): string[][] {
  const parser = new CsvParser();
  const records = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...parser.push(text.slice(i, i + chunkSize)));
  records.push(...parser.end());
  return records.map((r) => r.fields);
}

t.test('parses quoted fields holding commas, newlines and doubled quotes', async (t) => {
  const text = 'id,title\r\n1,"A, B"\n2,"line one\nline two"\n3,"say ""hi"""\n';
  t.same(parseAll(text), [['id', 'title'], ['1', 'A, B'], ['2', 'line one\nline two'], ['3', 'say "hi"']]);
});

t.test('gives the same records whatever the chunk boundaries', async (t) => {
  const text = '\uFEFFid,title,description\n1,"x ""q"", y","multi\r\nline"\n2,plain,\n3,last,no newline';
  const whole = parseAll(text);
  for (const size of [1, 2, 3, 7]) t.same(parseAll(text, size), whole, `chunks of ${size}`);
  t.same(whole[0], ['id', 'title', 'description'], 'the byte-order mark is dropped');
  t.same(whole[3], ['3', 'last', 'no newline']);
});

t.test('reports the line where an unclosed quote opened', async (t) => {
  t.throws(() => parseAll('id,title\n1,ok\n2,"never closed\nmore'), CsvFormatError);
  t.throws(() => parseAll('id,title\n1,ok\n2,"never closed\nmore'), /line 3: a quoted field is never closed/);
});

t.test('readCsvRows keys rows by header, skips blank lines, pads missing fields and keeps extras', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'rows.csv');
  writeFileSync(file, 'id,title,description,tag\n7,"Vision, mostly","multi\nline",cv\n\n8,short\n');
  const rows = [];
  for await (const row of readCsvRows(file, { highWaterMark: 8 })) rows.push(row);
  t.same(rows.map((r) => r.values), [
    { id: '7', title: 'Vision, mostly', description: 'multi\nline', tag: 'cv' },
    { id: '8', title: 'short', description: '', tag: '' },
  ]);
  t.same(rows.map((r) => r.line), [2, 5]);
  t.ok(rows.at(-1)!.bytesRead > 0);
});
