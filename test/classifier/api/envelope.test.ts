/**
 * The success envelope: its timestamp and URL are made without `Date`/`URL` objects per request,
 * and must still read exactly as `new Date().toISOString()` and `request.url.href` would.
 */
import t from 'tap';
import { App } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';
import { envelope, isoTimestamp, requestUrl } from '../../../src/classifier/api/envelope.js';

t.test('the timestamp is the ISO 8601 UTC form of the current millisecond', async (t) => {
  for (const ms of [0, 1_767_225_600_000, 1_767_225_600_001, 1_767_225_600_001, 1_767_225_659_999]) {
    t.equal(isoTimestamp(ms), new Date(ms).toISOString());
  }
  const before = Date.now();
  const stamp = Date.parse(isoTimestamp());
  t.ok(stamp >= before && stamp <= Date.now());
});

t.test('the URL reads as the WHATWG URL of the request would, with host, path and query', async (t) => {
  const app = new App();
  app.get('/{rest:path}', (request) => ({ built: requestUrl(request), parsed: request.url.href }));
  const client = new TestClient(app);
  for (const [path, headers] of [
    ['/predict', { host: '127.0.0.1:8000' }],
    ['/models/v1?verbose=1&x=%20y', { host: 'localhost:9000' }],
    ['/predictions/a%2Fb', { host: 'example.org' }],
  ] as const) {
    const { built, parsed } = (await client.get(path, { headers })).json() as { built: string; parsed: string };
    t.equal(built, parsed, path);
  }
});

t.test('under a root path the URL keeps the prefix the proxy stripped, as request.url does', async (t) => {
  const app = new App();
  app.get('/{rest:path}', (request) => ({ built: requestUrl(request), parsed: request.url.href }));
  const client = new TestClient(app, { rootPath: '/api' });
  for (const path of ['/predict', '/models/v1?verbose=1', '/predictions/a%2Fb']) {
    const { built, parsed } = (await client.get(path, { headers: { host: 'svc:1' } })).json() as { built: string; parsed: string };
    t.equal(built, `http://svc:1/api${path}`, path);
    t.equal(built, parsed, `${path}: same as request.url`);
  }
});

t.test('the envelope carries message, method, status code, timestamp, URL and data, in that order', async (t) => {
  const app = new App();
  app.post('/predict', (request) => envelope(request, { ok: true }, 201));
  const response = await new TestClient(app).post('/predict', { headers: { host: 'svc:1' } });
  t.equal(response.status, 201);
  const body = response.json() as Record<string, unknown>;
  t.same(Object.keys(body), ['message', 'method', 'status-code', 'timestamp', 'url', 'data']);
  t.match(body, { message: 'OK', method: 'POST', 'status-code': 201, url: 'http://svc:1/predict', data: { ok: true } });
});
