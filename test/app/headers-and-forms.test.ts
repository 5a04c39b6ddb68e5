/** The read-only Headers view and FormData: lookups, repeats, iteration. */
import t from 'tap';
import { FormData, Headers, UploadFile } from '../../src/app/index.js';
import { parseUrlencoded } from '../../src/app/form-data.js';
import { findHeader } from '../../src/app/headers.js';

t.test('Headers looks names up case-insensitively and keeps order and repeats', async (t) => {
  const headers = new Headers([['accept', 'a'], ['x-id', '1'], ['x-id', '2']]);
  t.equal(headers.get('X-ID'), '1');
  t.same(headers.getAll('x-id'), ['1', '2']);
  t.equal(headers.has('Accept'), true);
  t.equal(headers.has('missing'), false);
  t.same([...headers].map(([name]) => name), ['accept', 'x-id', 'x-id']);
  t.equal(findHeader(headers.list, 'x-id'), '1');
  t.equal(findHeader(headers.list, 'nope'), null);
});

t.test('FormData keeps repeated fields in order and mixes text with files', async (t) => {
  const file = new UploadFile('a.txt', 'text/plain', new TextEncoder().encode('hi'));
  const form = new FormData([['tag', 'x'], ['file', file], ['tag', 'y']]);
  t.equal(form.get('tag'), 'x');
  t.same(form.getAll('tag'), ['x', 'y']);
  t.equal(form.get('file'), file);
  t.equal(form.get('missing'), null);
  t.equal(form.has('file'), true);
  t.same([...form].map(([name]) => name), ['tag', 'file', 'tag']);
  t.equal(file.size, 2);
  t.equal(file.text(), 'hi');
});

t.test('urlencoded parsing decodes plus signs and percent escapes', async (t) => {
  const form = parseUrlencoded('q=a+b%2Bc&empty=&flag');
  t.same(form.entries, [['q', 'a b+c'], ['empty', ''], ['flag', '']]);
});
