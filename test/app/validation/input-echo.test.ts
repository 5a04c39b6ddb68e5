// A 422 echoes the value that failed under `input` (as FastAPI does) without ever failing itself:
// values nested deeper than MAX_ECHO_DEPTH are replaced by a note; missing and extra fields echo
// what FastAPI echoes.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App, HTTPException } from '../../../src/app/index.js';
import { echoInput, inputEchoer, INPUT_TOO_DEEP, MAX_ECHO_DEPTH } from '../../../src/app/validation/input-echo.js';
import { TestClient } from '../../../src/protocol/index.js';

type Detail = { loc: unknown[]; type: string; input?: unknown };

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function projectApp(): App {
  const app = new App();
  app.post('/predict', { body: Type.Object({ title: Type.String(), description: Type.Optional(Type.String()) }) }, ({ body }) => body);
  app.post('/strict', { body: Type.Object({ title: Type.String() }, { additionalProperties: false }), extraBody: 'forbid' }, ({ body }) => body);
  app.post('/batch', { body: Type.Object({ items: Type.Array(Type.Object({ title: Type.String() })) }) }, ({ body }) => body);
  app.get('/search', { query: Type.Object({ q: Type.String() }) }, ({ query }) => query);
  return app;
}

async function post(path: string, text: string): Promise<{ status: number; detail: Detail[] }> {
  const response = await new TestClient(projectApp()).post(path, { body: text, headers: { 'content-type': 'application/json' } });
  return { status: response.status, detail: (response.json() as { detail: Detail[] }).detail };
}

t.test('a title nested 100,000 levels deep is a 422 whose input is the too-deep note', async (t) => {
  const { status, detail } = await post('/predict', `{"title":${nested(100_000)}}`);
  t.equal(status, 422);
  t.same(detail, [{ loc: ['body', 'title'], msg: 'Input should be a valid string', type: 'string_type', input: INPUT_TOO_DEEP }]);
});

t.test('a body that is itself an array 100,000 levels deep is a 422, not a 500', async (t) => {
  const { status, detail } = await post('/predict', nested(100_000));
  t.equal(status, 422);
  t.equal(detail[0]!.type, 'model_attributes_type');
  t.equal(detail[0]!.input, INPUT_TOO_DEEP);
});

t.test('a deep title inside a batch item and a deep object title are 422s', async (t) => {
  const item = await post('/batch', `{"items":[{"title":${nested(50_000)}}]}`);
  t.equal(item.status, 422);
  t.same(item.detail.map((d) => [d.loc, d.input]), [[['body', 'items', 0, 'title'], INPUT_TOO_DEEP]]);
  const object = await post('/predict', `{"title":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
  t.equal(object.status, 422);
  t.equal(object.detail[0]!.input, INPUT_TOO_DEEP);
});

t.test('a value exactly MAX_ECHO_DEPTH deep is echoed unchanged; one level more is not', async (t) => {
  const atLimit = JSON.parse(nested(MAX_ECHO_DEPTH)) as unknown;
  t.same(echoInput(atLimit), atLimit);
  t.equal(echoInput(JSON.parse(nested(MAX_ECHO_DEPTH + 1))), INPUT_TOO_DEEP);
  t.same(echoInput({ a: [{ b: 1 }], c: 'x' }), { a: [{ b: 1 }], c: 'x' });
  t.equal(echoInput('text'), 'text');
  t.equal(echoInput(null), null);
});

t.test('a missing body field echoes the object it is missing from, as FastAPI does', async (t) => {
  const { status, detail } = await post('/predict', '{"description":"d"}');
  t.equal(status, 422);
  t.same(detail, [{ loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: { description: 'd' } }]);
});

t.test('a missing query parameter echoes null, as FastAPI does', async (t) => {
  const response = await new TestClient(projectApp()).get('/search');
  t.same((response.json() as { detail: Detail[] }).detail, [{ loc: ['query', 'q'], msg: 'Field required', type: 'missing', input: null }]);
});

t.test('an extra field refused by the schema echoes its value', async (t) => {
  const { detail } = await post('/strict', '{"title":"a","extra":[1,2]}');
  t.same(detail, [{ loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden', input: [1, 2] }]);
});

t.test('an HTTPException whose detail cannot be written as JSON is still constructed', async (t) => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const error = new HTTPException(422, cyclic);
  t.equal(error.status, 422);
  t.equal(error.detail, cyclic);
  t.match(error.message, /cannot be written as JSON/);
});

t.test('one echoer per validation: deep values inside a deep root become the note, shallow ones stay', async (t) => {
  const deep = JSON.parse(nested(MAX_ECHO_DEPTH + 5)) as unknown[];
  const shallow = { a: [1, 2] };
  const root = { deep, shallow, list: [deep, 'x'] };
  const echo = inputEchoer(root);
  t.equal(echo(root), INPUT_TOO_DEEP);
  t.equal(echo(deep), INPUT_TOO_DEEP);
  t.equal(echo(root.list), INPUT_TOO_DEEP);
  t.equal(echo(shallow), shallow, 'a shallow sibling is echoed as it is');
  t.equal(echo('text'), 'text');
  let inner: unknown = deep;
  for (let level = 0; level < 5; level++) inner = (inner as unknown[])[0];
  t.same(echo(inner), JSON.parse(nested(MAX_ECHO_DEPTH)), 'exactly the limit deep: echoed');
  const flat = { x: 1 };
  t.equal(inputEchoer(flat)(flat), flat);
});

t.test('thousands of refused extra keys are described without walking the body once per key', async (t) => {
  // A guard against a denial of service, not a speed claim: walking the whole body once per
  // error made this quadratic (20,000 keys took minutes); one walk takes milliseconds.
  const body: Record<string, unknown> = { title: 'x' };
  for (let i = 0; i < 20_000; i++) body[`k${i}`] = [i];
  const started = performance.now();
  const { status, detail } = await post('/strict', JSON.stringify(body));
  t.equal(status, 422);
  t.equal(detail.length, 20_000);
  t.same(detail[0]!.input, [0]);
  t.ok(performance.now() - started < 5000, 'answered in seconds, not minutes');
});
