/** Request id and timing middleware. */
import t from 'tap';
import { App, requestId } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

function client(): TestClient {
  const app = new App({ middleware: [requestId({ generate: () => 'generated-1' })] });
  app.get('/', (request) => ({ id: request.state.requestId }));
  return new TestClient(app);
}

t.test('echoes a well-formed incoming x-request-id and shows it to the handler', async (t) => {
  const response = await client().get('/', { headers: { 'x-request-id': 'abc-123' } });
  t.equal(response.header('x-request-id'), 'abc-123');
  t.same(response.json(), { id: 'abc-123' });
});

t.test('generates an id when none or a malformed one arrives', async (t) => {
  const c = client();
  t.equal((await c.get('/')).header('x-request-id'), 'generated-1');
  t.equal((await c.get('/', { headers: { 'x-request-id': 'bad id\nInjected: yes' } })).header('x-request-id'), 'generated-1');
});

t.test('adds a server-timing header with the duration', async (t) => {
  t.match((await client().get('/')).header('server-timing'), /^app;dur=\d+\.\d{2}$/);
});

t.test('uses a fresh UUID by default', async (t) => {
  const app = new App({ middleware: [requestId()] });
  app.get('/', () => 'ok');
  t.match((await new TestClient(app).get('/')).header('x-request-id'), /^[0-9a-f-]{36}$/);
});
