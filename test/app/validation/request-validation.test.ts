// Declared routes validate and coerce their input: every error in one FastAPI-style 422,
// malformed JSON is a 400 that says where, non-JSON bodies are 415.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App, dependency } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

function itemsApp(): App {
  const app = new App();
  app.get('/items/{id}', {
    params: { id: Type.Integer({ minimum: 1 }) },
    query: Type.Object({
      verbose: Type.Boolean({ default: false }),
      ratio: Type.Optional(Type.Number()),
      tag: Type.Optional(Type.Array(Type.String())),
    }),
    headers: { x_trace: Type.Optional(Type.String({ minLength: 3 })) },
  }, ({ params, query, headers }) => ({ id: params.id, verbose: query.verbose, ratio: query.ratio, tag: query.tag, trace: headers.x_trace }));
  app.post('/items', {
    body: Type.Object({
      title: Type.String({ minLength: 1, maxLength: 5 }),
      price: Type.Number({ minimum: 0 }),
      kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
      items: Type.Optional(Type.Array(Type.Object({ title: Type.String() }), { maxItems: 3 })),
    }),
    responses: { 201: Type.Object({ title: Type.String() }, { additionalProperties: false }) },
  }, ({ body }) => ({ title: body.title }));
  return app;
}

t.test('path, query and header strings are coerced to their declared types, with defaults', async (t) => {
  const client = new TestClient(itemsApp());
  const response = await client.get('/items/42?ratio=0.5&tag=a&tag=b', { headers: { 'x-trace': 'abcd' } });
  t.equal(response.status, 200);
  t.same(response.json(), { id: 42, verbose: false, ratio: 0.5, tag: ['a', 'b'], trace: 'abcd' });
  const single = await client.get('/items/7?verbose=true&tag=only');
  t.same(single.json(), { id: 7, verbose: true, tag: ['only'] });
});

t.test('every parameter error is listed with its location and Pydantic type name', async (t) => {
  const client = new TestClient(itemsApp());
  const response = await client.get('/items/abc?verbose=maybe&ratio=x', { headers: { 'x-trace': 'a' } });
  t.equal(response.status, 422);
  const detail = (response.json() as { detail: Array<{ loc: unknown[]; type: string; msg: string }> }).detail;
  t.same(detail.map((d) => [d.loc, d.type]), [
    [['path', 'id'], 'int_parsing'],
    [['query', 'verbose'], 'bool_parsing'],
    [['query', 'ratio'], 'float_parsing'],
    [['header', 'x-trace'], 'string_too_short'],
  ]);
  t.match(detail[3]!.msg, /at least 3 characters/);
});

t.test('a bound below the minimum is greater_than_equal', async (t) => {
  const response = await new TestClient(itemsApp()).get('/items/0');
  t.same((response.json() as { detail: Array<{ type: string }> }).detail.map((d) => d.type), ['greater_than_equal']);
});

t.test('body errors reach into arrays and report every problem', async (t) => {
  const client = new TestClient(itemsApp());
  const response = await client.post('/items', { json: { title: 'too long', price: -1, kind: 'c', items: [{ title: 'x' }, { title: 'y' }, { title: 3 }, { title: 'z' }] } });
  t.equal(response.status, 422);
  const detail = (response.json() as { detail: Array<{ loc: unknown[]; type: string }> }).detail;
  t.same(detail.map((d) => [d.loc, d.type]).sort(), [
    [['body', 'items'], 'too_long'],
    [['body', 'items', 2, 'title'], 'string_type'],
    [['body', 'kind'], 'literal_error'],
    [['body', 'price'], 'greater_than_equal'],
    [['body', 'title'], 'string_too_long'],
  ].sort());
});

t.test('missing fields and a non-object body are named', async (t) => {
  const client = new TestClient(itemsApp());
  const missing = await client.post('/items', { json: {} });
  t.same((missing.json() as { detail: Array<{ loc: unknown[]; type: string }> }).detail.map((d) => [d.loc, d.type]),
    [[['body', 'title'], 'missing'], [['body', 'price'], 'missing']]);
  const list = await client.post('/items', { json: [1] });
  t.same((list.json() as { detail: Array<{ type: string }> }).detail.map((d) => d.type), ['model_attributes_type']);
});

