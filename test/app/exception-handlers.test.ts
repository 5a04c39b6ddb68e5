/** Exception handling: precedence of handlers, 404/405 through handlers, 500 without leaking internals. */
import t from 'tap';
import { App, HTTPException, JSONResponse, TextResponse, type ErrorLogger } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

class PaymentError extends Error {}
class CardDeclined extends PaymentError {}

/** A logger that records instead of printing. */
function recordingLogger(): ErrorLogger & { logged: unknown[] } {
  const logged: unknown[] = [];
  return { logged, error: (_message, error) => void logged.push(error) };
}

t.test('an unhandled error is a 500 with a generic body, and the stack goes to the log', async (t) => {
  const logger = recordingLogger();
  const app = new App({ logger });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  const response = await new TestClient(app).get('/boom');
  t.equal(response.status, 500);
  t.same(response.json(), { detail: 'Internal Server Error' });
  t.notMatch(response.text, 'hunter2');
  t.equal(logger.logged.length, 1);
  t.match((logger.logged[0] as Error).stack, /hunter2/);
});

t.test('an HTTPException is not logged as an error', async (t) => {
  const logger = recordingLogger();
  const app = new App({ logger });
  app.get('/', () => {
    throw new HTTPException(409, { reason: 'exists' });
  });
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 409);
  t.same(response.json(), { detail: { reason: 'exists' } });
  t.equal(logger.logged.length, 0);
});

t.test('a handler for the most specific class wins over one for its parent', async (t) => {
  const app = new App({ logger: recordingLogger() });
  app.exceptionHandler(PaymentError, () => new JSONResponse({ kind: 'payment' }, { status: 402 }));
  app.exceptionHandler(CardDeclined, (_request, error) => new JSONResponse({ kind: 'declined', message: error.message }, { status: 402 }));
  app.get('/declined', () => {
    throw new CardDeclined('no funds');
  });
  app.get('/payment', () => {
    throw new PaymentError('other');
  });
  const client = new TestClient(app);
  t.same((await client.get('/declined')).json(), { kind: 'declined', message: 'no funds' });
  t.same((await client.get('/payment')).json(), { kind: 'payment' });
});

t.test('a status handler wins over a class handler for an HTTPException of that status', async (t) => {
  const app = new App();
  app.exceptionHandler(HTTPException, () => new TextResponse('by class', { status: 400 }));
  app.exceptionHandler(404, () => new TextResponse('by status', { status: 404 }));
  app.get('/missing', () => {
    throw new HTTPException(404);
  });
  app.get('/bad', () => {
    throw new HTTPException(400);
  });
  const client = new TestClient(app);
  t.equal((await client.get('/missing')).text, 'by status');
  t.equal((await client.get('/bad')).text, 'by class');
});

t.test('router 404s and 405s go through the handlers too', async (t) => {
  const app = new App();
  app.get('/only-get', () => 'ok');
  app.exceptionHandler(404, (request) => new JSONResponse({ missing: request.path }, { status: 404 }));
  app.exceptionHandler(405, (_request, error: HTTPException) => new JSONResponse({ allow: error.headers }, { status: 405 }));
  const client = new TestClient(app);
  t.same((await client.get('/nope')).json(), { missing: '/nope' });
  t.same((await client.post('/only-get')).json(), { allow: [['allow', 'GET, HEAD, OPTIONS']] });
});

t.test('a 500 handler catches errors nobody else claims, but not client errors', async (t) => {
  const app = new App({ logger: recordingLogger() });
  app.exceptionHandler(500, () => new JSONResponse({ sorry: true }, { status: 500 }));
  app.get('/crash', () => {
    throw new TypeError('x is undefined');
  });
  app.get('/teapot', () => {
    throw new HTTPException(418, 'short and stout');
  });
  const client = new TestClient(app);
  t.same((await client.get('/crash')).json(), { sorry: true });
  t.same((await client.get('/teapot')).json(), { detail: 'short and stout' });
});

t.test('a handler may return a plain value, sent as JSON with the error status', async (t) => {
  const app = new App();
  app.exceptionHandler(HTTPException, (_request, error) => ({ error: error.code }));
  app.get('/', () => {
    throw new HTTPException(403);
  });
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 403);
  t.same(response.json(), { error: 'forbidden' });
});

t.test('a failing exception handler falls back to a generic 500', async (t) => {
  const logger = recordingLogger();
  const app = new App({ logger });
  app.exceptionHandler(PaymentError, () => {
    throw new Error('handler bug');
  });
  app.get('/', () => {
    throw new PaymentError('x');
  });
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 500);
  t.same(response.json(), { detail: 'Internal Server Error' });
  t.equal(logger.logged.length, 2);
});

t.test('an error thrown by a middleware is answered through the handlers', async (t) => {
  const app = new App({
    middleware: [
      () => async () => {
        throw new HTTPException(503, 'maintenance');
      },
    ],
  });
  app.get('/', () => 'never');
  const response = await new TestClient(app).get('/');
  t.equal(response.status, 503);
  t.same(response.json(), { detail: 'maintenance' });
});

t.test('a thrown non-Error value is a 500 too', async (t) => {
  const app = new App({ logger: recordingLogger() });
  app.get('/', () => {
    throw 'a string';
  });
  t.equal((await new TestClient(app).get('/')).status, 500);
});
