/** Example 05 through the test client: routes, errors, middleware headers, SSE, WebSocket, lifespan. */
import t from 'tap';
import { createApp } from '../../examples/05-framework-app.js';
import { TestClient } from '../../src/protocol/index.js';

async function started(): Promise<{ client: TestClient; shutdown: () => Promise<void> }> {
  const client = new TestClient(createApp());
  const lifespan = await client.lifespan();
  return { client, shutdown: () => lifespan.shutdown() };
}

t.test('the root answers JSON with a request id', async (t) => {
  const { client, shutdown } = await started();
  const response = await client.get('/');
  t.same(response.json(), { api: 'tsgi' });
  t.match(response.header('x-request-id'), /^[0-9a-f-]{36}$/);
  await shutdown();
});

t.test('notes are read from the lifespan store and missing ones are 404', async (t) => {
  const { client, shutdown } = await started();
  t.same((await client.get('/notes/1')).json(), { id: 1, text: 'read the TSGI spec' });
  const missing = await client.get('/notes/9');
  t.equal(missing.status, 404);
  t.same(missing.json(), { detail: 'note 9 not found' });
  await shutdown();
});

t.test('creating a note answers 201 with its location; a bad body is 422', async (t) => {
  const { client, shutdown } = await started();
  const created = await client.post('/notes', { json: { text: 'write tests' } });
  t.equal(created.status, 201);
  t.equal(created.header('location'), '/notes/2');
  t.same((await client.get('/notes/2')).json(), { id: 2, text: 'write tests' });
  t.equal((await client.post('/notes', { json: { title: 'no text' } })).status, 422);
  await shutdown();
});

t.test('a note streams as Server-Sent Events, one word each', async (t) => {
  const { client, shutdown } = await started();
  const response = await client.get('/notes/1/events');
  t.equal(response.header('content-type'), 'text/event-stream; charset=utf-8');
  t.equal(response.text.split('\n\n').filter((e) => e.includes('event: word')).length, 4);
  await shutdown();
});

t.test('the live WebSocket echoes in upper case', async (t) => {
  const { client, shutdown } = await started();
  const ws = await client.websocket('/live');
  ws.sendText('hello');
  t.equal(await ws.receiveText(), 'HELLO');
  ws.sendBytes(new TextEncoder().encode('bytes too'));
  t.equal(await ws.receiveText(), 'BYTES TOO', 'a binary message is read as UTF-8 text');
  await ws.close();
  await shutdown();
});

t.test('cross-origin callers get CORS headers', async (t) => {
  const { client, shutdown } = await started();
  t.equal((await client.get('/', { headers: { origin: 'https://x.example' } })).header('access-control-allow-origin'), '*');
  await shutdown();
});
