import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpScope } from '../../src/protocol/index.js';
import { start, textApp } from './helpers.js';

t.test('serves HTTPS with a self-signed certificate, and the scope says https', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'tsgi-tls-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const keyFile = join(folder, 'key.pem');
  const certFile = join(folder, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore', timeout: 20_000 });
  const server = await start(textApp((scope: HttpScope) => `secure via ${scope.scheme}`), { sslKeyfile: keyFile, sslCertfile: certFile });
  t.teardown(() => server.close());
  const body = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/', rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
  t.equal(body, 'secure via https');
});

t.test('refuses to start when only one of the TLS files is given', async (t) => {
  await t.rejects(start(textApp('x'), { sslKeyfile: '/nonexistent/key.pem' }), { code: 'bad-option' });
});
