// /docs and /redoc render in headless Chromium on the real server with every request that is not
// to 127.0.0.1 blocked: the pages work offline, from assets the app serves itself.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { chromium, type Browser } from 'playwright-core';
import { App, installDocs } from '../../../src/app/index.js';
import { serve, type ServerHandle } from '../../../src/server/index.js';

const app = new App();
app.get('/items/{id}', { params: { id: Type.Integer() }, summary: 'Read one item', tags: ['items'] }, ({ params }) => ({ id: params.id }));
app.post('/items', { body: Type.Object({ title: Type.String() }), summary: 'Create an item', tags: ['items'] }, ({ body }) => body);
installDocs(app, { title: 'Browser test API', version: '1.0.0' });

let server: ServerHandle;
let browser: Browser;
const blocked: string[] = [];

t.before(async () => {
  server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'warning' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});
t.teardown(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(path: string) {
  const page = await browser.newPage();
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  await page.goto(`http://127.0.0.1:${server.port}${path}`, { timeout: 20_000 });
  return page;
}

t.test('Swagger UI renders every operation with no request leaving 127.0.0.1', async (t) => {
  const page = await openPage('/docs');
  await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
  const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((n) => n.textContent?.replace(/\u200b/g, '')));
  t.same(paths.sort(), ['/items', '/items/{id}']);
  t.match(await page.textContent('body'), /Create an item/);
  t.same(blocked.filter((u) => !u.startsWith('data:')), []);
  await page.close();
});

t.test('ReDoc renders the operations from the same document', async (t) => {
  const page = await openPage('/redoc');
  await page.waitForFunction("document.body.innerText.includes('Read one item')", undefined, { timeout: 20_000 });
  t.match(await page.textContent('body'), /Create an item/);
  await page.close();
});
