/** staticFiles: serves a directory and cannot be tricked into reading outside it. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { App, staticFiles } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

// Layout: <base>/secret.txt sits beside the served directory <base>/public.
const base = mkdtempSync(join(tmpdir(), 'tsgi-static-'));
const SECRET = 'TOP-SECRET-CONTENT';
writeFileSync(join(base, 'secret.txt'), SECRET);
mkdirSync(join(base, 'public', 'docs'), { recursive: true });
writeFileSync(join(base, 'public', 'hello.txt'), 'hello');
writeFileSync(join(base, 'public', 'docs', 'index.html'), '<h1>docs</h1>');
symlinkSync(join(base, 'secret.txt'), join(base, 'public', 'link.txt'));

function client(html = false): TestClient {
  const app = new App();
  app.mount('/static', staticFiles({ directory: join(base, 'public'), html }));
  return new TestClient(app);
}

t.test('serves a file under the mount', async (t) => {
  const response = await client().get('/static/hello.txt');
  t.equal(response.status, 200);
  t.equal(response.text, 'hello');
  t.equal(response.header('content-type'), 'text/plain; charset=utf-8');
});

t.test('serves index.html for a directory only when html is on', async (t) => {
  t.equal((await client(true).get('/static/docs/')).text, '<h1>docs</h1>');
  t.equal((await client(false).get('/static/docs/')).status, 404);
});

t.test('a missing file is 404', async (t) => {
  t.equal((await client().get('/static/nope.txt')).status, 404);
});

t.test('refuses methods other than GET and HEAD with 405', async (t) => {
  const response = await client().post('/static/hello.txt');
  t.equal(response.status, 405);
  t.equal(response.header('allow'), 'GET, HEAD');
});

// Each attempt is written as a client would send it; the test client percent-decodes the path
// once, as a server does, so `%2e%2e` reaches the app as `..` and `%252e` as `%2e`.
const ATTEMPTS = [
  '/static/../secret.txt',
  '/static/docs/../../secret.txt',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E%2Fsecret.txt',
  '/static/%252e%252e/secret.txt',
  '/static/%252e%252e%252fsecret.txt',
  '/static/..%5csecret.txt',
  '/static/..\\secret.txt',
  '/static/hello.txt%00.png',
  '/static/%00../secret.txt',
  '/static/./hello.txt',
  '/static/link.txt',
];

for (const attempt of ATTEMPTS) {
  t.test(`a traversal attempt ${JSON.stringify(attempt)} is 404 and reveals nothing`, async (t) => {
    const response = await client().get(attempt);
    t.equal(response.status, 404);
    t.notMatch(response.text, SECRET);
  });
}

t.test('HEAD on a static file sends headers only', async (t) => {
  const response = await client().head('/static/hello.txt');
  t.equal(response.status, 200);
  t.equal(response.header('content-length'), '5');
  t.equal(response.body.length, 0);
});

t.test('a static file supports ranges and conditional requests', async (t) => {
  const c = client();
  t.equal((await c.get('/static/hello.txt', { headers: { range: 'bytes=1-3' } })).text, 'ell');
  const etag = (await c.get('/static/hello.txt')).header('etag')!;
  t.equal((await c.get('/static/hello.txt', { headers: { 'if-none-match': etag } })).status, 304);
});

t.test('a directory asked for without its slash is redirected to it, so its relative links resolve', async (t) => {
  const response = await client(true).get('/static/docs?v=2');
  t.equal(response.status, 307);
  t.equal(response.header('location'), '/static/docs/?v=2');
  const app = new App();
  app.mount('/static', staticFiles({ directory: join(base, 'public'), html: true }));
  const behindProxy = await new TestClient(app, { rootPath: '/api' }).get('/static/docs');
  t.equal(behindProxy.header('location'), '/api/static/docs/');
});
