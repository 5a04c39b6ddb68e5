import t from 'tap';
import type { App, HttpScope } from '../../src/protocol/index.js';
import { start, raw, textApp, eventually } from './helpers.js';
import { checked } from '../../src/protocol/index.js';

t.test('builds the http scope from the request line, headers and connection', async (t) => {
  let seen: HttpScope | undefined;
  let client: unknown;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    seen = scope;
    client = scope.client; // read in flight: the server reads the peer lazily (http-scope.ts)
    await receive();
    await send({ type: 'http.response.start', status: 204 });
    await send({ type: 'http.response.body' });
  };
  const server = await start(app, { rootPath: '/api', lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'GET /a%20b/c?x=1&y=%20 HTTP/1.1\r\nHost: h\r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\n', 600);
  t.match(answer.text, /^HTTP\/1\.1 204/);
  t.ok(seen);
  t.equal(seen!.method, 'GET');
  t.equal(seen!.path, '/api/a b/c');
  t.equal(seen!.rawPath, '/a%20b/c');
  t.equal(seen!.queryString, 'x=1&y=%20');
  t.equal(seen!.rootPath, '/api');
  t.equal(seen!.scheme, 'http');
  t.equal(seen!.httpVersion, '1.1');
  t.same(seen!.headers.filter(([name]) => name === 'x-dup'), [['x-dup', '1'], ['x-dup', '2']]);
  t.same(client, ['127.0.0.1', 0]);
  t.same(seen!.client, ['127.0.0.1', 0], 'still readable after the response');
  t.same(seen!.server, ['127.0.0.1', server.port]);
  t.equal(seen!.state, undefined, 'no lifespan, no state');
  t.ok(seen!.extensions?.['tsgi.server.stats'], 'stats extension advertised');
});

t.test('each request gets exactly its own headers, even after a request with more of them', async (t) => {
  // The head is read into one shared list and copied out (request-head.ts): nothing may carry over.
  const seen: Array<HttpScope['headers']> = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    seen.push(scope.headers); // the lists themselves: checked after both requests were read
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'ok' });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const many = Array.from({ length: 30 }, (_, i) => `X-N${i}: ${i}\r\n`).join('');
  const answer = await raw(server.port, `GET /a HTTP/1.1\r\nHost: h\r\n${many}\r\nGET /b HTTP/1.1\r\nHost: h2\r\nX-Only: 1\r\n\r\n`, 600, /ok[\s\S]*ok/);
  t.match(answer.text, /ok[\s\S]*ok/);
  t.equal(seen.length, 2);
  t.equal(seen[0]!.length, 31);
  t.same(seen[0]![30], ['x-n29', '29']);
  t.same(seen[1], [['host', 'h2'], ['x-only', '1']]);
});

t.test('a one-chunk response carries Content-Length, Server and Date', async (t) => {
  const server = await start(textApp('hello'));
  t.teardown(() => server.close());
  const response = await fetch(server.url);
  t.equal(response.status, 200);
  t.equal(response.headers.get('content-length'), '5');
  t.equal(response.headers.get('server'), 'tsgi');
  t.ok(response.headers.get('date'));
  t.equal(await response.text(), 'hello');
});

t.test('a HEAD response keeps the declared length and sends no body', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', '11']] });
    await send({ type: 'http.response.body', body: '' });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'HEAD / HTTP/1.1\r\nHost: h\r\n\r\n', 500);
  t.match(answer.text, /Content-Length: 11/i);
  t.notMatch(answer.text, /\r\n\r\n./s);
});

t.test('trusts X-Forwarded-For and -Proto only from allowed addresses', async (t) => {
  const seen: HttpScope[] = [];
  const app = textApp((scope) => {
    seen.push(scope);
    return 'ok';
  });
  const trusting = await start(app);
  const distrusting = await start(app, { forwardedAllowIps: ['10.0.0.1'] });
  t.teardown(() => Promise.all([trusting.close(), distrusting.close()]));
  const headers = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
  await (await fetch(trusting.url, { headers })).text();
  await (await fetch(distrusting.url, { headers })).text();
  t.same(seen[0]!.client, ['203.0.113.9', 0]);
  t.equal(seen[0]!.scheme, 'https');
  t.equal(seen[1]!.client?.[0], '127.0.0.1');
  t.equal(seen[1]!.scheme, 'http');
});

