/**
 * The test client and the real server agree on HTTP: the same apps, run in-process and over real
 * sockets, give the same status, headers (less the server's own), body, and failure outcome
 * (docs/protocol.md §4.4, §5.1). Harness: server-parity.ts.
 */
import t from 'tap';
import type { App, HttpScope, Receive, Send } from '../../../src/protocol/index.js';
import { TestClient } from '../../../src/protocol/index.js';
import { start } from '../../server/helpers.js';
import { viaServer, viaTestClient, type HttpOutcome } from './server-parity.js';

type HttpHandler = (scope: HttpScope, receive: Receive, send: Send) => Promise<void>;

/** What apps saw on a `receive()` after their response completed, by case name (side channel). */
const seenAfterResponse: string[] = [];

/** How a streaming app fared once its client left: the disconnect seen, and how its later sends ended. */
const afterLeaving: Array<{ sawDisconnect: boolean; sendsAfter: string[] }> = [];

/** The apps under test, by the first path segment. */
const HANDLERS: Record<string, HttpHandler> = {
  async plain(_scope, receive, send) {
    await receive();
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain'], ['X-Mixed-Case', 'kept'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']] });
    await send({ type: 'http.response.body', body: 'héllo' });
  },
  async echo(scope, receive, send) {
    const parts: Uint8Array[] = [];
    for (;;) {
      const event = await receive();
      if (event.type !== 'http.request') return;
      parts.push(event.body);
      if (!event.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 201, headers: [['x-method', scope.method], ['x-query', scope.queryString]] });
    await send({ type: 'http.response.body', body: Buffer.concat(parts) });
  },
  async streaming(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/event-stream']] });
    for (const part of ['one ', 'two ', 'three']) await send({ type: 'http.response.body', body: part, moreBody: true });
    await send({ type: 'http.response.body' });
  },
  async 'declared-length'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', '6']] });
    await send({ type: 'http.response.body', body: 'abc', moreBody: true });
    await send({ type: 'http.response.body', body: 'def' });
  },
  async 'no-content'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 204, headers: [['x-done', 'yes']] });
    await send({ type: 'http.response.body', body: 'a 204 has no body, whatever the app says' });
  },
  async 'not-modified'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 304, headers: [['etag', '"v1"']] });
    await send({ type: 'http.response.body', body: 'stale' });
  },
  async 'throws-before-start'() {
    throw new Error('handler failed');
  },
  async 'throws-mid-body'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'partial', moreBody: true });
    throw new Error('handler failed halfway');
  },
  async 'no-response'(_scope, receive) {
    await receive();
  },
  async 'returns-mid-body'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'partial', moreBody: true });
  },
  async 'body-before-start'(_scope, _receive, send) {
    await send({ type: 'http.response.body', body: 'too early' });
  },
  async 'second-start'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'x', moreBody: true });
    await send({ type: 'http.response.start', status: 500 });
  },
  async 'informational-status'(_scope, _receive, send) {
    await send({ type: 'http.response.start', status: 103 });
    await send({ type: 'http.response.body' });
  },
  async scope(scope, _receive, send) {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: JSON.stringify(scopeView(scope)) });
  },
  async 'own-framing'(_scope, _receive, send) {
    // Framing is the server's: a chunked header next to the server's own length would contradict it.
    await send({ type: 'http.response.start', status: 200, headers: [['transfer-encoding', 'chunked']] });
    await send({ type: 'http.response.body', body: 'hello' });
  },
  async 'until-gone'(_scope, receive, send) {
    // Streams until the client leaves, then sends three more chunks: each must still resolve (§5.1).
    await receive();
    let gone = false;
    const watching = receive().then((event) => (gone = event.type === 'http.disconnect'));
    await send({ type: 'http.response.start', status: 200 });
    for (let i = 0; i < 200 && !gone; i++) {
      await send({ type: 'http.response.body', body: `tick ${i}\n`, moreBody: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await watching;
    const sendsAfter: string[] = [];
    for (let i = 0; i < 3; i++) {
      sendsAfter.push(await send({ type: 'http.response.body', body: 'late', moreBody: true }).then(() => 'resolved', () => 'rejected'));
    }
    afterLeaving.push({ sawDisconnect: gone, sendsAfter });
  },
  async 'reads-after-response'(_scope, receive, send) {
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'answered first' });
    // The body was never read; after the response the exchange is over (§5.1).
    seenAfterResponse.push((await receive()).type);
  },
};

/** The scope fields a server fills from the request, as the app sees them (addresses aside). */
function scopeView(scope: HttpScope): unknown {
  const { type, tsgi, httpVersion, method, scheme, path, rawPath, queryString, rootPath } = scope;
  return {
    fields: { type, tsgi, httpVersion, method, scheme, path, rawPath, queryString, rootPath },
    headers: scope.headers.filter(([name]) => name.startsWith('x-')),
    lowerCaseNames: scope.headers.every(([name]) => name === name.toLowerCase()),
    extensionsFrozen: Object.isFrozen(scope.extensions),
    hasState: 'state' in scope,
  };
}

