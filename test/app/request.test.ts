/** Request: lazy access to URL, query, headers, cookies, client, state and the body in every form. */
import t from 'tap';
import { App, UploadFile, type AppOptions, type Request } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

/** An app whose one route answers with what `inspect` makes of the request. */
function echo(inspect: (request: Request) => unknown, options: AppOptions<Record<string, unknown>> = {}): TestClient {
  const app = new App<Record<string, unknown>>(options);
  app.route('/echo/{name}', inspect, { methods: ['GET', 'POST'] });
  return new TestClient(app);
}

t.test('exposes method, path, URL, query and path parameters', async (t) => {
  const client = echo((r) => ({ method: r.method, path: r.path, url: r.url.href, tags: r.query.getAll('tag'), name: r.pathParams.name }));
  const response = await client.get('/echo/ada?tag=a&tag=b', { headers: { host: 'example.com' } });
  t.same(response.json(), { method: 'GET', path: '/echo/ada', url: 'http://example.com/echo/ada?tag=a&tag=b', tags: ['a', 'b'], name: 'ada' });
});

t.test('reads headers case-insensitively, with repeated values kept', async (t) => {
  const client = echo((r) => ({ agent: r.headers.get('User-Agent'), all: r.headers.getAll('x-tag'), missing: r.headers.get('nope') }));
  const response = await client.get('/echo/x', { headers: [['user-agent', 'tap'], ['x-tag', '1'], ['x-tag', '2']] });
  t.same(response.json(), { agent: 'tap', all: ['1', '2'], missing: null });
});

t.test('parses cookies, decoding values and keeping the first of duplicates', async (t) => {
  const client = echo((r) => r.cookies);
  const response = await client.get('/echo/x', { headers: { cookie: 'session=abc%20def; theme="dark"; session=later; broken' } });
  t.same(response.json(), { session: 'abc def', theme: 'dark' });
});

t.test('gives the client address and a state object even without a lifespan', async (t) => {
  const client = echo((r) => {
    (r.state as Record<string, unknown>).touched = true;
    return { client: r.client, state: r.state };
  });
  t.same((await client.get('/echo/x')).json(), { client: ['testclient', 50000], state: { touched: true } });
});

t.test('reads the body as bytes, text and JSON, even several times', async (t) => {
  const client = echo(async (r) => ({ size: (await r.bytes()).length, text: await r.text(), json: await r.json() }));
  const response = await client.post('/echo/x', { json: { a: [1, 2] } });
  t.same(response.json(), { size: 11, text: '{"a":[1,2]}', json: { a: [1, 2] } });
});

t.test('joins a body that arrives in several chunks', async (t) => {
  const client = echo(async (r) => r.text());
  const response = await client.post('/echo/x', { body: ['hel', 'lo ', 'world'] });
  t.same(response.json(), 'hello world');
});

t.test('streams the body chunk by chunk', async (t) => {
  const client = echo(async (r) => {
    const sizes: number[] = [];
    for await (const chunk of r.stream()) sizes.push(chunk.length);
    return sizes;
  });
  t.same((await client.post('/echo/x', { body: ['ab', 'cde', 'f'] })).json(), [2, 3, 1]);
});

t.test('answers 400 for malformed JSON, saying so', async (t) => {
  const client = echo(async (r) => r.json());
  const response = await client.post('/echo/x', { body: '{"a":', headers: { 'content-type': 'application/json' } });
  t.equal(response.status, 400);
  t.match(response.json<{ detail: string }>().detail, /^Malformed JSON body/);
});

t.test('answers 413 when the body passes the app body limit', async (t) => {
  const client = echo(async (r) => (await r.bytes()).length, { bodyLimit: 10 });
  t.equal((await client.post('/echo/x', { body: ['12345', '67890'] })).status, 200);
  const response = await client.post('/echo/x', { body: ['12345', '67890', 'x'] });
  t.equal(response.status, 413);
  t.match(response.json<{ detail: string }>().detail, /limit of 10 bytes/);
});

t.test('parses an urlencoded form with repeated fields', async (t) => {
  const client = echo(async (r) => {
    const form = await r.form();
    return { name: form.get('name'), tags: form.getAll('tag') };
  });
  const response = await client.post('/echo/x', { body: 'name=Ada+L&tag=a&tag=b%21', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.same(response.json(), { name: 'Ada L', tags: ['a', 'b!'] });
});

/** Builds a multipart body by hand, as a browser would. */
function multipart(boundary: string, parts: Array<{ name: string; value: string; filename?: string; type?: string }>): string {
  return (
    parts
      .map((p) => {
        const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
        const type = p.type === undefined ? '' : `\r\nContent-Type: ${p.type}`;
        return `--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n${p.value}\r\n`;
      })
      .join('') + `--${boundary}--\r\n`
  );
}

t.test('parses a multipart form with fields and file uploads', async (t) => {
  const client = echo(async (r) => {
    const form = await r.form();
    const file = form.get('upload');
    if (!(file instanceof UploadFile)) return { error: 'no file' };
    return { title: form.get('title'), filename: file.filename, type: file.contentType, size: file.size, content: file.text() };
  });
  const body = multipart('XyZ', [
    { name: 'title', value: 'Report; final' },
    { name: 'upload', value: 'line 1\r\nline 2', filename: 'notes.txt', type: 'text/plain' },
  ]);
  const response = await client.post('/echo/x', { body, headers: { 'content-type': 'multipart/form-data; boundary=XyZ' } });
  t.same(response.json(), { title: 'Report; final', filename: 'notes.txt', type: 'text/plain', size: 14, content: 'line 1\r\nline 2' });
});

t.test('refuses an uploaded file over the file size limit with 413', async (t) => {
  const client = echo(async (r) => (await r.form({ maxFileSize: 4 })).entries.length);
  const body = multipart('b', [{ name: 'f', value: 'too long', filename: 'a.bin' }]);
  const response = await client.post('/echo/x', { body, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
  t.equal(response.status, 413);
});

t.test('answers 400 for a malformed multipart body and 415 for a non-form body', async (t) => {
  const client = echo(async (r) => (await r.form()).entries.length);
  const bad = await client.post('/echo/x', { body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
  t.equal(bad.status, 400);
  t.match(bad.json<{ detail: string }>().detail, /expected a boundary after the part content/);
  const wrongType = await client.post('/echo/x', { json: { a: 1 } });
  t.equal(wrongType.status, 415);
});

t.test('a Host header that is not a host and port is not trusted for request.url', async (t) => {
  const app = new App();
  app.get('/where', (request) => request.url.href);
  const client = new TestClient(app);
  const urlFor = async (host: string) => (await client.get('/where?q=1', { headers: { host } })).json();
  t.equal(await urlFor('api.example:8443'), 'http://api.example:8443/where?q=1');
  t.equal(await urlFor('[::1]:8000'), 'http://[::1]:8000/where?q=1');
  for (const host of ['a b', 'evil.example/x?', 'user@evil.example', '[::1', 'x:99999']) {
    t.equal(await urlFor(host), 'http://testserver/where?q=1', host);
  }
});
