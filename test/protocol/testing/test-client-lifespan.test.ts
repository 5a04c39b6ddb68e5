import t from 'tap';
import type { App } from '../../../src/protocol/app.js';
import type { ReceiveEvent } from '../../../src/protocol/events.js';
import { TestClient } from '../../../src/protocol/testing/test-client.js';
import { LifespanFailed } from '../../../src/protocol/errors.js';

/** A lifespan that fills the state at startup and answers requests with it. */
function stateful(log: string[] = [], failAt?: 'startup' | 'shutdown'): App {
  return async (scope, receive, send) => {
    if (scope.type === 'lifespan') {
      let event: ReceiveEvent = await receive();
      log.push(event.type);
      if (failAt === 'startup') return send({ type: 'lifespan.startup.failed', message: 'no database' });
      scope.state.db = { queries: 0 };
      scope.state.name = 'primary';
      await send({ type: 'lifespan.startup.complete' });
      event = await receive();
      log.push(event.type);
      if (failAt === 'shutdown') return send({ type: 'lifespan.shutdown.failed', message: 'flush failed' });
      return send({ type: 'lifespan.shutdown.complete' });
    }
    if (scope.type !== 'http') return;
    const db = scope.state!.db as { queries: number };
    db.queries++;
    scope.state!.name = 'changed by a request';
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: JSON.stringify({ name: scope.state!.name, queries: db.queries }) });
  };
}

t.test('lifespan runs startup and exposes the state the app filled', async (t) => {
  const log: string[] = [];
  const lifespan = await new TestClient(stateful(log)).lifespan();
  t.same(log, ['lifespan.startup']);
  t.same(lifespan.state, { db: { queries: 0 }, name: 'primary' });
  await lifespan.shutdown();
  t.same(log, ['lifespan.startup', 'lifespan.shutdown']);
});

t.test('after startup each request gets a shallow copy of the state', async (t) => {
  const client = new TestClient(stateful());
  const lifespan = await client.lifespan();
  t.same((await client.get('/')).json(), { name: 'changed by a request', queries: 1 });
  t.same((await client.get('/')).json(), { name: 'changed by a request', queries: 2 }, 'the shared object counts both');
  t.equal(lifespan.state.name, 'primary', 'a top-level key set by a request does not reach the lifespan state');
  await lifespan.shutdown();
});

t.test('a failed startup rejects with LifespanFailed carrying the message', async (t) => {
  const error = await new TestClient(stateful([], 'startup')).lifespan().catch((e: unknown) => e);
  t.ok(error instanceof LifespanFailed);
  t.equal((error as Error).message, 'no database');
});

t.test('a failed shutdown rejects with LifespanFailed', async (t) => {
  const lifespan = await new TestClient(stateful([], 'shutdown')).lifespan();
  await t.rejects(lifespan.shutdown(), { name: 'LifespanFailed', message: 'flush failed' });
});

t.test('an app that throws at startup rejects with its own error', async (t) => {
  const app: App = async (scope, receive) => {
    await receive();
    throw new Error(`no ${scope.type} support`);
  };
  await t.rejects(new TestClient(app).lifespan(), { message: 'no lifespan support' });
});

t.test('an app that answers shutdown before it is asked breaks the lifespan order', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'lifespan.startup.complete' });
    await send({ type: 'lifespan.shutdown.complete' });
  };
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  await t.rejects(lifespan.shutdown(), { name: 'ProtocolError', rule: 'shutdown-reply-before-shutdown' });
});

t.test('an app that answers startup with a shutdown event is reported', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'lifespan.shutdown.complete' });
  };
  await t.rejects(new TestClient(app, { checked: false }).lifespan(), { code: 'TSGI_UNEXPECTED_EVENT', message: /lifespan\.startup/ });
});

t.test('a startup failure without a message gets a default one', async (t) => {
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'lifespan.startup.failed' });
  };
  await t.rejects(new TestClient(app).lifespan(), { name: 'LifespanFailed', message: 'lifespan startup failed' });
});

t.test('the lifespan scope carries the client extensions and an empty state', async (t) => {
  let seen: unknown;
  const app: App = async (scope, receive, send) => {
    seen = { type: scope.type, state: scope.type === 'lifespan' ? { ...scope.state } : null, stats: scope.extensions?.['tsgi.server.stats'] };
    await receive();
    await send({ type: 'lifespan.startup.complete' });
    await receive();
    await send({ type: 'lifespan.shutdown.complete' });
  };
  const stats = { worker: () => ({ id: 1, inFlight: 0, accepted: 0, rejected: 0, websockets: 0 }), total: () => ({ workers: 1, inFlight: 0, accepted: 0, rejected: 0, websockets: 0 }) };
  const lifespan = await new TestClient(app, { extensions: { 'tsgi.server.stats': stats } }).lifespan();
  t.same(seen, { type: 'lifespan', state: {}, stats });
  await lifespan.shutdown();
});

t.test('an app that never answers startup fails after the timeout', async (t) => {
  const app: App = async (_scope, receive) => {
    await receive();
    await new Promise(() => undefined);
  };
  await t.rejects(new TestClient(app, { timeoutMs: 30 }).lifespan(), { code: 'TSGI_TIMEOUT' });
});
