import t from 'tap';
import type { App } from '../../../src/protocol/app.js';
import { Communicator } from '../../../src/protocol/testing/communicator.js';
import { ConversationError } from '../../../src/protocol/errors.js';
import { sampleHttpScope, sampleLifespanScope } from '../sample-scopes.js';

/** Echoes each request body back as a streamed chunk until the body ends. */
const echo: App = async (_scope, receive, send) => {
  await send({ type: 'http.response.start', status: 200 });
  for (;;) {
    const event = await receive();
    if (event.type !== 'http.request') return;
    await send({ type: 'http.response.body', body: event.body, moreBody: event.moreBody });
    if (!event.moreBody) return;
  }
};

t.test('events sent to the app come back in the order the app answers', async (t) => {
  const talk = new Communicator(echo, sampleHttpScope());
  t.same(await talk.receive(), { type: 'http.response.start', status: 200 });
  talk.send({ type: 'http.request', body: new Uint8Array([1]), moreBody: true });
  t.same(await talk.receive(), { type: 'http.response.body', body: new Uint8Array([1]), moreBody: true });
  talk.send({ type: 'http.request', body: new Uint8Array([2]), moreBody: false });
  t.same(await talk.receive(), { type: 'http.response.body', body: new Uint8Array([2]), moreBody: false });
  await talk.finished;
});

t.test('receive rejects with a timeout error naming the wait when the app is silent', async (t) => {
  const talk = new Communicator(echo, sampleHttpScope());
  await talk.receive();
  const error = await talk.receive(20).catch((e: unknown) => e);
  t.ok(error instanceof ConversationError);
  t.equal((error as ConversationError).code, 'TSGI_TIMEOUT');
  t.match((error as Error).message, /sent no event within 20 ms/);
});

t.test('receive drains what the app sent, then reports that the app returned', async (t) => {
  const app: App = async (_scope, _receive, send) => send({ type: 'lifespan.startup.complete' });
  const talk = new Communicator(app, sampleLifespanScope());
  await talk.finished;
  t.same(await talk.receive(), { type: 'lifespan.startup.complete' });
  await t.rejects(talk.receive(), { code: 'TSGI_APP_RETURNED' });
});

t.test('receive rejects with the error the app threw', async (t) => {
  const failure = new Error('exploded');
  const app: App = async () => {
    throw failure;
  };
  const talk = new Communicator(app, sampleHttpScope());
  await t.rejects(talk.receive(), failure);
  await t.rejects(talk.finished, failure);
});

t.test('an app that throws while nobody listens causes no unhandled rejection', async (t) => {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  const app: App = async () => {
    throw new Error('ignored');
  };
  new Communicator(app, sampleHttpScope());
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', listener);
  t.same(unhandled, []);
});

t.test('expectNothing resolves while the app stays quiet', async (t) => {
  const talk = new Communicator(echo, sampleHttpScope());
  await talk.receive();
  await t.resolves(talk.expectNothing(20));
});

t.test('expectNothing rejects on an event and leaves it for the next receive', async (t) => {
  const talk = new Communicator(echo, sampleHttpScope());
  await t.rejects(talk.expectNothing(50), { code: 'TSGI_UNEXPECTED_EVENT', message: /http\.response\.start/ });
  t.same(await talk.receive(), { type: 'http.response.start', status: 200 });
});

t.test('the app starts only after the constructor returned', async (t) => {
  let started = false;
  const app: App = async () => {
    started = true;
  };
  const talk = new Communicator(app, sampleLifespanScope());
  t.equal(started, false);
  await talk.finished;
  t.equal(started, true);
});

t.test('waitFinished reports an app that does not return in time', async (t) => {
  const app: App = async (_scope, receive) => {
    await receive();
  };
  const talk = new Communicator(app, sampleLifespanScope());
  await t.rejects(talk.waitFinished(20), { code: 'TSGI_TIMEOUT', message: /did not return within 20 ms/ });
  talk.send({ type: 'lifespan.shutdown' });
  await t.resolves(talk.waitFinished(1000));
});

t.test('sendFinal answers every later receive of the app with the same event', async (t) => {
  const seen: string[] = [];
  const app: App = async (_scope, receive) => {
    for (let i = 0; i < 3; i++) seen.push((await receive()).type);
  };
  const talk = new Communicator(app, sampleHttpScope());
  talk.send({ type: 'http.request', body: new Uint8Array(), moreBody: false });
  talk.sendFinal({ type: 'http.disconnect' });
  await talk.finished;
  t.same(seen, ['http.request', 'http.disconnect', 'http.disconnect']);
});