t.test('writes one JSON access-log line per response with the request id', async (t) => {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  t.teardown(() => void (process.stderr.write = write));
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 201, headers: [['x-request-id', 'abc-123']] });
    await send({ type: 'http.response.body', body: 'made' });
  };
  const server = await start(app, { accessLog: true, logLevel: 'info', lifespan: 'off' });
  await (await fetch(`${server.url}/things?q=1`, { method: 'POST' })).text();
  await server.close();
  process.stderr.write = write;
  const access = lines.map((line) => JSON.parse(line)).filter((entry) => entry.type === 'access');
  t.equal(access.length, 1);
  t.match(access[0], { method: 'POST', path: '/things', status: 201, bytes: 4, requestId: 'abc-123' });
  t.type(access[0].durationMs, 'number');
});

t.test('the headers the writer handles itself are recognised in any letter case', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    // A capitalised Content-Length is taken as the declared total (written once, by uWS), a
    // capitalised Server replaces the default one, and Content-Type (12 letters, like
    // x-request-id) passes through untouched.
    await send({ type: 'http.response.start', status: 200, headers: [['Content-Length', '2'], ['Server', 'mine'], ['Content-Type', 'text/plain']] });
    await send({ type: 'http.response.body', body: 'ok' });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', 500, /\r\n\r\nok/);
  const head = answer.text.split('\r\n\r\n')[0]!;
  t.equal(head.match(/^content-length:/gim)?.length, 1, 'one Content-Length');
  t.match(head, /^content-length: 2$/im);
  t.equal(head.match(/^server:/gim)?.length, 1, 'one Server header');
  t.match(head, /^server: mine$/im);
  t.match(head, /^content-type: text\/plain$/im);
});

t.test('the default Server line rides with the app headers: every header once, each on its own line', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    // No headers at all on /bare; two on any other path (the last one carries the server line).
    const headers: Array<[string, string]> = scope.path === '/bare' ? [] : [['content-type', 'text/plain'], ['x-one', '1']];
    await send({ type: 'http.response.start', status: 200, headers });
    await send({ type: 'http.response.body', body: 'ok' });
  };
  const server = await start(app, { lifespan: 'off', serverHeader: 'tsgi-test' });
  t.teardown(() => server.close());
  for (const path of ['/', '/again', '/bare']) {
    const answer = await raw(server.port, `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`, 500, /\r\n\r\nok/);
    const lines = answer.text.split('\r\n\r\n')[0]!.split('\r\n');
    t.equal(lines.filter((line) => line === 'server: tsgi-test').length, 1, `${path}: one Server line`);
    if (path !== '/bare') {
      t.equal(lines.filter((line) => line === 'content-type: text/plain').length, 1, `${path}: content-type once`);
      t.equal(lines.filter((line) => line === 'x-one: 1').length, 1, `${path}: x-one once`);
    }
    t.ok(lines.every((line, i) => i === 0 || /^[a-z-]+: /i.test(line)), `${path}: every line is a header line`);
  }
});

t.test('after its response, an app hears http.disconnect, whether or not it read the request', async (t) => {
  const seen: unknown[] = [];
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'answered first' });
    seen.push(await receive().then((event) => event.type, (error: { rule?: string }) => error.rule));
  };
  const server = await start(checked(app), { lifespan: 'off' });
  t.teardown(() => server.close());
  await (await fetch(`${server.url}/`)).text();
  await (await fetch(`${server.url}/`, { method: 'POST', body: 'unread' })).text();
  await eventually(() => seen.length >= 2);
  t.same(seen, ['http.disconnect', 'http.disconnect'], 'a GET (empty body never asked for) and a POST (body unread) alike');
});
