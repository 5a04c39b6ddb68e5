import t from 'tap';
import { app } from '../../examples/01-raw-protocol-app.js';
import { TestClient, WebSocketDenied } from '../../src/protocol/index.js';

const client = new TestClient(app);

t.test('a request without a body is described back', async (t) => {
  const response = await client.get('/hello?name=ada');
  t.equal(response.status, 200);
  t.equal(response.header('content-type'), 'text/plain; charset=utf-8');
  t.equal(response.header('x-echo-method'), 'GET');
  t.equal(response.text, 'GET /hello?name=ada\n');
});

t.test('a request body is echoed with its content type', async (t) => {
  const response = await client.post('/echo', { json: { hello: 'world' } });
  t.equal(response.header('content-type'), 'application/json');
  t.same(response.json(), { hello: 'world' });
});

t.test('a body streamed in chunks is echoed whole', async (t) => {
  const response = await client.put('/echo', { body: ['ab', 'cd', 'ef'], headers: { 'content-type': 'text/plain' } });
  t.equal(response.text, 'abcdef');
  t.equal(response.header('x-echo-method'), 'PUT');
});

t.test('a body without a content type is echoed as octet-stream', async (t) => {
  const response = await client.post('/echo', { body: new Uint8Array([0, 255]) });
  t.equal(response.header('content-type'), 'application/octet-stream');
  t.same([...response.body], [0, 255]);
});

t.test('a client that leaves mid-upload gets no response', async (t) => {
  async function* leavesHalfway() {
    yield 'part';
    throw new Error('the client closed the socket');
  }
  const response = await client.post('/echo', { body: leavesHalfway() });
  t.equal(response.status, 0, 'the app saw http.disconnect and returned without answering');
});

t.test('a websocket upgrade is refused with 403', async (t) => {
  await t.rejects(client.websocket('/'), WebSocketDenied);
});

t.test('the lifespan completes startup and shutdown', async (t) => {
  const lifespan = await client.lifespan();
  t.same(lifespan.state, {});
  await t.resolves(lifespan.shutdown());
});

t.test('the example runs unchanged on the tsgi server over a real socket', async (t) => {
  const { serve } = await import('../../src/server/index.js');
  const server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'error' });
  t.teardown(() => server.close());
  const response = await fetch(`http://127.0.0.1:${server.port}/echo`, { method: 'POST', body: 'over the wire', headers: { 'content-type': 'text/plain' } });
  t.equal(response.status, 200);
  t.equal(response.headers.get('x-echo-method'), 'POST');
  t.equal(await response.text(), 'over the wire');
});

t.test('the example answers alike in process and on the real server (GET, POST, HEAD)', async (t) => {
  const { viaServer, viaTestClient } = await import('../protocol/testing/server-parity.js');
  const { serve } = await import('../../src/server/index.js');
  const server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'error' });
  t.teardown(() => server.close());
  const requests: Array<[string, string, string | undefined]> = [['GET', '/hello?name=ada', undefined], ['POST', '/echo', 'over the wire'], ['HEAD', '/hello', undefined]];
  for (const [method, path, body] of requests) {
    const headers = body === undefined ? undefined : { 'content-type': 'text/plain' };
    t.same(await viaTestClient(app, method, path, { body, headers }), await viaServer(server.port!, method, path, { body, headers }), `${method} ${path}`);
  }
});
