// The app's own 413 over a real socket: a body past `bodyLimit` is answered at once, while the
// client is still uploading, and the server (which closes such a connection after the answer)
// goes on serving. Before, the app received and dropped the whole rest of the body first, so a
// slow or endless upload held its request slot until it ended.
import t from 'tap';
import { App } from '../../src/app/index.js';
import { raw, start } from '../server/helpers.js';

function uploadApp(): App {
  const app = new App({ bodyLimit: 1000 });
  app.post('/upload', async (request) => ({ size: (await request.bytes()).byteLength }));
  app.get('/ping', () => ({ pong: true }));
  return app;
}

t.test('a declared Content-Length past the limit gets 413 before the client has sent the body', async (t) => {
  const server = await start(uploadApp());
  t.teardown(() => server.close());
  const head = 'POST /upload HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\ncontent-length: 900000\r\n\r\n';
  const started = Date.now();
  // 64 KiB of a 900 kB body, then silence: the answer must not wait for the rest.
  const result = await raw(server.port, [head, Buffer.alloc(65536, 120)], 3000, /\r\n\r\n\{.*\}/s);
  t.match(result.text, /^HTTP\/1\.1 413 /);
  t.match(result.text, /"detail":"Request body is larger than the limit of 1000 bytes"/);
  t.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  const next = await raw(server.port, 'GET /ping HTTP/1.1\r\nhost: x\r\n\r\n', 2000, /\{"pong":true\}/);
  t.match(next.text, /^HTTP\/1\.1 200 /, 'the server keeps serving');
});

t.test('a chunked body that passes the limit while streaming gets 413 before it ends', async (t) => {
  const server = await start(uploadApp());
  t.teardown(() => server.close());
  const head = 'POST /upload HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n';
  const chunk = `800\r\n${'y'.repeat(0x800)}\r\n`;
  const started = Date.now();
  // Two KiB in, and the terminating zero-length chunk never comes.
  const result = await raw(server.port, [head, chunk], 3000, /\r\n\r\n\{.*\}/s);
  t.match(result.text, /^HTTP\/1\.1 413 /);
  t.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  const next = await raw(server.port, 'GET /ping HTTP/1.1\r\nhost: x\r\n\r\n', 2000, /\{"pong":true\}/);
  t.match(next.text, /^HTTP\/1\.1 200 /, 'the server keeps serving');
});

t.test('many refused uploads left unfinished do not use up the request slots', async (t) => {
  const server = await start(uploadApp(), { limitConcurrency: 2, queueSize: 1 });
  t.teardown(() => server.close());
  const head = 'POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 900000\r\n\r\n';
  for (let i = 0; i < 4; i++) {
    const result = await raw(server.port, [head, Buffer.alloc(4096, 122)], 2000, /\r\n\r\n\{.*\}/s);
    t.match(result.text, /^HTTP\/1\.1 413 /, `upload ${i + 1} refused at once`);
  }
  const next = await raw(server.port, 'GET /ping HTTP/1.1\r\nhost: x\r\n\r\n', 2000, /\{"pong":true\}/);
  t.match(next.text, /^HTTP\/1\.1 200 /);
});
