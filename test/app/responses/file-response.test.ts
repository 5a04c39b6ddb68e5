/** FileResponse: content type, validators (ETag, Last-Modified, 304), byte ranges (206, 416), HEAD. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { App, FileResponse } from '../../../src/app/index.js';
import { TestClient, type App as TsgiApp } from '../../../src/protocol/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgi-file-'));
const file = join(dir, 'alphabet.txt');
writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz');
const empty = join(dir, 'empty.txt');
writeFileSync(empty, '');

/** The test client advertises `http.response.pathsend`, so whole files go out through it. */
function client(): TestClient {
  const app = new App();
  app.get('/file', () => new FileResponse(file));
  app.get('/download', () => new FileResponse(file, { filename: 'letters "a-z".txt', mediaType: 'text/x-letters' }));
  app.get('/missing', () => new FileResponse(join(dir, 'nope.txt')));
  app.get('/report', () => new FileResponse(file, { filename: '报告 2026.pdf' }));
  app.get('/empty', () => new FileResponse(empty));
  return new TestClient(app);
}

t.test('serves the whole file with type, length, ETag, Last-Modified and Accept-Ranges', async (t) => {
  const response = await client().get('/file');
  t.equal(response.status, 200);
  t.equal(response.text, 'abcdefghijklmnopqrstuvwxyz');
  t.equal(response.header('content-type'), 'text/plain; charset=utf-8');
  t.equal(response.header('content-length'), '26');
  t.equal(response.header('accept-ranges'), 'bytes');
  t.match(response.header('etag'), /^"1a-[0-9a-f]+"$/);
  t.ok(Date.parse(response.header('last-modified') ?? '') > 0);
});

t.test('offers a download name and an explicit media type', async (t) => {
  const response = await client().get('/download');
  t.equal(response.header('content-type'), 'text/x-letters');
  t.equal(response.header('content-disposition'), 'attachment; filename="letters _a-z_.txt"');
});

t.test('answers 304 when If-None-Match names the current ETag', async (t) => {
  const c = client();
  const etag = (await c.get('/file')).header('etag')!;
  const response = await c.get('/file', { headers: { 'if-none-match': `"other", ${etag}` } });
  t.equal(response.status, 304);
  t.equal(response.body.length, 0);
});

t.test('answers 304 when If-Modified-Since is not older than the file', async (t) => {
  const c = client();
  const lastModified = (await c.get('/file')).header('last-modified')!;
  t.equal((await c.get('/file', { headers: { 'if-modified-since': lastModified } })).status, 304);
  t.equal((await c.get('/file', { headers: { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' } })).status, 200);
});

t.test('serves a byte range with 206 and Content-Range', async (t) => {
  const response = await client().get('/file', { headers: { range: 'bytes=2-5' } });
  t.equal(response.status, 206);
  t.equal(response.text, 'cdef');
  t.equal(response.header('content-range'), 'bytes 2-5/26');
  t.equal(response.header('content-length'), '4');
});

t.test('serves open-ended and suffix ranges', async (t) => {
  const c = client();
  t.equal((await c.get('/file', { headers: { range: 'bytes=23-' } })).text, 'xyz');
  t.equal((await c.get('/file', { headers: { range: 'bytes=-2' } })).text, 'yz');
  t.equal((await c.get('/file', { headers: { range: 'bytes=20-999' } })).header('content-range'), 'bytes 20-25/26');
});

t.test('answers 416 for a range starting past the end', async (t) => {
  const response = await client().get('/file', { headers: { range: 'bytes=26-30' } });
  t.equal(response.status, 416);
  t.equal(response.header('content-range'), 'bytes */26');
});

t.test('ignores several ranges, bad syntax and a stale If-Range by sending the whole file', async (t) => {
  const c = client();
  const cases: Array<Record<string, string>> = [{ range: 'bytes=0-1,4-5' }, { range: 'lines=1-2' }, { range: 'bytes=0-1', 'if-range': '"stale"' }];
  for (const headers of cases) {
    const response = await c.get('/file', { headers });
    t.equal(response.status, 200, JSON.stringify(headers));
    t.equal(response.body.length, 26);
  }
});

t.test('a HEAD request gets the headers and no body', async (t) => {
  const response = await client().head('/file');
  t.equal(response.status, 200);
  t.equal(response.header('content-length'), '26');
  t.equal(response.body.length, 0);
});

t.test('a missing file is a 404 that does not reveal the directory', async (t) => {
  const response = await client().get('/missing');
  t.equal(response.status, 404);
  t.notMatch(response.text, dir);
});

t.test('streams the file itself when the server has no pathsend extension', async (t) => {
  const app = new App();
  app.get('/file', () => new FileResponse(file));
  // A raw wrapper that hides the extension the test client advertises.
  const withoutPathsend: TsgiApp = (scope, receive, send) => app(scope.type === 'lifespan' ? scope : { ...scope, extensions: {} }, receive, send);
  const response = await new TestClient(withoutPathsend).get('/file', { headers: { range: 'bytes=0-2' } });
  t.equal(response.text, 'abc');
  const whole = await new TestClient(withoutPathsend).get('/file');
  t.equal(whole.text.length, 26);
});

t.test('a download name beyond latin-1 goes in filename* (RFC 6266) instead of breaking the header', async (t) => {
  const response = await client().get('/report');
  t.equal(response.status, 200);
  t.equal(response.header('content-disposition'), "attachment; filename=\"__ 2026.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf");
});

t.test('a range on an empty file is ignored: 200 with the empty body, never "bytes 0--1/0"', async (t) => {
  for (const range of ['bytes=-5', 'bytes=0-', 'bytes=0-0']) {
    const response = await client().get('/empty', { headers: { range } });
    t.equal(response.status, 200, range);
    t.equal(response.header('content-range'), undefined, range);
    t.equal(response.header('content-length'), '0', range);
  }
});
