import t, { type Test } from 'tap';
import { start, raw, statusLines, textApp } from './helpers.js';
import type { HttpScope } from '../../src/protocol/index.js';

/** A request whose body hides a second request, under a given framing. */
function smuggle(framing: string, body: string): string {
  return `POST /outer HTTP/1.1\r\nHost: h\r\n${framing}\r\n${body}`;
}
const HIDDEN = 'GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n';

async function serveAndRecord(t: Test): Promise<{ port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = await start(textApp((scope: HttpScope) => (paths.push(scope.path), 'ok')), { lifespan: 'off' });
  t.teardown(() => server.close());
  return { port: server.port, paths };
}

t.test('closes the connection on two different Content-Length values, serving nothing smuggled', async (t) => {
  const { port, paths } = await serveAndRecord(t);
  const answer = await raw(port, smuggle('Content-Length: 0\r\nContent-Length: 36\r\n', HIDDEN), 800);
  t.ok(answer.closedByServer);
  t.equal(statusLines(answer.text).length, 0);
  t.same(paths, []);
});

t.test('closes the connection on Content-Length together with Transfer-Encoding', async (t) => {
  const { port, paths } = await serveAndRecord(t);
  const answer = await raw(port, smuggle('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n', `0\r\n\r\n${HIDDEN}`), 800);
  t.ok(answer.closedByServer);
  t.same(paths, []);
});

t.test('closes the connection on a Transfer-Encoding other than exactly chunked', async (t) => {
  const { port, paths } = await serveAndRecord(t);
  for (const coding of ['chunked, identity', 'identity', 'gzip, chunked']) {
    const answer = await raw(port, smuggle(`Transfer-Encoding: ${coding}\r\n`, `0\r\n\r\n${HIDDEN}`), 800);
    t.ok(answer.closedByServer, coding);
    t.equal(statusLines(answer.text).length, 0, coding);
  }
  t.same(paths, []);
});

t.test('closes the connection on a Content-Length that is not a number', async (t) => {
  const { port, paths } = await serveAndRecord(t);
  const answer = await raw(port, smuggle('Content-Length: +5\r\n', `hello${HIDDEN}`), 800);
  t.ok(answer.closedByServer);
  t.same(paths, []);
});

t.test('accepts repeated identical Content-Length values', async (t) => {
  const { port, paths } = await serveAndRecord(t);
  const answer = await raw(port, smuggle('Content-Length: 5\r\nContent-Length: 5\r\nConnection: close\r\n', 'hello'), 800);
  t.equal(statusLines(answer.text).length, 1);
  t.same(paths, ['/outer']);
});
