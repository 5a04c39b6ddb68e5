/** Lifespan: one generator form, typed state in handlers, mounted apps' lifespans, failures reported. */
import t from 'tap';
import { App, type Request } from '../../src/app/index.js';
import { LifespanFailed, TestClient, type App as TsgiApp } from '../../src/protocol/index.js';

t.test('state yielded at startup reaches handlers as request.state, cleanup runs at shutdown', async (t) => {
  const events: string[] = [];
  const app = new App({
    lifespan: async function* () {
      events.push('open');
      yield { db: { query: () => 'row' }, version: 3 };
      events.push('close');
    },
  });
  // The handler's `request.state` is typed from the yielded object.
  app.get('/', (request: Request<{ db: { query: () => string }; version: number }>) => ({ row: request.state.db.query(), v: request.state.version }));
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.same(events, ['open']);
  t.same((await client.get('/')).json(), { row: 'row', v: 3 });
  await lifespan.shutdown();
  t.same(events, ['open', 'close']);
});

t.test('mounted apps start after their parent and stop before it', async (t) => {
  const events: string[] = [];
  const child = new App({
    lifespan: async function* () {
      events.push('child up');
      yield { child: true };
      events.push('child down');
    },
  });
  child.get('/', (request) => request.state);
  const rawChild: TsgiApp = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    await receive();
    events.push('raw up');
    scope.state.raw = true;
    await send({ type: 'lifespan.startup.complete' });
    await receive();
    events.push('raw down');
    await send({ type: 'lifespan.shutdown.complete' });
  };
  const parent = new App({
    lifespan: async function* () {
      events.push('parent up');
      yield { parent: true };
      events.push('parent down');
    },
  });
  parent.mount('/child', child);
  parent.mount('/raw', rawChild);
  const client = new TestClient(parent);
  const lifespan = await client.lifespan();
  t.same((await client.get('/child/')).json(), { parent: true, child: true, raw: true });
  await lifespan.shutdown();
  t.same(events, ['parent up', 'child up', 'raw up', 'raw down', 'child down', 'parent down']);
});

t.test('a mounted raw app that does not speak lifespan is skipped', async (t) => {
  const app = new App();
  app.mount('/plain', async () => undefined);
  const lifespan = await new TestClient(app).lifespan();
  await lifespan.shutdown();
  t.pass('startup and shutdown completed');
});

t.test('a startup error is reported as lifespan.startup.failed with its message', async (t) => {
  const app = new App({
    logger: { error: () => undefined },
    lifespan: async function* () {
      throw new Error('cannot open the model file');
      yield {}; // unreachable, but makes this a generator
    },
  });
  await t.rejects(new TestClient(app).lifespan(), LifespanFailed);
  await t.rejects(new TestClient(app).lifespan(), /cannot open the model file/);
});

t.test('a generator that never yields is a startup failure', async (t) => {
  const app = new App({ logger: { error: () => undefined }, lifespan: async function* () {} });
  await t.rejects(new TestClient(app).lifespan(), /returned without yielding/);
});

t.test('a mounted raw app whose startup fails fails the parent startup', async (t) => {
  const raw: TsgiApp = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    await receive();
    await send({ type: 'lifespan.startup.failed', message: 'no GPU' });
  };
  const app = new App({ logger: { error: () => undefined } });
  app.mount('/ml', raw);
  await t.rejects(new TestClient(app).lifespan(), /no GPU/);
});

t.test('an error in cleanup is reported as lifespan.shutdown.failed', async (t) => {
  const logged: unknown[] = [];
  const app = new App({
    logger: { error: (_m, e) => void logged.push(e) },
    lifespan: async function* () {
      yield {};
      throw new Error('flush failed');
    },
  });
  const lifespan = await new TestClient(app).lifespan();
  await t.rejects(lifespan.shutdown(), /flush failed/);
  t.equal(logged.length, 1);
});

t.test('the lifespan generator receives the app it belongs to', async (t) => {
  let received: unknown;
  const app = new App({
    lifespan: async function* (self) {
      received = self;
      yield {};
    },
  });
  const lifespan = await new TestClient(app).lifespan();
  await lifespan.shutdown();
  t.equal(received, app);
});
