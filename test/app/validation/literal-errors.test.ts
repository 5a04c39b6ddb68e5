// A value outside a union of literals is one Pydantic-style literal_error naming every choice, not
// one error per branch; unions with other kinds of branches still report each branch.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

type Detail = { loc: unknown[]; msg: string; type: string; input?: unknown; ctx?: Record<string, unknown> };

function app(): App {
  const app = new App();
  app.post('/pets', {
    body: Type.Object({
      kind: Type.Union([Type.Literal('cat'), Type.Literal('dog')]),
      size: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
      tag: Type.Optional(Type.Union([Type.Literal('none'), Type.Integer()])),
    }),
  }, ({ body }) => body);
  app.get('/sorted', { query: { order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }) } }, ({ query }) => query.order);
  return app;
}

async function details(path: string, body?: unknown): Promise<Detail[]> {
  const client = new TestClient(app());
  const response = body === undefined ? await client.get(path) : await client.post(path, { json: body });
  return (response.json() as { detail: Detail[] }).detail;
}

t.test('a string outside a union of string literals is one literal_error listing the choices', async (t) => {
  t.same(await details('/pets', { kind: 'fish' }), [
    { loc: ['body', 'kind'], msg: "Input should be 'cat' or 'dog'", type: 'literal_error', input: 'fish', ctx: { expected: "'cat' or 'dog'" } },
  ]);
});

t.test('a value of another type gets the same single literal_error', async (t) => {
  const found = await details('/pets', { kind: 7 });
  t.equal(found.length, 1);
  t.equal(found[0]!.type, 'literal_error');
  t.equal(found[0]!.msg, "Input should be 'cat' or 'dog'");
});

t.test('number literals are listed unquoted, three or more with commas', async (t) => {
  const found = await details('/pets', { kind: 'cat', size: 9 });
  t.same(found.map((d) => [d.loc, d.msg]), [[['body', 'size'], 'Input should be 1, 2 or 3']]);
});

t.test('a query parameter declared as a literal union gets the same error', async (t) => {
  const found = await details('/sorted?order=up');
  t.same(found.map((d) => [d.loc, d.type, d.msg]), [[['query', 'order'], 'literal_error', "Input should be 'asc' or 'desc'"]]);
});

t.test('a union mixing a literal with another type reports each branch', async (t) => {
  const found = await details('/pets', { kind: 'cat', tag: 'x' });
  t.same(found.map((d) => d.type), ['literal_error', 'int_type']);
  t.equal(found[0]!.msg, "Input should be 'none'");
});
