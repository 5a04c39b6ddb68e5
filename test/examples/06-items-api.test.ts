// Example 06 through the test client: every feature of declared routes, end to end.
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createItemsApp } from '../../examples/06-items-api.js';
import { TestClient } from '../../src/protocol/index.js';

async function started(events: string[] = []) {
  const client = new TestClient(createItemsApp(events));
  const lifespan = await client.lifespan();
  t.teardown(() => lifespan.shutdown());
  return client;
}

const admin = { authorization: 'Bearer admin-token' };

t.test('lists items with coerced paging and repeated tag filters', async (t) => {
  const client = await started();
  t.same((await client.get('/items?limit=5&tag=office&tag=x')).json(), [{ id: 1, title: 'Pen', price: 2, tags: ['office'] }]);
  const bad = await client.get('/items?limit=0&offset=-1');
  t.same((bad.json() as { detail: Array<{ loc: unknown[]; type: string }> }).detail.map((d) => [d.loc, d.type]),
    [[['query', 'limit'], 'greater_than_equal'], [['query', 'offset'], 'greater_than_equal']]);
});

t.test('creating needs a token, drops unknown keys and answers 201', async (t) => {
  const client = await started();
  t.equal((await client.post('/items', { json: { title: 'Ink', price: 1 } })).status, 401);
  const created = await client.post('/items', { json: { title: 'Ink', price: 1, color: 'blue' }, headers: { authorization: 'Bearer user-token' } });
  t.equal(created.status, 201);
  t.same(created.json(), { id: 2, title: 'Ink', price: 1, tags: [] });
});

t.test('replacing needs an admin (403 otherwise) and a known item (404)', async (t) => {
  const client = await started();
  const body = { title: 'Pencil', price: 1 };
  t.equal((await client.put('/items/1', { json: body, headers: { authorization: 'Bearer user-token' } })).status, 403);
  t.equal((await client.put('/items/9', { json: body, headers: admin })).status, 404);
  t.same((await client.put('/items/1', { json: body, headers: admin })).json(), { id: 1, title: 'Pencil', price: 1, tags: [] });
});

t.test('deleting needs the API key', async (t) => {
  const client = await started();
  t.equal((await client.delete('/items/1')).status, 401);
  t.equal((await client.delete('/items/1', { headers: { 'x-api-key': 'nope' } })).status, 403);
  t.same((await client.delete('/items/1', { headers: { 'x-api-key': 'key-1' } })).json(), { deleted: 1 });
});

t.test('stats are rate limited with Retry-After', async (t) => {
  const client = await started();
  for (let i = 0; i < 5; i++) t.equal((await client.get('/stats')).status, 200);
  const limited = await client.get('/stats');
  t.equal(limited.status, 429);
  t.ok(Number(limited.header('retry-after')) >= 1);
});

t.test('the app-level dependency cleans up after each response', async (t) => {
  const events: string[] = [];
  const client = await started(events);
  await client.get('/items/1');
  t.same(events, ['start /items/1', 'end /items/1']);
});

t.test('the WebSocket route gets validated query parameters and injected state', async (t) => {
  const client = await started();
  const ws = await client.websocket('/items/watch?tag=office');
  t.same(await ws.receiveJson(), { id: 1, title: 'Pen', price: 2, tags: ['office'] });
});

t.test('its OpenAPI document is valid 3.1 and lists both security schemes', async (t) => {
  const client = await started();
  const document = (await client.get('/openapi.json')).json() as { components: { securitySchemes: object } };
  t.equal((await new Validator().validate(document)).valid, true);
  t.same(Object.keys(document.components.securitySchemes).sort(), ['APIKey', 'HTTPBearer']);
  t.equal((await client.get('/docs')).status, 200);
});
