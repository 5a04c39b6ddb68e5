/** Reading request bodies from `receive`: chunks, limits, disconnects, and the one-read rule. */
import t from 'tap';
import { App, ClientDisconnect, HTTPException } from '../../src/app/index.js';
import { declaresTooLarge, readBody, streamBody } from '../../src/app/request-body.js';
import { TestClient, type Receive, type ReceiveEvent } from '../../src/protocol/index.js';

/** A `receive` that replays the given events in order. */
function replay(events: ReceiveEvent[]): Receive {
  let index = 0;
  return async () => events[index++] ?? { type: 'http.disconnect' };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

t.test('joins several chunks and returns a single chunk without copying', async (t) => {
  const joined = await readBody(replay([
    { type: 'http.request', body: bytes('ab'), moreBody: true },
    { type: 'http.request', body: bytes('cd'), moreBody: false },
  ]), 100);
  t.equal(new TextDecoder().decode(joined), 'abcd');
  const only = bytes('solo');
  t.equal(await readBody(replay([{ type: 'http.request', body: only, moreBody: false }]), 100), only);
});

t.test('a body whose first chunks are empty is the later chunks\' bytes, joined without copying one chunk', async (t) => {
  const only = bytes('late');
  const single = await readBody(replay([
    { type: 'http.request', body: new Uint8Array(0), moreBody: true },
    { type: 'http.request', body: only, moreBody: false },
  ]), 100);
  t.equal(single, only, 'one non-empty chunk is handed out as it came');
  const joined = await readBody(replay([
    { type: 'http.request', body: new Uint8Array(0), moreBody: true },
    { type: 'http.request', body: bytes('ab'), moreBody: true },
    { type: 'http.request', body: new Uint8Array(0), moreBody: true },
    { type: 'http.request', body: bytes('c'), moreBody: false },
  ]), 100);
  t.equal(new TextDecoder().decode(joined), 'abc');
  t.equal((await readBody(replay([{ type: 'http.request', body: new Uint8Array(0), moreBody: false }]), 100)).byteLength, 0, 'an empty body');
});

t.test('a receive that throws at once gives a rejected read', async (t) => {
  const failure = new Error('receive broke');
  const read = readBody(() => {
    throw failure;
  }, 100);
  t.equal(await read.catch((e: unknown) => e), failure);
});

t.test('skips empty chunks when streaming', async (t) => {
  const seen: number[] = [];
  const events: ReceiveEvent[] = [
    { type: 'http.request', body: new Uint8Array(0), moreBody: true },
    { type: 'http.request', body: bytes('x'), moreBody: false },
  ];
  for await (const chunk of streamBody(replay(events), 10)) seen.push(chunk.length);
  t.same(seen, [1]);
});

t.test('fails with 413 as soon as the limit is passed, without receiving the rest of the body', async (t) => {
  let asked = 0;
  const receive: Receive = async () => {
    asked += 1;
    return { type: 'http.request', body: bytes('12345'), moreBody: asked < 6 };
  };
  const error = await readBody(receive, 12).catch((e: unknown) => e);
  t.ok(error instanceof HTTPException);
  t.equal((error as HTTPException).status, 413);
  t.equal(asked, 3, 'the chunk that passed the limit was the last one received');
});

t.test('a first chunk past the limit is a 413 whether the client then stays or leaves', async (t) => {
  const receive = replay([{ type: 'http.request', body: bytes('123456'), moreBody: true }, { type: 'http.disconnect' }]);
  const error = await readBody(receive, 4).catch((e: unknown) => e);
  t.equal((error as HTTPException).status, 413);
  const streamed = streamBody(replay([{ type: 'http.request', body: bytes('123456'), moreBody: true }, { type: 'http.request', body: bytes('7'), moreBody: false }]), 4);
  t.equal(((await streamed.next().catch((e: unknown) => e)) as HTTPException).status, 413);
});

t.test('a disconnect while reading is a ClientDisconnect', async (t) => {
  const receive = replay([{ type: 'http.request', body: bytes('a'), moreBody: true }, { type: 'http.disconnect' }]);
  await t.rejects(readBody(receive, 100), ClientDisconnect);
});

t.test('a stream cannot be read twice, but bytes() can follow bytes()', async (t) => {
  const app = new App();
  app.post('/twice', async (request) => {
    for await (const chunk of request.stream()) void chunk;
    try {
      request.stream();
      return 'allowed';
    } catch (error) {
      return (error as Error).message;
    }
  });
  app.post('/bytes', async (request) => (await request.bytes()) === (await request.bytes()));
  const client = new TestClient(app);
  t.match((await client.post('/twice', { body: 'abc' })).json(), /already been consumed/);
  t.equal((await client.post('/bytes', { body: 'abc' })).json(), true);
});

t.test('bytes() after stream() rejects, and a failed read fails the same way when asked again', async (t) => {
  const app = new App({ bodyLimit: 4 });
  app.post('/stream-then-bytes', async (request) => {
    for await (const chunk of request.stream()) void chunk;
    return request.bytes().then(() => 'read', (error: Error) => error.message);
  });
  app.post('/too-large-twice', async (request) => {
    const first = await request.bytes().catch((error: HTTPException) => error);
    const second = await request.bytes().catch((error: HTTPException) => error);
    return [(first as HTTPException).status, first === second];
  });
  const client = new TestClient(app);
  t.match((await client.post('/stream-then-bytes', { body: 'ab' })).json(), /already been consumed/);
  t.same((await client.post('/too-large-twice', { body: 'abcdefgh' })).json(), [413, true]);
});

t.test('the URL falls back to the server address without a Host header', async (t) => {
  const app = new App();
  app.get('/where', (request) => request.url.href);
  t.equal((await new TestClient(app).get('/where', { headers: [] })).json(), 'http://testserver/where');
});

t.test('declaresTooLarge reads Content-Length against the limit, and a body without one is not refused', async (t) => {
  t.equal(declaresTooLarge([['host', 'x'], ['content-length', '11']], 10), true);
  t.equal(declaresTooLarge([['content-length', '10']], 10), false);
  t.equal(declaresTooLarge([['transfer-encoding', 'chunked']], 10), false);
});

t.test('a declared Content-Length over the limit is a 413 that keeps none of the body', async (t) => {
  const app = new App({ bodyLimit: 10 });
  app.post('/upload', async (request) => ({ size: (await request.bytes()).byteLength }));
  let asked = 0;
  const receive: Receive = async () => {
    asked += 1;
    return { type: 'http.request', body: bytes('x'.repeat(11)), moreBody: false };
  };
  const sent: Array<{ type: string; status?: number }> = [];
  const scope = { type: 'http', asgi: { version: '3.0' }, httpVersion: '1.1', method: 'POST', scheme: 'http', path: '/upload', rawPath: '/upload', queryString: '', rootPath: '', headers: [['content-length', '11']], client: null, server: null } as const;
  await app(scope as never, receive, async (event) => void sent.push(event as { type: string; status?: number }));
  t.equal(sent[0]?.status, 413);
  t.equal(asked, 0, 'none of the body was received');
  const within = await new TestClient(app).post('/upload', { body: 'x'.repeat(10) });
  t.same(within.json(), { size: 10 }, 'a declared length at the limit is read');
});

t.test('a chunked body (no Content-Length) over the limit is still a 413 while it streams', async (t) => {
  const app = new App({ bodyLimit: 10 });
  app.post('/upload', async (request) => ({ size: (await request.bytes()).byteLength }));
  async function* chunks() {
    for (let i = 0; i < 5; i++) yield 'xxxx';
  }
  const response = await new TestClient(app).post('/upload', { body: chunks() });
  t.equal(response.status, 413);
});

t.test('a client that leaves mid-body is answered 499 (client closed request), not 400', async (t) => {
  const app = new App();
  app.post('/upload', async (request) => ({ size: (await request.bytes()).byteLength }));
  const sent: Array<{ type: string; status?: number }> = [];
  const receive = replay([{ type: 'http.request', body: bytes('a'), moreBody: true }, { type: 'http.disconnect' }]);
  const scope = { type: 'http', asgi: { version: '3.0' }, httpVersion: '1.1', method: 'POST', scheme: 'http', path: '/upload', rawPath: '/upload', queryString: '', rootPath: '', headers: [], client: null, server: null } as const;
  await app(scope as never, receive, async (event) => void sent.push(event as { type: string; status?: number }));
  t.equal(sent[0]?.status, 499);
  t.equal(new ClientDisconnect().status, 499);
  t.equal(new ClientDisconnect().code, 'client_disconnect');
});
