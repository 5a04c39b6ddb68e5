// A generator dependency's cleanup runs however the response ends: sent, failed while streaming,
// or refused by the JSON serialiser. Before, the cleanup was queued as a background task, which a
// failed response never runs, so what the dependency acquired (a connection, a lock) leaked.
import t from 'tap';
import { App, JSONResponse, StreamingResponse, dependency } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

/** An app whose routes use a generator dependency that records what happens to it. */
function trackedApp() {
  const events: string[] = [];
  const session = dependency({}, async function* () {
    events.push('acquire');
    try {
      yield 'session';
      events.push('release');
    } catch (error) {
      events.push(`rollback: ${(error as Error).message}`);
      throw error;
    }
  }, { name: 'session' });
  const app = new App({ logger: { error: () => undefined } });
  app.get('/ok', { inject: { session } }, ({ deps }) => ({ session: deps.session }));
  app.get('/stream-fails', { inject: { session } }, () => new StreamingResponse((async function* () {
    yield 'first chunk\n';
    throw new Error('stream broke');
  })()));
  app.get('/not-json', { inject: { session } }, () => ({ big: 1n }));
  app.get('/later', { inject: { session } }, ({ request }) => {
    request.background.add(() => void events.push('background task'));
    return new JSONResponse({ ok: true });
  });
  return { app, events };
}

t.test('the cleanup runs after a response that was sent', async (t) => {
  const { app, events } = trackedApp();
  const response = await new TestClient(app).get('/ok');
  t.same(response.json(), { session: 'session' });
  t.same(events, ['acquire', 'release']);
});

t.test('the cleanup gets the error when a streaming response fails midway', async (t) => {
  const { app, events } = trackedApp();
  const client = new TestClient(app);
  await t.rejects(client.get('/stream-fails'), /stream broke/);
  t.same(events, ['acquire', 'rollback: stream broke']);
});

t.test('the cleanup runs when the returned value cannot be written as JSON (500)', async (t) => {
  const { app, events } = trackedApp();
  const response = await new TestClient(app).get('/not-json');
  t.equal(response.status, 500);
  t.same(response.json(), { detail: 'Internal Server Error' });
  t.equal(events.length, 2);
  t.match(events[1], /^rollback: .*BigInt/);
});

t.test('background tasks run before the cleanups, which run last', async (t) => {
  const { app, events } = trackedApp();
  await new TestClient(app).get('/later');
  t.same(events, ['acquire', 'background task', 'release']);
});

t.test('a request cleanup that throws is logged and the next one still runs', async (t) => {
  const app = new App();
  const seen: string[] = [];
  app.get('/', (request) => {
    request.addCleanup(() => void seen.push('second added, runs first'));
    request.addCleanup(() => {
      throw new Error('cleanup broke');
    });
    return { ok: true };
  });
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  t.teardown(() => {
    console.error = original;
  });
  const response = await new TestClient(app).get('/');
  console.error = original;
  t.equal(response.status, 200);
  t.same(seen, ['second added, runs first']);
  t.equal(logged.length, 1);
});

t.test('a generator dependency that yields twice is closed, its finally run, and the mistake reported', async (t) => {
  const events: string[] = [];
  const reported: unknown[] = [];
  const twice = dependency({}, async function* () {
    try {
      yield 'first';
      yield 'second';
    } finally {
      events.push('finally');
    }
  }, { name: 'twice' });
  const original = console.error;
  console.error = (...args: unknown[]) => void reported.push(args[1]);
  t.teardown(() => {
    console.error = original;
  });
  const app = new App();
  app.get('/', { inject: { value: twice } }, ({ deps }) => ({ value: deps.value }));
  const response = await new TestClient(app).get('/');
  console.error = original;
  t.same(response.json(), { value: 'first' });
  t.same(events, ['finally']);
  t.match(String(reported[0]), /yielded more than once/);
});
