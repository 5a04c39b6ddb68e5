// Integer and number parameters read their text as Pydantic v2 does: the accepted and refused
// forms below were each checked against pydantic 2.13.4 / pydantic-core 2.46.4 (TypeAdapter(int)
// and TypeAdapter(float) in lax mode), which FastAPI uses for path, query, header and cookie values.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App } from '../../../src/app/index.js';
import { parseIntegerText, parseNumberText } from '../../../src/app/validation/numeric-text.js';
import { TestClient } from '../../../src/protocol/index.js';

const INTEGERS_ACCEPTED: Array<[string, number]> = [
  ['42', 42], ['-5', -5], ['+5', 5], ['007', 7], ['-0', 0], [' 1', 1], ['1 ', 1], ['\t1\n', 1], ['\u00a01', 1],
  ['\u00851', 1], ['1.0', 1], ['-1.00', -1], ['1_000', 1000], ['0_0', 0], ['1_0.0', 10],
];
const INTEGERS_REFUSED = ['0x10', '1e3', '1E3', '1.5', '1.', '.0', '', ' ', '_1', '1_', '1__0', '+_1', '1.0_0', '--1', '- 1',
  'Infinity', 'inf', 'nan', '0b1', '0o7', '\ufeff1', '\u0661', '1.0e0', '1.0.0'];
const NUMBERS_ACCEPTED: Array<[string, number]> = [
  ['1.5', 1.5], ['1e3', 1000], ['1E+03', 1000], ['-.5e-3', -0.0005], ['.5', 0.5], ['5.', 5], ['1.e5', 1e5], ['+5', 5],
  [' 2 ', 2], ['1_000.5', 1000.5], ['1_.5', 1.5], ['+_1', 1], ['1e1_0', 1e10], ['INF', Infinity], ['-infinity', -Infinity],
];
const NUMBERS_REFUSED = ['0x10', '0b1', '0o7', '', ' ', '1e', 'e5', '.e5', '1e+', '_.5', '1.5_', '1__0', 'infinit', '1.0.0', '\ufeff1'];

t.test('integer text is read as Pydantic reads it: sign, digits, underscores, a zero fraction, trimmed', async (t) => {
  for (const [text, value] of INTEGERS_ACCEPTED) t.equal(parseIntegerText(text), value, JSON.stringify(text));
  for (const text of INTEGERS_REFUSED) t.equal(parseIntegerText(text), undefined, JSON.stringify(text));
});

t.test('number text is read as Pydantic reads it: decimals and exponents, inf and nan, no hex and no blank', async (t) => {
  for (const [text, value] of NUMBERS_ACCEPTED) t.equal(parseNumberText(text), value, JSON.stringify(text));
  t.ok(Number.isNaN(parseNumberText('-NaN')));
  for (const text of NUMBERS_REFUSED) t.equal(parseNumberText(text), undefined, JSON.stringify(text));
});

function numbersApp(): App {
  const app = new App();
  app.get('/items/{id}', {
    params: { id: Type.Integer() },
    query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })), ratio: Type.Optional(Type.Number()), ids: Type.Optional(Type.Array(Type.Integer())) }),
    headers: { x_page: Type.Optional(Type.Integer()) },
    cookies: { size: Type.Optional(Type.Integer()) },
  }, ({ params, query, headers, cookies }) => ({ id: params.id, ...query, page: headers.x_page, size: cookies.size }));
  return app;
}

interface Detail { loc: Array<string | number>; msg: string; type: string; input: unknown }

async function details(path: string, headers: Record<string, string> = {}): Promise<Detail[]> {
  const response = await new TestClient(numbersApp()).get(path, { headers });
  return response.status === 422 ? (response.json() as { detail: Detail[] }).detail : [];
}

const INT_PARSING = 'Input should be a valid integer, unable to parse string as an integer';

t.test('hex and exponent forms of an integer are a 422 int_parsing in the path, query, header and cookie', async (t) => {
  t.same(await details('/items/0x10'), [{ loc: ['path', 'id'], msg: INT_PARSING, type: 'int_parsing', input: '0x10' }]);
  t.same(await details('/items/1?limit=1e3'), [{ loc: ['query', 'limit'], msg: INT_PARSING, type: 'int_parsing', input: '1e3' }]);
  t.same(await details('/items/1', { 'x-page': '0x2' }), [{ loc: ['header', 'x-page'], msg: INT_PARSING, type: 'int_parsing', input: '0x2' }]);
  t.same(await details('/items/1', { cookie: 'size=1.5' }), [{ loc: ['cookie', 'size'], msg: INT_PARSING, type: 'int_parsing', input: '1.5' }]);
});

t.test('a number parameter refuses hex and a blank value with float_parsing', async (t) => {
  const msg = 'Input should be a valid number, unable to parse string as a number';
  t.same(await details('/items/1?ratio=0x10'), [{ loc: ['query', 'ratio'], msg, type: 'float_parsing', input: '0x10' }]);
  t.same(await details('/items/1?ratio='), [{ loc: ['query', 'ratio'], msg, type: 'float_parsing', input: '' }]);
});

t.test('each item of an integer list is read the same way, its index in loc', async (t) => {
  t.same(await details('/items/1?ids=1&ids=0x2&ids=3'), [{ loc: ['query', 'ids', 1], msg: INT_PARSING, type: 'int_parsing', input: '0x2' }]);
});

t.test('forms Pydantic accepts still reach the handler as numbers, and bounds see the number', async (t) => {
  const client = new TestClient(numbersApp());
  const response = await client.get('/items/007?limit=+5&ratio=1e3&ids=1_000&ids=2.0', { headers: { 'x-page': '3', cookie: 'size=-4' } });
  t.equal(response.status, 200);
  t.same(response.json(), { id: 7, limit: 5, ratio: 1000, ids: [1000, 2], page: 3, size: -4 });
  t.same((await details('/items/1?limit=0.0')).map((d) => d.type), ['greater_than_equal']);
});
