/** Responses with a complete body: JSON, text, HTML, redirects, cookies, custom status and headers. */
import t from 'tap';
import { App, HTMLResponse, JSONResponse, RedirectResponse, Response, TextResponse } from '../../../src/app/index.js';
import { TestClient, type Scope, type SendEvent } from '../../../src/protocol/index.js';

function serve(make: () => Response): TestClient {
  const app = new App();
  app.get('/', make);
  return new TestClient(app);
}

t.test('a JSONResponse carries its status, headers and a JSON body', async (t) => {
  const response = await serve(() => new JSONResponse({ ok: true }, { status: 201, headers: { 'X-Thing': '1' } })).get('/');
  t.equal(response.status, 201);
  t.equal(response.header('x-thing'), '1');
  t.equal(response.header('content-type'), 'application/json');
  t.equal(response.text, '{"ok":true}');
});

t.test('text and HTML responses say their charset', async (t) => {
  t.equal((await serve(() => new TextResponse('hi')).get('/')).header('content-type'), 'text/plain; charset=utf-8');
  const html = await serve(() => new HTMLResponse('<p>hi</p>')).get('/');
  t.equal(html.header('content-type'), 'text/html; charset=utf-8');
  t.equal(html.text, '<p>hi</p>');
});

t.test('a content-type given in headers is kept', async (t) => {
  const response = await serve(() => new TextResponse('a,b', { headers: { 'content-type': 'text/csv' } })).get('/');
  t.same(response.headerValues('content-type'), ['text/csv']);
});

t.test('a redirect is 307 by default and encodes the location', async (t) => {
  const response = await serve(() => new RedirectResponse('/search?q=a b')).get('/');
  t.equal(response.status, 307);
  t.equal(response.header('location'), '/search?q=a%20b');
  const permanent = await serve(() => new RedirectResponse('/new', { status: 308 })).get('/');
  t.equal(permanent.status, 308);
});

t.test('cookies are set and deleted with Set-Cookie headers', async (t) => {
  const response = await serve(() => new Response('').setCookie('session', 'a b', { httpOnly: true, sameSite: 'Lax', maxAge: 60 }).deleteCookie('old')).get('/');
  const cookies = response.headerValues('set-cookie');
  t.equal(cookies[0], 'session=a%20b; Max-Age=60; Path=/; HttpOnly; SameSite=Lax');
  t.match(cookies[1], /^old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/$/);
});

t.test('a handler returning undefined sends JSON null', async (t) => {
  const app = new App();
  app.get('/', () => undefined);
  t.equal((await new TestClient(app).get('/')).text, 'null');
});

t.test('a plain value\'s body waits for a pending start send, and follows a fulfilled one at once', async (t) => {
  const app = new App();
  app.get('/', () => ({ ok: true }));
  const scope = (): Scope => ({ type: 'http', tsgi: { version: '1.0', specVersion: '1.0' }, httpVersion: '1.1', method: 'GET', scheme: 'http', path: '/', rawPath: '/', queryString: '', rootPath: '', headers: [], client: null, server: null });
  const receive = async () => ({ type: 'http.request' as const, body: new Uint8Array(0), moreBody: false });
  const call = (answer: (event: SendEvent) => Promise<void>) => {
    const seen: string[] = [];
    const done = app(scope(), receive, (event) => {
      seen.push(event.type);
      return answer(event);
    });
    return { seen, done };
  };
  let releaseStart!: () => void;
  const pending = new Promise<void>((resolve) => (releaseStart = resolve));
  const held = call((event) => (event.type === 'http.response.start' ? pending : Promise.resolve()));
  await new Promise((resolve) => setTimeout(resolve, 5));
  t.same(held.seen, ['http.response.start'], 'the body waits while the start is pending');
  releaseStart();
  await held.done;
  t.same(held.seen, ['http.response.start', 'http.response.body']);
  // One shared resolved promise, as the server returns: once seen settled, the body follows the
  // start within the same call.
  const settled = Promise.resolve();
  await call(() => settled).done;
  const fast = call(() => settled);
  t.same(fast.seen, ['http.response.start', 'http.response.body'], 'both events sent before the app call returned');
  await fast.done;
});
