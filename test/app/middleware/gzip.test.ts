/** GZip middleware: large bodies compressed, small ones not, streams compressed chunk by chunk. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, createGunzip } from 'node:zlib';
import t from 'tap';
import { App, EventSourceResponse, FileResponse, Response, StreamingResponse, gzip } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

const BIG = 'tsgi '.repeat(400);

function client(): TestClient {
  const app = new App({ middleware: [gzip({ minimumSize: 100 })] });
  app.get('/big', () => ({ text: BIG }));
  app.get('/small', () => ({ text: 'hi' }));
  app.get('/stream', () =>
    new StreamingResponse(
      (async function* () {
        yield 'part one;';
        yield 'part two;';
      })(),
    ),
  );
  app.get('/events', () => new EventSourceResponse((async function* () { yield BIG; })()));
  return new TestClient(app);
}

const ACCEPT = { 'accept-encoding': 'br, gzip;q=0.9' };

t.test('compresses a large body for a client that accepts gzip', async (t) => {
  const response = await client().get('/big', { headers: ACCEPT });
  t.equal(response.header('content-encoding'), 'gzip');
  t.equal(response.header('vary'), 'Accept-Encoding');
  t.equal(response.header('content-length'), String(response.body.length));
  t.ok(response.body.length < BIG.length / 10);
  t.same(JSON.parse(gunzipSync(response.body).toString()), { text: BIG });
});

t.test('leaves small bodies and clients without gzip alone', async (t) => {
  const c = client();
  t.equal((await c.get('/small', { headers: ACCEPT })).header('content-encoding'), undefined);
  t.equal((await c.get('/big')).header('content-encoding'), undefined);
  t.equal((await c.get('/big', { headers: { 'accept-encoding': 'gzip;q=0' } })).header('content-encoding'), undefined);
});

t.test('compresses a stream chunk by chunk, each decodable when it arrives', async (t) => {
  const response = await client().stream('GET', '/stream', { headers: ACCEPT });
  t.equal(response.header('content-encoding'), 'gzip');
  const gunzip = createGunzip();
  const decoded: string[] = [];
  gunzip.on('data', (d: Buffer) => decoded.push(d.toString()));
  const seen: string[] = [];
  for await (const chunk of response.chunks()) {
    gunzip.write(chunk);
    await new Promise<void>((resolve) => gunzip.flush(resolve));
    seen.push(decoded.join(''));
  }
  t.equal(seen[0], 'part one;', 'the first chunk decodes on its own');
  t.equal(seen[1], 'part one;part two;');
});

t.test('does not compress Server-Sent Events', async (t) => {
  t.equal((await client().get('/events', { headers: ACCEPT })).header('content-encoding'), undefined);
});

t.test('a HEAD request passes through uncompressed with its content-length', async (t) => {
  const response = await client().head('/big', { headers: ACCEPT });
  t.equal(response.header('content-encoding'), undefined);
  t.equal(response.body.length, 0);
  t.ok(Number(response.header('content-length')) > 1000);
});

t.test('a response that is already encoded is left alone', async (t) => {
  const app = new App({ middleware: [gzip({ minimumSize: 1 })] });
  app.get('/br', () => new Response('x'.repeat(200), { headers: { 'content-encoding': 'br' } }));
  const response = await new TestClient(app).get('/br', { headers: ACCEPT });
  t.same(response.headerValues('content-encoding'), ['br']);
  t.equal(response.text, 'x'.repeat(200));
});

t.test('leaves a byte-range answer (206) uncompressed, so the range still counts file bytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-gzip-'));
  const file = join(dir, 'big.txt');
  writeFileSync(file, BIG);
  const app = new App({ middleware: [gzip({ minimumSize: 10 })] });
  app.get('/file', () => new FileResponse(file));
  const response = await new TestClient(app).get('/file', { headers: { ...ACCEPT, range: 'bytes=0-999' } });
  t.equal(response.status, 206);
  t.equal(response.header('content-encoding'), undefined);
  t.equal(response.header('content-range'), `bytes 0-999/${BIG.length}`);
  t.equal(response.text, BIG.slice(0, 1000));
});
