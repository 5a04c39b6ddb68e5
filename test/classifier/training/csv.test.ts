/**
 * The RFC 4180 CSV reader on the shapes the Made With ML data uses: quoted commas, newlines
 * inside fields, doubled quotes, CRLF line ends, and a byte-order mark.
 */
import t from 'tap';
import { CsvFormatError, parseCsv, parseCsvRecords } from '../../../src/classifier/training/csv.js';

t.test('splits plain fields on commas and records on newlines', async (t) => {
  t.same(parseCsvRecords('a,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
});

t.test('keeps commas and newlines inside quoted fields', async (t) => {
  t.same(parseCsv('title,description\n"A, B","line one\nline two"\n'), [{ title: 'A, B', description: 'line one\nline two' }]);
});

t.test('turns a doubled quote inside quotes into one quote', async (t) => {
  t.same(parseCsv('t\n"say ""hi"""\n'), [{ t: 'say "hi"' }]);
});

t.test('accepts CRLF line ends, a missing final newline and a byte-order mark', async (t) => {
  t.same(parseCsv('\uFEFFa,b\r\n1,2\r\n3,4'), [{ a: '1', b: '2' }, { a: '3', b: '4' }]);
});

t.test('fills missing trailing fields with empty strings and skips blank lines', async (t) => {
  t.same(parseCsv('a,b\n1\n\n'), [{ a: '1', b: '' }]);
});

t.test('rejects a quote left open, naming the line it started on', async (t) => {
  t.throws(() => parseCsvRecords('a\n"open\nstill open'), new CsvFormatError('unterminated quoted field starting on line 2'));
});
