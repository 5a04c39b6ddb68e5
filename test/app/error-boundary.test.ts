// The error boundary: what middleware throws, outside any route, still meets the app's exception
// handlers while no response has started; after the start it goes on to the server.
import t from 'tap';
import { App, HTTPException, JSONResponse } from '../../src/app/index.js';
import type { Middleware } from '../../src/protocol/app.js';
import { TestClient } from '../../src/protocol/index.js';

class Maintenance extends Error {}

const throwsBeforeStart: Middleware = () => async () => {
  throw new Maintenance('down for maintenance');
};

t.test('an error a middleware throws before the start goes through the app exception handlers', async (t) => {
  const app = new App({ middleware: [throwsBeforeStart], logger: { error: () => undefined } });
  app.exceptionHandler(Maintenance, (_request, error) => new JSONResponse({ detail: error.message }, { status: 503 }));
  app.get('/', () => 'never');
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 503);
  t.strictSame(response.json(), { detail: 'down for maintenance' });
});

t.test('an error a middleware throws after the response started reaches the server, not a second response', async (t) => {
  const throwsAfterStart: Middleware = (next) => async (scope, receive, send) => {
    await next(scope, receive, send);
    throw new HTTPException(500, 'too late');
  };
  const app = new App({ middleware: [throwsAfterStart], logger: { error: () => undefined } });
  app.get('/', () => ({ ok: true }));
  await t.rejects(new TestClient(app).get('/'), { message: 'too late' });
});

t.test('a WebSocket session passes the boundary untouched: a middleware error is not turned into HTTP', async (t) => {
  const app = new App({ middleware: [throwsBeforeStart], logger: { error: () => undefined } });
  app.websocket('/ws', async (ws) => ws.accept());
  await t.rejects(new TestClient(app).websocket('/ws'), { message: 'down for maintenance' });
});
