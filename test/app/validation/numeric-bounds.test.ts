// A number that parses but breaks a bound, or is not finite: the 422 entry shows the value as the
// client sent it and there is one entry per bad value. Expected entries were each checked against
// pydantic 2.13.4 (TypeAdapter of Annotated[int | float, Field(..., allow_inf_nan=False)]), the
// policy tsgi applies to every number (schema-compiler.ts: JSON cannot carry Infinity back).
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

function boundedApp(): App {
  const app = new App();
  app.get('/items/{id}', {
    params: { id: Type.Integer({ minimum: 1 }) },
    query: Type.Object({
      limit: Type.Optional(Type.Integer({ maximum: 100 })),
      r: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      ids: Type.Optional(Type.Array(Type.Integer({ maximum: 9 }))),
    }),
    headers: { x_page: Type.Optional(Type.Integer({ maximum: 5 })) },
    cookies: { size: Type.Optional(Type.Number({ exclusiveMaximum: 10 })) },
  }, ({ params, query }) => ({ id: params.id, ...query }));
  app.post('/bodies', { body: Type.Object({ r: Type.Number({ minimum: 0, maximum: 1 }) }) }, ({ body }) => body);
  return app;
}

interface Detail { loc: Array<string | number>; msg: string; type: string; input: unknown; ctx?: unknown }

async function details(path: string, headers: Record<string, string> = {}): Promise<Detail[]> {
  const response = await new TestClient(boundedApp()).get(path, { headers });
  return response.status === 422 ? (response.json() as { detail: Detail[] }).detail : [];
}

const LE_100 = 'Input should be less than or equal to 100';

t.test('a query integer over its maximum echoes the text sent, not the number read from it', async (t) => {
  t.strictSame(await details('/items/1?limit=1_000'), [{ loc: ['query', 'limit'], msg: LE_100, type: 'less_than_equal', input: '1_000', ctx: { le: 100 } }]);
  t.strictSame(await details('/items/1?limit=%20101%20'), [{ loc: ['query', 'limit'], msg: LE_100, type: 'less_than_equal', input: ' 101 ', ctx: { le: 100 } }]);
  t.strictSame(await details('/items/1?limit=1000.0'), [{ loc: ['query', 'limit'], msg: LE_100, type: 'less_than_equal', input: '1000.0', ctx: { le: 100 } }]);
});

t.test('a query number over its maximum echoes the exponent form the client wrote', async (t) => {
  t.strictSame(await details('/items/1?r=2e0'), [{ loc: ['query', 'r'], msg: 'Input should be less than or equal to 1', type: 'less_than_equal', input: '2e0', ctx: { le: 1 } }]);
});

t.test('a path, header and cookie value that breaks a bound echoes its text', async (t) => {
  t.strictSame((await details('/items/-0')).map((d) => [d.loc.join('.'), d.type, d.input]), [['path.id', 'greater_than_equal', '-0']]);
  t.strictSame((await details('/items/1', { 'x-page': '+6' })).map((d) => [d.loc.join('.'), d.type, d.input]), [['header.x-page', 'less_than_equal', '+6']]);
  t.strictSame((await details('/items/1', { cookie: 'size=1e1' })).map((d) => [d.loc.join('.'), d.type, d.input]), [['cookie.size', 'less_than', '1e1']]);
});

t.test('an item of a list parameter that breaks a bound echoes that item as sent', async (t) => {
  t.strictSame((await details('/items/1?ids=1&ids=010')).map((d) => [d.loc.join('.'), d.type, d.input]), [['query.ids.1', 'less_than_equal', '010']]);
});

t.test('inf, -inf and nan for a bounded number are one finite_number error each, echoing the text', async (t) => {
  for (const text of ['inf', '-inf', 'nan', 'INFINITY', '1e400']) {
    t.strictSame(await details(`/items/1?r=${text}`), [{ loc: ['query', 'r'], msg: 'Input should be a finite number', type: 'finite_number', input: text }], text);
  }
});

t.test('a huge integer over its maximum is one bound error, as Pydantic (which reads it exactly) says', async (t) => {
  t.strictSame((await details('/items/1?limit=12345678901234567891')).map((d) => [d.type, d.input]), [['less_than_equal', '12345678901234567891']]);
});

t.test('a body number that overflows to Infinity is one finite_number error despite its bounds', async (t) => {
  const response = await new TestClient(boundedApp()).post('/bodies', { body: '{"r": -1e400}', headers: { 'content-type': 'application/json' } });
  t.equal(response.status, 422);
  t.strictSame((response.json() as { detail: Detail[] }).detail.map((d) => [d.loc.join('.'), d.type]), [['body.r', 'finite_number']]);
});

t.test('values within their bounds still reach the handler as numbers', async (t) => {
  const response = await new TestClient(boundedApp()).get('/items/007?limit=1_00&r=.5e0&ids=0_9&ids=+1', { headers: { 'x-page': '5' } });
  t.equal(response.status, 200);
  t.strictSame(response.json(), { id: 7, limit: 100, r: 0.5, ids: [9, 1] });
});
