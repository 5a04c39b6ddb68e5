// Bodies and parameters an attacker chooses: each gets a 4xx that says what is wrong, never a 500,
// and the values a handler receives are ones JSON can carry back.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';
import { findJsonError } from '../../../src/app/validation/json-error-position.js';

const json = { 'content-type': 'application/json' };

function numbersApp(): App {
  const app = new App({ logger: { error: () => undefined } });
  app.post('/items', { body: Type.Object({ count: Type.Integer(), price: Type.Number() }) }, ({ body }) => body);
  app.get('/search', { query: { page: Type.Optional(Type.Integer()), ratio: Type.Optional(Type.Number()) } }, ({ query }) => query);
  return app;
}

t.test('malformed JSON nested 100,000 deep is a 400 naming the offset, not a stack overflow', async (t) => {
  const response = await new TestClient(numbersApp()).post('/items', { body: '['.repeat(100_000), headers: json });
  t.equal(response.status, 400);
  const [detail] = (response.json() as { detail: Array<{ type: string; ctx: { position: number } }> }).detail;
  t.equal(detail!.type, 'json_invalid');
  t.equal(detail!.ctx.position, 100_000);
});

t.test('the error scanner finds the first bad offset inside deep and wide containers', async (t) => {
  t.equal(findJsonError('{"a":[1,2,{"b":null}]}'), undefined);
  t.equal(findJsonError('[[[[]]]]'), undefined);
  t.equal(findJsonError('{"a":[1,2,{"b":nul}]}')?.position, 18);
  t.equal(findJsonError('{"a" 1}')?.position, 5);
  t.equal(findJsonError('[1,]')?.position, 3);
  t.equal(findJsonError('{"a":1,}')?.position, 7);
  t.equal(findJsonError('[1] 2')?.position, 4);
  t.same(findJsonError('{\n  "a": tru\n}'), { position: 12, line: 2, column: 11 });
  t.equal(findJsonError(`${'{"k":'.repeat(50_000)}1${'}'.repeat(49_999)}`)?.position, 300_000);
});

t.test('a body number that overflows to Infinity is a 422 finite_number, not a value the handler gets', async (t) => {
  const response = await new TestClient(numbersApp()).post('/items', { body: '{"count": 1e400, "price": -1e999}', headers: json });
  t.equal(response.status, 422);
  t.same(response.json(), {
    detail: [
      { loc: ['body', 'count'], input: 'Infinity', type: 'finite_number', msg: 'Input should be a finite number' },
      { loc: ['body', 'price'], input: '-Infinity', type: 'finite_number', msg: 'Input should be a finite number' },
    ],
  });
});

t.test('Infinity in the query string is a 422 for a number parameter (int_parsing for an integer, as Pydantic); finite values still pass', async (t) => {
  const client = new TestClient(numbersApp());
  const refused = await client.get('/search?ratio=Infinity&page=-Infinity');
  t.equal(refused.status, 422);
  t.same((refused.json() as { detail: Array<{ loc: string[]; type: string }> }).detail.map((d) => [d.loc.join('.'), d.type]),
    [['query.page', 'int_parsing'], ['query.ratio', 'finite_number']]);
  const accepted = await client.get('/search?ratio=0.25&page=3');
  t.same(accepted.json(), { page: 3, ratio: 0.25 });
});

t.test('an integer past 2^53 - 1, which a JavaScript number cannot hold exactly, is a 422', async (t) => {
  const client = new TestClient(numbersApp());
  const body = await client.post('/items', { body: '{"count": 12345678901234567891, "price": 1e300}', headers: json });
  t.equal(body.status, 422);
  t.same((body.json() as { detail: Array<{ loc: string[]; type: string }> }).detail.map((d) => [d.loc.join('.'), d.type]), [['body.count', 'int_too_large']]);
  const query = await client.get('/search?page=9007199254740993');
  t.equal(query.status, 422);
  const edge = await client.get('/search?page=-9007199254740991');
  t.same(edge.json(), { page: -9007199254740991 }, 'the largest exact integers still pass');
});

t.test('a body nested deeper than a recursive schema can be checked is a 422, not a stack overflow', async (t) => {
  const TreeNode = Type.Recursive((This) => Type.Object({ id: Type.Integer(), children: Type.Array(This) }), { $id: 'HostileTreeNode' });
  const app = new App({ logger: { error: () => t.fail('nothing is logged as an error') } });
  app.post('/tree', { body: TreeNode }, () => ({ ok: true }));
  const nested = (depth: number) => '{"id":1,"children":['.repeat(depth) + '{"id":1,"children":[]}' + ']}'.repeat(depth);
  const client = new TestClient(app);
  t.same((await client.post('/tree', { body: nested(100), headers: json })).json(), { ok: true });
  const response = await client.post('/tree', { body: nested(20_000), headers: json });
  t.equal(response.status, 422);
  t.same(response.json(), { detail: [{ loc: ['body'], msg: 'Input is nested too deeply to validate', type: 'recursion_loop', input: '[input nested deeper than 32 levels; not echoed]' }] });
});
