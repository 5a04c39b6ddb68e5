import t from 'tap';
import type { App } from '../../../src/protocol/app.js';
import { TestClient } from '../../../src/protocol/testing/test-client.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A manually opened gate, so a test decides when the app may go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

t.test('stream resolves at the response start, before any body is sent', async (t) => {
  const bodyMayGo = gate();
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200, headers: [['Content-Type', 'text/event-stream']] });
    await bodyMayGo.opened;
    await send({ type: 'http.response.body', body: 'data: 1\n\n' });
  };
  const response = await new TestClient(app).stream('GET', '/events');
  t.equal(response.status, 200);
  t.equal(response.header('content-type'), 'text/event-stream');
  bodyMayGo.open();
  const chunks: string[] = [];
  for await (const chunk of response.chunks()) chunks.push(decode(chunk));
  t.same(chunks, ['data: 1\n\n']);
  await response.finished;
});

t.test('chunks arrive one per body event, in order, as the app sends them', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    for (const part of ['a', 'bb', 'ccc']) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await send({ type: 'http.response.body', body: part, moreBody: true });
    }
    await send({ type: 'http.response.body', body: '' });
  };
  const response = await new TestClient(app).stream('GET', '/');
  const chunks: string[] = [];
  for await (const chunk of response.chunks()) chunks.push(decode(chunk));
  t.same(chunks, ['a', 'bb', 'ccc', '']);
});

t.test('a disconnect in the middle of an endless stream stops the app', async (t) => {
  let sent = 0;
  let sawDisconnect = false;
  const app: App = async (_scope, receive, send) => {
    await receive();
    await send({ type: 'http.response.start', status: 200 });
    const disconnected = receive().then((event) => (sawDisconnect = event.type === 'http.disconnect'));
    while (!sawDisconnect) {
      await send({ type: 'http.response.body', body: `tick ${sent++}`, moreBody: true });
      await Promise.race([disconnected, new Promise((resolve) => setTimeout(resolve, 2))]);
    }
  };
  const response = await new TestClient(app).stream('GET', '/ticks');
  const seen: string[] = [];
  for await (const chunk of response.chunks()) {
    seen.push(decode(chunk));
    if (seen.length === 2) response.disconnect();
  }
  await response.finished;
  t.equal(sawDisconnect, true);
  t.same(seen.slice(0, 2), ['tick 0', 'tick 1']);
  t.ok(seen.length >= 2, 'the stream ended once the app returned');
});

t.test('an error the app throws mid-stream surfaces in the chunk loop', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'partial', moreBody: true });
    throw new Error('stream broke');
  };
  const response = await new TestClient(app).stream('GET', '/');
  const seen: string[] = [];
  await t.rejects(
    (async () => {
      for await (const chunk of response.chunks()) seen.push(decode(chunk));
    })(),
    { message: 'stream broke' },
  );
  t.same(seen, ['partial']);
});

t.test('stream rejects when the app returns without starting a response', async (t) => {
  const app: App = async () => undefined;
  await t.rejects(new TestClient(app, { checked: false }).stream('GET', '/'), { code: 'TSGI_APP_RETURNED' });
});

t.test('an unchecked app that returns mid-body fails the chunk loop instead of ending it quietly', async (t) => {
  const app: App = async (_scope, _receive, send) => {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'partial', moreBody: true });
  };
  const response = await new TestClient(app, { checked: false }).stream('GET', '/');
  const seen: string[] = [];
  const loop = (async () => {
    for await (const chunk of response.chunks()) seen.push(decode(chunk));
  })();
  await t.rejects(loop, { code: 'TSGI_APP_RETURNED' });
  t.same(seen, ['partial'], 'the part that was sent is still seen');
});
