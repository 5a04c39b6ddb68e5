import t from 'tap';
import { app, createApp, HitStore } from '../../examples/04-lifespan-state.js';
import { LifespanFailed, TestClient } from '../../src/protocol/index.js';

t.test('startup puts a store and a start time in the state', async (t) => {
  const lifespan = await new TestClient(app).lifespan();
  t.ok(lifespan.state.store instanceof HitStore);
  t.type(lifespan.state.startedAt, 'string');
  await lifespan.shutdown();
});

t.test('requests share the store created at startup', async (t) => {
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.equal((await client.get('/hits')).json<{ hits: number }>().hits, 1);
  t.equal((await client.get('/hits')).json<{ hits: number }>().hits, 2);
  await lifespan.shutdown();
});

t.test('a key a request adds to its state stays with that request', async (t) => {
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  await client.get('/hits');
  t.same((await client.get('/state')).json(), { keys: ['requestPath', 'startedAt', 'store'] });
  t.same(Object.keys(lifespan.state).sort(), ['startedAt', 'store'], 'the lifespan state never saw requestPath');
  await lifespan.shutdown();
});

t.test('shutdown closes the store', async (t) => {
  const lifespan = await new TestClient(app).lifespan();
  const store = lifespan.state.store as HitStore;
  t.equal(store.closed, false);
  await lifespan.shutdown();
  t.equal(store.closed, true);
});

t.test('a failed startup is reported with its message', async (t) => {
  const error = await new TestClient(createApp({ failStartup: true })).lifespan().catch((e: unknown) => e);
  t.ok(error instanceof LifespanFailed);
  t.equal((error as Error).message, 'the store could not be opened');
});

t.test('without a lifespan, requests get 503', async (t) => {
  const response = await new TestClient(app).get('/hits');
  t.equal(response.status, 503);
});

t.test('an unknown path gets 404', async (t) => {
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.equal((await client.get('/nope')).status, 404);
  await lifespan.shutdown();
});

t.test('on the tsgi server the lifespan runs and requests share its store', async (t) => {
  const { serve } = await import('../../src/server/index.js');
  const server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'error' });
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${server.port}/hits`;
  t.equal(((await (await fetch(url)).json()) as { hits: number }).hits, 1);
  t.equal(((await (await fetch(url)).json()) as { hits: number }).hits, 2);
});
