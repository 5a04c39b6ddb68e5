/**
 * Hostile HTTP/1.1 framing over raw sockets: broken request lines, header abuse and every request
 * smuggling variant. Each case asserts its own outcome — and that no smuggled request was ever
 * dispatched — then that the server still answers a normal request promptly.
 *
 * uWebSockets.js v20.30 answers no 400 to a malformed request: it keeps the connection silent until
 * its fixed 10 s idle timeout (docs/security.md). So "rejected" here means: no status line, no app
 * call, and other clients served meanwhile.
 */
import t, { type Test } from 'tap';
import { startTarget, exchange, statusLines, get, healthy, type Target } from './harness.js';

let target: Target;
t.before(async () => {
  target = await startTarget();
});
t.teardown(() => target.close());

const SMUGGLED = get('/smuggled');

/** Sends `payload`, checks nothing was served from it, and that the server is still healthy. */
async function rejectsSilently(name: string, payload: string, test: Test): Promise<void> {
  const answer = await exchange(target.port, payload, 700);
  test.same(statusLines(answer.text), [], `${name}: no response`);
  test.same(target.hits, [], `${name}: the app was never called`);
  test.ok((await healthy(target.port)) >= 0, `${name}: a normal request is still answered`);
}

const MALFORMED: Record<string, string> = {
  'a request line without method or version': 'GARBAGE\r\n\r\n',
  'an unknown HTTP version': 'GET /smuggled HTTP/9.9\r\nHost: t\r\n\r\n',
  'a version in lower case': 'GET /smuggled http/1.1\r\nHost: t\r\n\r\n',
  'a request line with two spaces inside': 'GET  /smuggled  HTTP/1.1\r\nHost: t\r\n\r\n',
  'an HTTP/1.0 request without Host': 'GET /smuggled HTTP/1.0\r\n\r\n',
  'a NUL byte in a header value': 'GET /smuggled HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n',
  'a bare CR inside a header value': 'GET /smuggled HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n',
  'bare LF line endings': 'GET /smuggled HTTP/1.1\nHost: t\nX-A: b\n\n',
  'an obs-fold continuation line': 'GET /smuggled HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n',
  'a header line without a colon': 'GET /smuggled HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n',
  'a space inside a header name': 'GET /smuggled HTTP/1.1\r\nHost: t\r\nX A: b\r\n\r\n',
  'an absolute-form target to another host': 'GET http://evil.example/smuggled HTTP/1.1\r\nHost: t\r\n\r\n',
};

t.test('serves nothing for malformed request lines and header syntax', async (t) => {
  // Each case waits out its own silence, so they run side by side on separate connections.
  const answers = await Promise.all(Object.values(MALFORMED).map((payload) => exchange(target.port, payload, 900)));
  Object.keys(MALFORMED).forEach((name, i) => t.same(statusLines(answers[i]!.text), [], `${name}: no response`));
  t.same(target.hits, [], 'the app was never called');
  t.ok((await healthy(target.port)) >= 0, 'a normal request is still answered');
});

t.test('answers 431 to one header over the 8 KiB default and closes', async (t) => {
  const answer = await exchange(target.port, get('/smuggled', `X-Big: ${'a'.repeat(20_000)}\r\n`), 1500);
  t.match(answer.text, /^HTTP\/1\.1 431/);
  t.match(answer.text, /"code":"headers-too-large"/);
  t.ok(answer.closedByServer);
  t.same(target.hits, []);
  t.ok((await healthy(target.port)) >= 0);
});

t.test('closes without an answer when headers pass uWebSockets.js own 128 KiB cap', async (t) => {
  const answer = await exchange(target.port, get('/smuggled', `X-Big: ${'a'.repeat(200_000)}\r\n`), 3000);
  t.ok(answer.closedByServer);
  t.same(statusLines(answer.text), []);
  t.same(target.hits, []);
  t.ok((await healthy(target.port)) >= 0);
});

t.test('never dispatches a request with more headers than uWebSockets.js accepts', async (t) => {
  const many = Array.from({ length: 200 }, (_, i) => `X-H${i}: v`).join('\r\n');
  await rejectsSilently('200 headers', get('/smuggled', `${many}\r\n`), t);
});

/** The framing variants of RFC 9112 §6.3 that two parsers could read differently. */
const SMUGGLING: Record<string, string> = {
  'two different Content-Length values': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
  'two different Content-Length values, longer first': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: ${SMUGGLED.length}\r\nContent-Length: 0\r\n\r\n${SMUGGLED}`,
  'a Content-Length list': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 0, ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
  'Content-Length with Transfer-Encoding: chunked': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: chunked with Content-Length after it': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: chunked, identity': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: identity': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: gzip, chunked': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding sent twice': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: xchunked': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'a Content-Length with a plus sign': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: +0\r\n\r\n${SMUGGLED}`,
  'a negative Content-Length': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n${SMUGGLED}`,
  'a chunk size that is not hex': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n${SMUGGLED}`,
  'a negative chunk size': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n${SMUGGLED}`,
  'a chunk size that overflows 64 bits': `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc\r\n0\r\n\r\n${SMUGGLED}`,
  'a body longer than its Content-Length': `POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcdef${SMUGGLED}`,
};

t.test('never serves a request smuggled inside an ambiguous or broken body', async (t) => {
  for (const [name, payload] of Object.entries(SMUGGLING)) {
    const answer = await exchange(target.port, payload, 800);
    t.ok(statusLines(answer.text).length <= 1, `${name}: at most the outer response`);
    t.notMatch(answer.text, /smuggled/, `${name}: no smuggled body`);
    t.same(target.hits, [], `${name}: /smuggled never reached the app`);
  }
  t.ok((await healthy(target.port)) >= 0);
});

t.test('closes the connection at once on ambiguous framing rather than idling', async (t) => {
  for (const name of ['two different Content-Length values', 'Content-Length with Transfer-Encoding: chunked', 'Transfer-Encoding: chunked, identity']) {
    const answer = await exchange(target.port, SMUGGLING[name]!, 2000);
    t.ok(answer.closedByServer, name);
    t.same(statusLines(answer.text), [], name);
  }
});

t.test('answers pipelined requests in order on one connection', async (t) => {
  const answer = await exchange(target.port, get('/query?a=1') + get('/ok') + get('/query?a=1&b=2&c=3', 'Connection: close\r\n'), 3000);
  t.equal(statusLines(answer.text).length, 3);
  const bodies = answer.text.match(/\{[^}]*\}/g);
  t.same(bodies, ['{"count":1}', '{"ok":true}', '{"count":3}']);
});

t.test('serves a valid chunked body and then the next pipelined request', async (t) => {
  const answer = await exchange(target.port, `POST /drain HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n${get('/ok', 'Connection: close\r\n')}`, 3000);
  t.same(answer.text.match(/\{[^}]*\}/g), ['{"bytes":5}', '{"ok":true}']);
});
