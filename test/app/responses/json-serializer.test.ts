// Serialisers compiled from response schemas: same JSON as JSON.stringify for declared shapes, only
// declared properties written (FastAPI's response_model), and a fallback for schemas it cannot take.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { App } from '../../../src/app/index.js';
import { compileSerializer, toJsonText } from '../../../src/app/responses/json-serializer.js';
import { TestClient } from '../../../src/protocol/index.js';

const Item = Type.Object({ id: Type.Integer(), name: Type.String(), tags: Type.Array(Type.String()), note: Type.Union([Type.String(), Type.Null()]) });

t.test('a compiled serialiser writes the same JSON as JSON.stringify for a value of its schema', async (t) => {
  const value = { id: 3, name: 'l"amp\n', tags: ['a', 'ü'], note: null };
  t.equal(compileSerializer(Item)(value), JSON.stringify(value));
});

t.test('only the properties the schema declares are written', async (t) => {
  t.equal(compileSerializer(Type.Object({ id: Type.Integer() }))({ id: 1, password: 'x' }), '{"id":1}');
});

t.test('undefined is written as null, as a plain return value is', async (t) => {
  t.equal(compileSerializer(Item)(undefined), 'null');
  t.equal(toJsonText(undefined), 'null');
});

t.test('no schema, or one the compiler cannot resolve, falls back to JSON.stringify', async (t) => {
  t.equal(compileSerializer(undefined), toJsonText);
  t.equal(compileSerializer(Type.Ref('NotRegisteredAnywhere')), toJsonText);
});

t.test('a declared route sends its 200 through the compiled serialiser (undeclared fields stay out)', async (t) => {
  const app = new App();
  app.get('/items/{id}', { params: { id: Type.Integer() }, responses: { 200: Type.Object({ id: Type.Integer() }) } },
    ({ params }) => ({ id: params.id, internal: 'secret' }));
  const response = await new TestClient(app).get('/items/5');
  t.equal(response.status, 200);
  t.equal(response.text, '{"id":5}');
  t.equal(response.header('content-type'), 'application/json');
});

t.test('a first declared status other than 200 is serialised the same way', async (t) => {
  const app = new App();
  app.post('/items', { responses: { 201: Type.Object({ id: Type.Integer() }) } }, () => ({ id: 9, extra: true }));
  const response = await new TestClient(app).post('/items');
  t.equal(response.status, 201);
  t.equal(response.text, '{"id":9}');
});