const app: App = async (scope, receive, send) => {
  if (scope.type !== 'http') return;
  const handler = HANDLERS[scope.path.slice(scope.rootPath.length).split('/')[1] ?? ''];
  if (handler === undefined) throw new Error(`no handler for ${scope.path}`);
  await handler(scope, receive, send);
};

/** [what the test says, method, path, body, expected outcome kind]. */
const CASES: Array<[string, string, string, string | undefined, HttpOutcome['kind']]> = [
  ['a plain response keeps header order, case, duplicates and a UTF-8 body', 'GET', '/plain', undefined, 'response'],
  ['a request body is echoed with the method and the raw query', 'POST', '/echo?a=1&b=%20', 'hello body', 'response'],
  ['a streamed body arrives whole', 'GET', '/streaming', undefined, 'response'],
  ['a body in two chunks under a declared content-length arrives whole', 'GET', '/declared-length', undefined, 'response'],
  ['a HEAD response has the headers and no body', 'HEAD', '/plain', undefined, 'response'],
  ['a 204 response has no body even when the app sends one', 'GET', '/no-content', undefined, 'response'],
  ['a 304 response has no body even when the app sends one', 'GET', '/not-modified', undefined, 'response'],
  ['an app that throws before starting fails before the response', 'GET', '/throws-before-start', undefined, 'failed-before-response'],
  ['an app that throws mid-body fails mid-response', 'GET', '/throws-mid-body', undefined, 'failed-mid-response'],
  ['an app that returns without a response fails before the response', 'GET', '/no-response', undefined, 'failed-before-response'],
  ['an app that returns mid-body fails mid-response', 'GET', '/returns-mid-body', undefined, 'failed-mid-response'],
  ['a body before the start fails before the response', 'GET', '/body-before-start', undefined, 'failed-before-response'],
  ['a second start after a body chunk fails mid-response', 'GET', '/second-start', undefined, 'failed-mid-response'],
  ['a 1xx status as the final response fails before the response', 'GET', '/informational-status', undefined, 'failed-before-response'],
  ['a transfer-encoding header from the app fails before the response', 'GET', '/own-framing', undefined, 'failed-before-response'],
];

t.test('the test client and the real server agree, app by app', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  for (const [what, method, path, body, kind] of CASES) {
    const headers = body === undefined ? undefined : { 'content-type': 'text/plain' };
    const inProcess = await viaTestClient(app, method, path, { body, headers });
    const overSocket = await viaServer(server.port, method, path, { body, headers });
    t.same(inProcess, overSocket, what);
    t.equal(overSocket.kind, kind, `${what} (${kind})`);
  }
});

t.test('after the response, receive() gives http.disconnect on both, even with the body unread', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  seenAfterResponse.length = 0;
  await viaTestClient(app, 'POST', '/reads-after-response', { body: 'never read' });
  await viaServer(server.port, 'POST', '/reads-after-response', { body: 'never read' });
  t.same(seenAfterResponse, ['http.disconnect', 'http.disconnect']);
});

t.test('the scope is built alike: decoded path under rootPath, raw path as sent, query, headers, frozen extensions', async (t) => {
  const server = await start(app, { lifespan: 'off', rootPath: '/api' });
  t.teardown(() => server.close());
  const target = '/scope/caf%C3%A9/a%2Fb?q=%20x&y';
  const headers = { 'X-Trace': 'abc', 'x-dup': 'kept' };
  const inProcess = await viaTestClient(app, 'GET', target, { headers }, { rootPath: '/api' });
  const overSocket = await viaServer(server.port, 'GET', target, { headers });
  t.same(inProcess, overSocket);
  t.same(overSocket.kind === 'response' && JSON.parse(overSocket.body).fields, {
    type: 'http', tsgi: { version: '1.0', specVersion: '1.0' }, httpVersion: '1.1', method: 'GET', scheme: 'http',
    path: '/api/scope/café/a/b', rawPath: '/scope/caf%C3%A9/a%2Fb', queryString: 'q=%20x&y', rootPath: '/api',
  });
});

t.test('a client that leaves mid-stream: the app hears http.disconnect, and its later sends still resolve', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  afterLeaving.length = 0;
  const stream = await new TestClient(app).stream('GET', '/until-gone');
  for await (const _chunk of stream.chunks()) {
    stream.disconnect();
    break;
  }
  await stream.finished;
  const controller = new AbortController();
  const response = await fetch(`${server.url}/until-gone`, { signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => undefined);
  for (let i = 0; i < 100 && afterLeaving.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const expected = { sawDisconnect: true, sendsAfter: ['resolved', 'resolved', 'resolved'] };
  t.same(afterLeaving, [expected, expected], 'in process, then over a socket');
});
