/** StreamingResponse and Server-Sent Events: chunks leave one by one, as they are produced. */
import t from 'tap';
import { App, EventSourceResponse, StreamingResponse, formatEvent } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

t.test('streaming chunks arrive one by one, each before the next is produced', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app = new App();
  app.get('/stream', () =>
    new StreamingResponse(
      (async function* () {
        yield 'first\n';
        await gate; // the second chunk waits until the test has seen the first
        yield 'second\n';
      })(),
      { headers: { 'content-type': 'text/plain' } },
    ),
  );
  const response = await new TestClient(app).stream('GET', '/stream');
  t.equal(response.status, 200);
  const seen: string[] = [];
  for await (const chunk of response.chunks()) {
    const text = new TextDecoder().decode(chunk);
    seen.push(text);
    if (text === 'first\n') release();
  }
  await response.finished;
  t.same(seen, ['first\n', 'second\n', '']);
});

t.test('a HEAD request to a streaming route gets headers only and never runs the source', async (t) => {
  let produced = 0;
  const source = (async function* () {
    produced += 1;
    yield 'never read';
  })();
  const app = new App();
  app.get('/stream', () => new StreamingResponse(source));
  const response = await new TestClient(app).head('/stream');
  t.equal(response.status, 200);
  t.equal(response.body.length, 0);
  t.equal(produced, 0);
  t.same(await source.next(), { done: true, value: undefined }, 'the source was closed');
});

t.test('formats Server-Sent Events with multi-line data, ids and names', async (t) => {
  t.equal(formatEvent('hi'), 'data: hi\n\n');
  t.equal(formatEvent({ event: 'tick', id: '7', data: 'a\nb', retry: 1500 }), 'event: tick\nid: 7\nretry: 1500\ndata: a\ndata: b\n\n');
  t.equal(formatEvent({ data: { n: 1 } }), 'data: {"n":1}\n\n');
  t.equal(formatEvent({ event: 'x\ny', data: '' }), 'event: x y\ndata: \n\n');
});

t.test('an EventSourceResponse sends each event as its own chunk with the SSE headers', async (t) => {
  const app = new App();
  app.get('/events', () =>
    new EventSourceResponse(
      (async function* () {
        yield { event: 'start', data: { n: 0 } };
        yield 'plain';
      })(),
    ),
  );
  const response = await new TestClient(app).get('/events');
  t.equal(response.header('content-type'), 'text/event-stream; charset=utf-8');
  t.equal(response.header('cache-control'), 'no-cache');
  t.same(
    response.chunks.map((c) => new TextDecoder().decode(c)),
    ['event: start\ndata: {"n":0}\n\n', 'data: plain\n\n', ''],
  );
});

t.test('an EventSourceResponse pings while the source is quiet', async (t) => {
  const app = new App();
  app.get('/events', () =>
    new EventSourceResponse(
      (async function* () {
        await new Promise((resolve) => setTimeout(resolve, 60));
        yield 'late';
      })(),
      { pingMs: 20 },
    ),
  );
  const text = (await new TestClient(app).get('/events')).text;
  t.match(text, /^: ping\n\n/);
  t.match(text, /data: late\n\n$/);
});

t.test('a client that disconnects stops an endless stream and runs its cleanup', async (t) => {
  let cleaned = false;
  const app = new App();
  app.get('/forever', () =>
    new EventSourceResponse(
      (async function* () {
        try {
          for (let i = 0; ; i++) {
            yield { data: String(i) };
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        } finally {
          cleaned = true;
        }
      })(),
    ),
  );
  const response = await new TestClient(app).stream('GET', '/forever');
  let seen = 0;
  for await (const chunk of response.chunks()) {
    if (chunk.length > 0) seen += 1;
    if (seen === 3) response.disconnect();
  }
  await response.finished;
  // The source was between chunks (in its 5 ms sleep); it is closed as soon as that sleep ends.
  for (let waited = 0; !cleaned && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(cleaned, true);
  t.ok(seen >= 3);
});

t.test('a disconnect cuts short a long wait for the next chunk', async (t) => {
  let cleaned = false;
  const app = new App();
  app.get('/slow', () =>
    new StreamingResponse(
      (async function* () {
        try {
          yield 'first';
          await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
          yield 'never';
        } finally {
          cleaned = true;
        }
      })(),
    ),
  );
  const response = await new TestClient(app).stream('GET', '/slow');
  const started = Date.now();
  for await (const chunk of response.chunks()) {
    if (new TextDecoder().decode(chunk) === 'first') response.disconnect();
  }
  await response.finished;
  t.ok(Date.now() - started < 5000, 'the app returned without waiting for the slow source');
  t.equal(cleaned, false, 'a generator suspended inside an await is closed only when it resumes');
});

t.test('a synchronous iterable is streamed too', async (t) => {
  const app = new App();
  app.get('/sync', () => new StreamingResponse(['a', 'b']));
  t.same((await new TestClient(app).get('/sync')).chunks.map((c) => new TextDecoder().decode(c)), ['a', 'b', '']);
});

t.test('an event without data, a bad retry or a NUL in the id still formats as a valid event', async (t) => {
  t.equal(formatEvent({ data: undefined, event: 'tick' }), 'event: tick\ndata: \n\n');
  t.equal(formatEvent({ data: 'x', retry: Number.NaN }), 'data: x\n\n');
  t.equal(formatEvent({ data: 'x', retry: -5 }), 'data: x\n\n');
  t.equal(formatEvent({ data: 'x', id: 'a\0b\nc' }), 'id: a b c\ndata: x\n\n');
});
