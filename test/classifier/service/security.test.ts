import t from 'tap';
import WebSocket from 'ws';
import { nextMessages, startService, type RunningService } from './service-harness.js';

let service: RunningService;
t.before(async () => {
  service = await startService(t, { apiKeys: ['s3cret', 'other-key'] });
});

const item = { title: 'Graph neural networks' };

/** The HTTP answer to a WebSocket handshake the service refuses: status, Retry-After and body. */
function handshakeRefusal(port: number, protocols: string[] = []): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/predict`, protocols);
    const timer = setTimeout(() => reject(new Error('no answer to the handshake')), 5000);
    socket.once('open', () => (clearTimeout(timer), socket.close(), reject(new Error('the handshake was accepted'))));
    socket.once('error', () => undefined);
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => (clearTimeout(timer), resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'] as string | undefined, body })));
    });
  });
}

t.test('a prediction without a key is 401 with a Bearer challenge', async (t) => {
  const response = await service.request('/predict', { json: item });
  t.equal(response.status, 401);
  t.equal(response.headers.get('www-authenticate'), 'Bearer realm="tagifai"');
  t.match(response.body, { detail: String });
});

t.test('a wrong key is 403 and a right key passes, on REST and V2', async (t) => {
  t.equal((await service.request('/predict', { json: item, headers: { authorization: 'Bearer nope' } })).status, 403);
  t.equal((await service.request('/predict', { json: item, headers: { authorization: 'Bearer s3cret' } })).status, 200);
  t.equal((await service.request('/predict/batch', { json: { items: [item] }, headers: { authorization: 'Bearer other-key' } })).status, 200);
  const v2 = { inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: ['x'] }] };
  const missing = await service.request('/v2/models/tagifai/infer', { json: v2 });
  t.equal(missing.status, 401);
  t.type(missing.body.error, 'string');
  t.equal(missing.headers.get('www-authenticate'), 'Bearer realm="tagifai"');
  t.equal((await service.request('/v2/models/tagifai/infer', { json: v2, headers: { authorization: 'Bearer wrong' } })).status, 403);
  t.equal((await service.request('/v2/models/tagifai/infer', { json: v2, headers: { authorization: 'Bearer s3cret' } })).status, 200);
});

t.test('the key is checked before the body: no key and bad JSON is still 401', async (t) => {
  t.equal((await service.request('/predict', { body: '{', headers: { 'content-type': 'application/json' } })).status, 401);
  const v2 = await service.request('/v2/models/tagifai/infer', { body: '{', headers: { 'content-type': 'application/json' } });
  t.equal(v2.status, 401);
  t.type(v2.body.error, 'string');
});

t.test('non-prediction endpoints stay open', async (t) => {
  for (const path of ['/', '/healthz', '/readyz', '/models', '/metrics', '/openapi.json']) t.equal((await service.request(path)).status, 200, path);
});

t.test('a WebSocket client may send its key as the subprotocols "bearer, <key>"', async (t) => {
  const socket = await service.websocket(['bearer', 's3cret']);
  t.equal(socket.protocol, 'bearer', 'the server accepts the "bearer" subprotocol, not the key');
  const reply = nextMessages(socket, 1);
  socket.send(JSON.stringify({ id: 1, ...item }));
  t.match((await reply)[0], { id: 1, prediction: String });
  socket.close();
});

t.test('a WebSocket without a key or with a wrong one is refused at the handshake with 403 and a JSON detail', async (t) => {
  const missing = await handshakeRefusal(service.port);
  t.equal(missing.status, 403);
  t.same(JSON.parse(missing.body), { detail: 'Not authenticated' });
  const wrong = await handshakeRefusal(service.port, ['bearer', 'wrong']);
  t.equal(wrong.status, 403);
  t.same(JSON.parse(wrong.body), { detail: 'Invalid API key' });
});

t.test('a rate-limited service answers 429 with Retry-After past the limit', async (t) => {
  const limited = await startService(t, { rateLimit: { requests: 3, windowSeconds: 60 } });
  const statuses = [];
  for (let i = 0; i < 5; i++) {
    const response = await limited.request('/predict', { json: item });
    statuses.push(response.status);
    if (response.status === 429) t.ok(Number(response.headers.get('retry-after')) >= 1);
  }
  t.same(statuses, [200, 200, 200, 429, 429]);
  t.equal((await limited.request('/healthz')).status, 200, 'probes are not limited');
  const v2 = await limited.request('/v2/models/tagifai/infer', { json: { inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: ['x'] }] } });
  t.equal(v2.status, 429, 'V2 shares the client\'s count');
  t.same(Object.keys(v2.body), ['error']);
  t.ok(Number(v2.headers.get('retry-after')) >= 1);
  await t.rejects(limited.websocket(), /handshake refused: 429/, 'so does the WebSocket handshake');
});

t.test('a rate-limited WebSocket handshake is refused with 429, Retry-After and the JSON detail', async (t) => {
  const limited = await startService(t, { rateLimit: { requests: 1, windowSeconds: 60 } });
  (await limited.websocket()).close();
  const refusal = await handshakeRefusal(limited.port);
  t.equal(refusal.status, 429);
  t.ok(Number(refusal.retryAfter) >= 1, `Retry-After: ${refusal.retryAfter}`);
  t.match(JSON.parse(refusal.body), { detail: /Rate limit exceeded/ });
});

t.test('a browser may read Retry-After and WWW-Authenticate on a cross-origin refusal (CORS exposes them)', async (t) => {
  const limited = await startService(t, { rateLimit: { requests: 1, windowSeconds: 60 }, apiKeys: ['s3cret'], corsOrigins: ['https://app.test'] });
  const headers = { origin: 'https://app.test' };
  const unauthenticated = await limited.request('/predict', { json: item, headers });
  t.equal(unauthenticated.status, 401);
  t.match(unauthenticated.headers.get('access-control-expose-headers'), /www-authenticate/);
  const authorised = { ...headers, authorization: 'Bearer s3cret' };
  t.equal((await limited.request('/predict', { json: item, headers: authorised })).status, 200);
  const refused = await limited.request('/predict', { json: item, headers: authorised });
  t.equal(refused.status, 429);
  t.equal(refused.headers.get('access-control-allow-origin'), 'https://app.test');
  t.match(refused.headers.get('access-control-expose-headers'), /retry-after/);
});

t.test('the limit is checked before the body: a limited client with bad JSON gets 429', async (t) => {
  const limited = await startService(t, { rateLimit: { requests: 1, windowSeconds: 60 } });
  t.equal((await limited.request('/predict', { json: item })).status, 200);
  t.equal((await limited.request('/predict', { body: '{', headers: { 'content-type': 'application/json' } })).status, 429);
});

