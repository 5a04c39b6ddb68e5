/**
 * Property tests of declared-route validation (fast-check, bounded runs): any JSON body, query or
 * path text gets a 2xx or a 4xx with a well-formed FastAPI-style error list — never a 500 — and
 * every body that fits the schema is accepted unchanged.
 */
import t from 'tap';
import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { App } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

const RUNS = { numRuns: 150, seed: 9 };

function validatedApp(): App {
  const app = new App({ logger: { error: () => undefined } });
  app.post('/items', {
    body: Type.Object({
      title: Type.String({ minLength: 1, maxLength: 20 }),
      price: Type.Number({ minimum: 0 }),
      tags: Type.Optional(Type.Array(Type.String(), { maxItems: 5 })),
    }),
  }, ({ body }) => body);
  app.get('/items/{id}', {
    params: { id: Type.Integer({ minimum: 1 }) },
    query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), flag: Type.Boolean({ default: false }) }),
  }, ({ params, query }) => ({ id: params.id, ...query }));
  return app;
}

/** A 422 body lists errors with a location array, a message and a type. */
function wellFormed422(value: unknown): boolean {
  const detail = (value as { detail?: unknown }).detail;
  return Array.isArray(detail) && detail.length > 0 && detail.every((e: { loc?: unknown; msg?: unknown; type?: unknown }) => Array.isArray(e.loc) && typeof e.msg === 'string' && typeof e.type === 'string');
}

t.test('any JSON body gets 200 or a well-formed 422, never a 500', async (t) => {
  const client = new TestClient(validatedApp());
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ title: fc.jsonValue(), price: fc.jsonValue(), tags: fc.jsonValue() }, { requiredKeys: [] })), async (body) => {
      const response = await client.post('/items', { json: body });
      if (response.status === 422) {
        rejected += 1;
        if (!wellFormed422(response.json())) throw new Error(`malformed 422 for ${JSON.stringify(body)}`);
      } else if (response.status !== 200) throw new Error(`status ${response.status} for ${JSON.stringify(body)}`);
    }),
    RUNS,
  );
  t.ok(rejected > 0, `${rejected} bodies refused with 422`);
});

t.test('every body that fits the schema is accepted and echoed unchanged', async (t) => {
  const client = new TestClient(validatedApp());
  const valid = fc.record({
    title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => [...s].length <= 20),
    price: fc.double({ min: 0, max: 1e9, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    tags: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }),
  });
  await fc.assert(
    fc.asyncProperty(valid, async (body) => {
      const response = await client.post('/items', { json: body });
      if (response.status !== 200) throw new Error(`status ${response.status} for ${JSON.stringify(body)}: ${response.text}`);
      t.same(response.json(), body);
    }),
    RUNS,
  );
});

t.test('any path and query text gets 200, 404, a slash redirect (307) or a well-formed 422', async (t) => {
  const client = new TestClient(validatedApp());
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 8 }), async (id, limit, flag) => {
      const response = await client.get(`/items/${encodeURIComponent(id)}?${new URLSearchParams({ limit, flag })}`);
      if (response.status === 422 && wellFormed422(response.json())) return;
      if (![200, 307, 404].includes(response.status)) throw new Error(`status ${response.status} for ${id} ${limit} ${flag}`);
    }),
    RUNS,
  );
  t.pass('no 5xx');
});

t.test('any body text, JSON or not and however deep, gets 200, 400 or a well-formed 422, never a 500', async (t) => {
  const client = new TestClient(validatedApp());
  const deep = (open: string) => fc.integer({ min: 1, max: 40_000 }).map((n) => open.repeat(n));
  const text = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), deep('['), deep('{"title":'), deep('[{"a":'));
  await fc.assert(
    fc.asyncProperty(text, async (body) => {
      const response = await client.post('/items', { body, headers: { 'content-type': 'application/json' } });
      if (response.status === 422 && !wellFormed422(response.json())) throw new Error(`malformed 422 for ${body.slice(0, 60)}`);
      if (![200, 400, 422].includes(response.status)) throw new Error(`status ${response.status} for ${body.slice(0, 60)}`);
    }),
    { numRuns: 60, seed: 9 },
  );
  t.pass('no 5xx');
});

t.test('a number the handler receives is always finite, whatever numeral the client wrote', async (t) => {
  const client = new TestClient(validatedApp());
  const numeral = fc.oneof(
    fc.double().filter(Number.isFinite).map(String),
    fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -500, max: 500 })).map(([m, e]) => `${m}e${e}`),
  );
  await fc.assert(
    fc.asyncProperty(numeral, async (price) => {
      const response = await client.post('/items', { body: `{"title":"t","price":${price}}`, headers: { 'content-type': 'application/json' } });
      if (response.status === 422) return;
      const seen = (response.json() as { price: unknown }).price;
      if (response.status !== 200 || typeof seen !== 'number' || !Number.isFinite(seen)) throw new Error(`${price} gave ${response.status} ${response.text}`);
    }),
    RUNS,
  );
  t.pass('only finite numbers reach the handler');
});
