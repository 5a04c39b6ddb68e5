import t from 'tap';
import { hasHeader, headerValue, headerValues, toHeaderList } from '../../src/protocol/headers.js';
import type { HeaderList } from '../../src/protocol/scope.js';

const headers: HeaderList = [
  ['content-type', 'text/plain'],
  ['Set-Cookie', 'a=1'],
  ['set-cookie', 'b=2'],
];

t.test('headerValue finds the first value whatever the case of either name', async (t) => {
  t.equal(headerValue(headers, 'Content-Type'), 'text/plain');
  t.equal(headerValue(headers, 'set-cookie'), 'a=1');
});

t.test('headerValue is undefined for an absent header', async (t) => {
  t.equal(headerValue(headers, 'x-missing'), undefined);
});

t.test('headerValues keeps every value in order', async (t) => {
  t.same(headerValues(headers, 'SET-COOKIE'), ['a=1', 'b=2']);
  t.same(headerValues(headers, 'x-missing'), []);
});

t.test('hasHeader tells presence, even for an empty value', async (t) => {
  t.equal(hasHeader([['x-empty', '']], 'X-Empty'), true);
  t.equal(hasHeader(headers, 'x-missing'), false);
});

t.test('toHeaderList lower-cases names from a record or a list without touching the input', async (t) => {
  t.same(toHeaderList({ 'Content-Type': 'a', Accept: 'b' }), [
    ['content-type', 'a'],
    ['accept', 'b'],
  ]);
  const list: HeaderList = [['X-Mixed', 'Value']];
  t.same(toHeaderList(list), [['x-mixed', 'Value']]);
  t.same(list, [['X-Mixed', 'Value']]);
});
