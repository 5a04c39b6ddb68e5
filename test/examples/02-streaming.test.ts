import t from 'tap';
import { app } from '../../examples/02-streaming.js';
import { TestClient } from '../../src/protocol/index.js';

const client = new TestClient(app);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

t.test('count sends one chunk per line, then an empty last chunk', async (t) => {
  const response = await client.get('/count?to=3&every=1');
  t.equal(response.status, 200);
  t.same(response.chunks.map(decode), ['1\n', '2\n', '3\n', '']);
});

t.test('the chunks of count arrive over time', async (t) => {
  const stream = await client.stream('GET', '/count?to=3&every=40');
  const arrivals: number[] = [];
  const began = performance.now();
  for await (const chunk of stream.chunks()) if (chunk.length > 0) arrivals.push(performance.now() - began);
  t.equal(arrivals.length, 3);
  t.ok(arrivals[2]! - arrivals[0]! >= 60, `the last line came ${Math.round(arrivals[2]! - arrivals[0]!)} ms after the first`);
});

t.test('count stops producing when the client disconnects mid-stream', async (t) => {
  const stream = await client.stream('GET', '/count?to=1000&every=5');
  const lines: string[] = [];
  for await (const chunk of stream.chunks()) {
    lines.push(decode(chunk));
    if (lines.length === 3) stream.disconnect();
  }
  await stream.finished;
  t.same(lines.slice(0, 3), ['1\n', '2\n', '3\n']);
  t.ok(lines.length < 10, `the app stopped after ${lines.length} lines instead of 1000`);
});

t.test('bad query values fall back to the defaults', async (t) => {
  const response = await client.get('/count?to=-1&every=x');
  t.same(response.chunks.map(decode), ['1\n', '2\n', '3\n', '4\n', '5\n', '']);
});

t.test('upload reports the chunks and bytes of a streamed body', async (t) => {
  async function* pieces() {
    yield 'abc';
    yield new Uint8Array(1000);
    yield 'z';
  }
  const response = await client.post('/upload', { body: pieces() });
  t.same(response.json(), { chunks: 3, bytes: 1004 });
});

t.test('other routes answer 404', async (t) => {
  const response = await client.get('/nowhere');
  t.equal(response.status, 404);
  t.match(response.text, /GET \/count/);
});

t.test('the example streams over a real socket on the tsgi server', async (t) => {
  const { serve } = await import('../../src/server/index.js');
  const server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'error' });
  t.teardown(() => server.close());
  const response = await fetch(`http://127.0.0.1:${server.port}/count?to=3&every=10`);
  t.equal(response.headers.get('transfer-encoding'), 'chunked');
  t.equal(await response.text(), '1\n2\n3\n');
});
