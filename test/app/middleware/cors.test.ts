/** CORS middleware: preflights answered or refused, allowed origins echoed, others untouched. */
import t from 'tap';
import { App, JSONResponse, cors } from '../../../src/app/index.js';
import { TestClient, type App as TsgiApp } from '../../../src/protocol/index.js';

function client(options: Parameters<typeof cors>[0]): TestClient {
  const app = new App({ middleware: [cors(options)] });
  app.get('/data', () => ({ ok: true }));
  return new TestClient(app);
}

const SITE = 'https://site.example';

t.test('a simple request from an allowed origin gets the allow-origin header', async (t) => {
  const response = await client({ allowOrigins: [SITE], exposeHeaders: ['x-total'] }).get('/data', { headers: { origin: SITE } });
  t.equal(response.header('access-control-allow-origin'), SITE);
  t.equal(response.header('access-control-expose-headers'), 'x-total');
  t.equal(response.header('vary'), 'Origin');
});

t.test('a wildcard origin answers * unless credentials are allowed', async (t) => {
  t.equal((await client({ allowOrigins: ['*'] }).get('/data', { headers: { origin: SITE } })).header('access-control-allow-origin'), '*');
  const withCredentials = await client({ allowOrigins: ['*'], allowCredentials: true }).get('/data', { headers: { origin: SITE } });
  t.equal(withCredentials.header('access-control-allow-origin'), SITE);
  t.equal(withCredentials.header('access-control-allow-credentials'), 'true');
});

t.test('requests from other origins or without Origin get no CORS headers', async (t) => {
  const c = client({ allowOrigins: [SITE] });
  t.equal((await c.get('/data', { headers: { origin: 'https://evil.example' } })).header('access-control-allow-origin'), undefined);
  t.equal((await c.get('/data')).header('access-control-allow-origin'), undefined);
});

t.test('an allowed preflight is answered by the middleware with the allowed methods and headers', async (t) => {
  const response = await client({ allowOrigins: [SITE], allowMethods: ['GET', 'POST'], allowHeaders: ['X-Token'], maxAge: 60 }).options('/data', {
    headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-token, content-type' },
  });
  t.equal(response.status, 200);
  t.equal(response.header('access-control-allow-origin'), SITE);
  t.equal(response.header('access-control-allow-methods'), 'GET, POST');
  t.match(response.header('access-control-allow-headers'), /x-token/);
  t.equal(response.header('access-control-max-age'), '60');
});

t.test('a preflight asking for a method or header not allowed is a 400 naming it', async (t) => {
  const c = client({ allowOrigins: [SITE], allowMethods: ['GET'] });
  const method = await c.options('/data', { headers: { origin: SITE, 'access-control-request-method': 'DELETE' } });
  t.equal(method.status, 400);
  t.same(method.json(), { detail: 'Disallowed CORS method' });
  const header = await c.options('/data', { headers: { origin: SITE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-secret' } });
  t.same(header.json(), { detail: 'Disallowed CORS headers' });
});

t.test('works around a raw TSGI app', async (t) => {
  const raw: TsgiApp = async (scope, _receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'raw' });
  };
  const response = await new TestClient(cors({ allowOrigins: ['*'] })(raw)).get('/', { headers: { origin: SITE } });
  t.equal(response.header('access-control-allow-origin'), '*');
});

t.test('an allow-origin header the handler set is replaced, not sent twice', async (t) => {
  const app = new App({ middleware: [cors({ allowOrigins: [SITE], allowCredentials: true })] });
  app.get('/own', () => new JSONResponse({ ok: true }, { headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'false', 'x-other': '1' } }));
  const response = await new TestClient(app).get('/own', { headers: { origin: SITE } });
  t.same(response.headerValues('access-control-allow-origin'), [SITE]);
  t.same(response.headerValues('access-control-allow-credentials'), ['true']);
  t.equal(response.header('x-other'), '1');
});
