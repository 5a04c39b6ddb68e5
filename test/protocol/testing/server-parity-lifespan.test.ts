/**
 * The test client and the real server agree on the lifespan (docs/protocol.md §5.2, §5.3): the
 * state a request sees, a failed startup, an app that does not speak lifespan, and a failed
 * shutdown. One deliberate difference, by design of the test client: an app that *throws* at
 * startup is reported to the test (the server logs it and serves without a lifespan).
 */
import t from 'tap';
import type { App, LifespanScope, Receive, Send } from '../../../src/protocol/index.js';
import { LifespanFailed, TestClient } from '../../../src/protocol/index.js';
import { ServerStartError } from '../../../src/server/index.js';
import { start } from '../../server/helpers.js';

type Startup = (scope: LifespanScope, receive: Receive, send: Send) => Promise<void>;

/** An app whose lifespan is `startup`; every request answers with the state it sees, as JSON. */
function withLifespan(startup: Startup): App {
  return async (scope, receive, send) => {
    if (scope.type === 'lifespan') return startup(scope, receive, send);
    if (scope.type !== 'http') return;
    const state = scope.state;
    const counter = state?.counter as { hits: number } | undefined;
    if (counter) counter.hits += 1;
    const seen = state === undefined ? 'no state' : { keys: Object.keys(state).sort(), hits: counter?.hits, mine: state.mine ?? null };
    if (state) state.mine = 'set by a request';
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
    await send({ type: 'http.response.body', body: JSON.stringify(seen) });
  };
}

const filled: Startup = async (scope, receive, send) => {
  await receive();
  scope.state.counter = { hits: 0 };
  scope.state.name = 'primary';
  await send({ type: 'lifespan.startup.complete' });
  await receive();
  await send({ type: 'lifespan.shutdown.complete' });
};

/** Two requests' views of the state through the test client, after its lifespan. */
async function twoViewsInProcess(app: App): Promise<unknown[]> {
  const client = new TestClient(app);
  await client.lifespan().catch(() => undefined);
  return [(await client.get('/')).json(), (await client.get('/')).json()];
}

/** The same two views from the real server. */
async function twoViewsOverSocket(app: App): Promise<unknown[]> {
  const server = await start(app);
  try {
    const views = [];
    for (let i = 0; i < 2; i++) views.push(await (await fetch(`${server.url}/`)).json());
    return views;
  } finally {
    await server.close();
  }
}

t.test('each request sees a shallow copy of the startup state: shared objects, own top-level keys', async (t) => {
  const app = withLifespan(filled);
  const expected = [
    { keys: ['counter', 'name'], hits: 1, mine: null },
    { keys: ['counter', 'name'], hits: 2, mine: null },
  ];
  t.same(await twoViewsInProcess(app), expected);
  t.same(await twoViewsOverSocket(app), expected);
});

t.test('an app that returns before answering startup is served without state on both', async (t) => {
  const app = withLifespan(async (_scope, receive) => {
    await receive();
  });
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.equal(lifespan.supported, false, 'the test client says the app does not speak lifespan');
  await t.resolves(lifespan.shutdown(), 'and shutting down an unsupported lifespan is a no-op');
  t.same((await client.get('/')).json(), 'no state');
  t.same(await twoViewsOverSocket(app), ['no state', 'no state']);
});

t.test('an app that throws at startup: the server serves without state, the test client reports the error', async (t) => {
  const app = withLifespan(async (_scope, receive) => {
    await receive();
    throw new Error('cannot set up');
  });
  await t.rejects(new TestClient(app).lifespan(), { message: 'cannot set up' });
  t.same(await twoViewsInProcess(app), ['no state', 'no state']);
  t.same(await twoViewsOverSocket(app), ['no state', 'no state']);
});

t.test('a failed startup stops both, with the app\'s message', async (t) => {
  const app = withLifespan(async (_scope, receive, send) => {
    await receive();
    await send({ type: 'lifespan.startup.failed', message: 'database unreachable' });
  });
  await t.rejects(new TestClient(app).lifespan(), new LifespanFailed('database unreachable'));
  const error = await start(app).then(
    (server) => server.close().then(() => undefined),
    (e: unknown) => e,
  );
  t.ok(error instanceof ServerStartError, 'serve() refuses to start');
  t.match((error as ServerStartError).message, /database unreachable/);
});

t.test('a failed shutdown is reported by both: a rejection in process, exit status 1 from the server', async (t) => {
  const app = withLifespan(async (_scope, receive, send) => {
    await receive();
    await send({ type: 'lifespan.startup.complete' });
    await receive();
    await send({ type: 'lifespan.shutdown.failed', message: 'flush failed' });
  });
  const lifespan = await new TestClient(app).lifespan();
  await t.rejects(lifespan.shutdown(), new LifespanFailed('flush failed'));
  const server = await start(app);
  t.equal(await server.close(), 1);
});
