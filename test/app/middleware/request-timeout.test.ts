/** Request timeout middleware: a handler that never answers gets a 504, and nothing leaks. */
import t from 'tap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { App, requestTimeout } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

function appWith(timeoutMs: number): App {
  const app = new App({ middleware: [requestTimeout({ timeoutMs })], logger: { error: () => undefined } });
  app.get('/never', () => new Promise(() => {}));
  app.get('/fast', () => ({ ok: true }));
  app.get('/late', async () => {
    await new Promise((resolve) => setTimeout(resolve, timeoutMs * 3));
    return { late: true };
  });
  app.get('/fails-late', async () => {
    await new Promise((resolve) => setTimeout(resolve, timeoutMs * 2));
    throw new Error('after the 504');
  });
  return app;
}

t.test('answers 504 with a JSON body when the handler never responds', async (t) => {
  const started = Date.now();
  const response = await new TestClient(appWith(50)).get('/never');
  t.equal(response.status, 504);
  t.same(response.json(), { detail: 'Request timed out' });
  t.ok(Date.now() - started >= 45, 'waited for the timeout');
});

t.test('leaves a response that starts in time untouched', async (t) => {
  const response = await new TestClient(appWith(200)).get('/fast');
  t.equal(response.status, 200);
  t.same(response.json(), { ok: true });
});

t.test('drops the sends of a handler that answers after its 504', async (t) => {
  const client = new TestClient(appWith(30));
  const response = await client.get('/late');
  t.equal(response.status, 504);
  await new Promise((resolve) => setTimeout(resolve, 120));
  t.equal((await client.get('/fast')).status, 200, 'the app still serves');
});

t.test('keeps a handler failing after its 504 from becoming an unhandled rejection', async (t) => {
  let unhandled = 0;
  const count = (): void => void (unhandled += 1);
  process.on('unhandledRejection', count);
  t.teardown(() => void process.off('unhandledRejection', count));
  t.equal((await new TestClient(appWith(20)).get('/fails-late')).status, 504);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(unhandled, 0);
});

t.test('uses the configured status', async (t) => {
  const app = new App({ middleware: [requestTimeout({ timeoutMs: 10, status: 503 })] });
  app.get('/', () => new Promise(() => {}));
  t.equal((await new TestClient(app).get('/')).status, 503);
});

t.test('rejects a timeout that is not a positive number', async (t) => {
  t.throws(() => requestTimeout({ timeoutMs: 0 }), RangeError);
  t.throws(() => requestTimeout({ timeoutMs: Number.NaN }), RangeError);
});

t.test('does not grow the heap across thousands of timed-out requests', async (t) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const client = new TestClient(appWith(1));
  const batch = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i += 200) {
      const answers = await Promise.all(Array.from({ length: 200 }, () => client.get('/never')));
      if (answers.some((a) => a.status !== 504)) throw new Error('expected only 504s');
    }
  };
  await batch(600);
  gc();
  const before = process.memoryUsage().heapUsed;
  await batch(2000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  const growth = process.memoryUsage().heapUsed - before;
  t.ok(growth < 4 * 1024 * 1024, `heap grew ${(growth / 1024).toFixed(0)} KiB over 2000 timed-out requests`);
});
