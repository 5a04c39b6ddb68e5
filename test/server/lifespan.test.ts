import t from 'tap';
import type { App, HttpScope } from '../../src/protocol/index.js';
import { serve, ServerStartError } from '../../src/server/index.js';
import { start, textApp } from './helpers.js';


/** An app that completes its lifespan and records the events it received, in order. */
function recordingLifespan(): { app: App; events: string[] } {
  const events: string[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    events.push((await receive()).type);
    await send({ type: 'lifespan.startup.complete' });
    events.push((await receive()).type);
    await send({ type: 'lifespan.shutdown.complete' });
  };
  return { app, events };
}

t.test('runs startup before listening and copies the state shallowly into each request scope', async (t) => {
  const shared = { hits: 0 };
  const seen: HttpScope[] = [];
  let listeningAtStartup: boolean | undefined;
  const app: App = async (scope, receive, send) => {
    if (scope.type === 'lifespan') {
      await receive();
      listeningAtStartup = false;
      scope.state.shared = shared;
      scope.state.name = 'lifespan';
      await send({ type: 'lifespan.startup.complete' });
      await receive();
      return send({ type: 'lifespan.shutdown.complete' });
    }
    if (scope.type !== 'http') return;
    seen.push(scope);
    (scope.state!.shared as typeof shared).hits += 1;
    scope.state!.name = 'changed by a request';
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: String(scope.state!.name) });
  };
  const server = await start(app);
  t.teardown(() => server.close());
  t.equal(listeningAtStartup, false);
  await (await fetch(server.url)).text();
  await (await fetch(server.url)).text();
  t.equal(shared.hits, 2, 'objects inside the state are shared');
  t.not(seen[0]!.state, seen[1]!.state, 'each request gets its own copy');
  t.equal(seen[1]!.state!.shared, shared);
});

t.test('a failed startup rejects serve() with the app message and opens no port', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    await receive();
    await send({ type: 'lifespan.startup.failed', message: 'database unreachable' });
  };
  const error = await serve(app, { port: 0, accessLog: false, logLevel: 'critical' }).catch((e: unknown) => e);
  t.ok(error instanceof ServerStartError);
  t.equal((error as ServerStartError).code, 'lifespan-startup-failed');
  t.match((error as Error).message, /database unreachable/);
});

t.test('an app that does not speak lifespan is served without state', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type === 'lifespan') throw new Error('unsupported scope');
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: scope.state === undefined ? 'no state' : 'state' });
  };
  const server = await start(app);
  t.teardown(() => server.close());
  t.equal(await (await fetch(server.url)).text(), 'no state');
});

t.test('runs the lifespan shutdown when the server closes', async (t) => {
  const { app, events } = recordingLifespan();
  const server = await start(app);
  t.equal(await server.close(), 0);
  t.same(events, ['lifespan.startup', 'lifespan.shutdown']);
});

t.test('a failed lifespan shutdown makes the exit code 1', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    await receive();
    await send({ type: 'lifespan.startup.complete' });
    await receive();
    await send({ type: 'lifespan.shutdown.failed', message: 'flush failed' });
  };
  const server = await start(app);
  t.equal(await server.close(), 1);
});

t.test('when the address cannot be bound after startup, the lifespan shutdown still runs before serve() rejects', async (t) => {
  const { app, events } = recordingLifespan();
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: only the real listen can find that out.
  const error = await start(app, { host: '192.0.2.1' }).then(
    (server) => server.close().then(() => undefined),
    (e: unknown) => e,
  );
  t.match(error, { code: 'listen-failed' }, 'serve() rejects: the address is not ours');
  t.same(events, ['lifespan.startup', 'lifespan.shutdown'], 'what startup opened (a pool, a model) is closed again');
});

t.test('a port another server already listens on is refused before the lifespan starts', async (t) => {
  const taken = await start(textApp('first'));
  t.teardown(() => taken.close());
  const events: string[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    events.push((await receive()).type);
    await send({ type: 'lifespan.startup.complete' });
  };
  const error = await start(app, { port: taken.port }).then(
    (server) => server.close().then(() => undefined),
    (e: unknown) => e,
  );
  t.match(error, { code: 'listen-failed', message: /another process is listening there/ }, 'serve() rejects: the port is in use');
  t.same(events, [], 'no startup ran: nothing was opened to close');
  const response = await fetch(taken.url);
  t.equal(await response.text(), 'first', 'the first server still answers alone');
});

t.test('an app that sends lifespan.shutdown itself is refused, and close() still resolves', async (t) => {
  let refused: unknown;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return;
    await receive();
    await send({ type: 'lifespan.startup.complete' });
    refused = await send({ type: 'lifespan.shutdown' } as never).catch((error: unknown) => error);
    await receive();
    await send({ type: 'lifespan.shutdown.complete' });
  };
  const server = await start(app);
  t.match(refused, { rule: 'unknown-event' }, 'the server delivers lifespan.shutdown; an app may not send it');
  t.equal(await server.close(), 0, 'the real shutdown still runs and succeeds');
});
