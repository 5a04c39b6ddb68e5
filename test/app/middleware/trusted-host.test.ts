/** TrustedHost middleware: only listed hosts are served. */
import t from 'tap';
import { App, trustedHost } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';
import { hostAllowed } from '../../../src/app/middleware/trusted-host.js';

function client(): TestClient {
  const app = new App({ middleware: [trustedHost({ allowedHosts: ['api.example.com', '*.example.org'] })] });
  app.get('/', () => 'ok');
  app.websocket('/ws', async (ws) => ws.accept());
  return new TestClient(app);
}

t.test('serves listed hosts, with or without a port, and subdomains of a wildcard', async (t) => {
  const c = client();
  for (const host of ['api.example.com', 'API.example.com:8443', 'a.example.org', 'x.y.example.org']) {
    t.equal((await c.get('/', { headers: { host } })).status, 200, host);
  }
});

t.test('refuses other hosts with 400', async (t) => {
  const c = client();
  for (const host of ['evil.com', 'example.org', 'api.example.com.evil.com', 'badexample.org']) {
    const response = await c.get('/', { headers: { host } });
    t.equal(response.status, 400, host);
    t.equal(response.text, 'Invalid host header');
  }
});

t.test('refuses a WebSocket upgrade from an unlisted host', async (t) => {
  await t.rejects(client().websocket('/ws', { headers: { host: 'evil.com' } }));
});

t.test('matches patterns by whole labels', async (t) => {
  t.ok(hostAllowed('anything', ['*']));
  t.notOk(hostAllowed('example.org', ['*.example.org']));
});

t.test('refuses a Host that only ends like a wildcard host but is not a host name', async (t) => {
  const c = client();
  for (const host of ['evil.example#.example.org', 'evil.example/.example.org', 'user@a.example.org', 'evil.example?.example.org', 'a.example.org:80:80']) {
    t.equal((await c.get('/', { headers: { host } })).status, 400, host);
  }
});