t.test('unknown body keys are dropped, and a declared 2xx status is used', async (t) => {
  const response = await new TestClient(itemsApp()).post('/items', { json: { title: 'pen', price: 2, secret: true } });
  t.equal(response.status, 201);
  t.same(response.json(), { title: 'pen' });
});

t.test('an empty required body is a 422 missing body', async (t) => {
  const response = await new TestClient(itemsApp()).post('/items', {});
  t.equal(response.status, 422);
  t.same(response.json(), { detail: [{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }] });
});

t.test('malformed JSON is a 400 that gives the position', async (t) => {
  const response = await new TestClient(itemsApp()).post('/items', { body: '{"title": "x",\n "price": }', headers: { 'content-type': 'application/json' } });
  t.equal(response.status, 400);
  const [detail] = (response.json() as { detail: Array<{ loc: unknown[]; type: string; msg: string }> }).detail;
  t.equal(detail!.type, 'json_invalid');
  t.same(detail!.loc, ['body', 25]);
  t.match(detail!.msg, /line 2 column 11/);
});

t.test('JSON media types with parameters and +json suffixes are accepted; others are 415', async (t) => {
  const client = new TestClient(itemsApp());
  const body = JSON.stringify({ title: 'a', price: 1 });
  for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
    t.equal((await client.post('/items', { body, headers: { 'content-type': type } })).status, 201, type);
  }
  t.equal((await client.post('/items', { body, headers: { 'content-type': 'text/plain' } })).status, 415);
  t.equal((await client.post('/items', { body })).status, 415);
});

t.test('a response that breaks its schema in development mode is a 500', async (t) => {
  const app = new App({ logger: { error: () => {} } as never });
  app.get('/bad', { responses: { 200: Type.Object({ n: Type.Integer() }) } }, () => ({ n: 'no' }));
  const response = await new TestClient(app).get('/bad');
  t.equal(response.status, 500);
  t.notMatch(response.text, /no/);
});

t.test('a header error names the header as sent (FastAPI loc), and a dependency reading it is not called', async (t) => {
  let called = 0;
  const token = dependency({ headers: { x_api_token: Type.String({ minLength: 4 }) } }, ({ headers }) => {
    called += 1;
    return headers.x_api_token;
  });
  const app = new App();
  app.get('/secret', { inject: { token } }, ({ deps }) => ({ token: deps.token }));
  const client = new TestClient(app);
  const missing = await client.get('/secret');
  t.same(missing.json(), { detail: [{ loc: ['header', 'x-api-token'], msg: 'Field required', type: 'missing', input: null }] });
  const short = await client.get('/secret', { headers: { 'x-api-token': 'abc' } });
  t.same((short.json() as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc), [['header', 'x-api-token']]);
  t.equal(called, 0, 'the provider never saw an invalid header');
  t.same((await client.get('/secret', { headers: { 'x-api-token': 'abcd' } })).json(), { token: 'abcd' });
});

t.test('a repeated query parameter declared as one value takes the last value, as FastAPI does', async (t) => {
  const app = new App();
  app.get('/search', { query: Type.Object({ q: Type.String(), page: Type.Integer(), tag: Type.Optional(Type.Array(Type.String())) }) },
    ({ query }) => query);
  const response = await new TestClient(app).get('/search?q=a&page=1&q=b&tag=x&page=2&tag=y');
  t.same(response.json(), { q: 'b', page: 2, tag: ['x', 'y'] });
  // The last value is the one validated: an earlier bad one does not count, a later one does.
  t.equal((await new TestClient(app).get('/search?q=a&page=x&page=3')).status, 200);
  t.equal((await new TestClient(app).get('/search?q=a&page=3&page=x')).status, 422);
});
