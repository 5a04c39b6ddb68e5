/**
 * Responses whose framing the server decides, checked on the wire: a bodyless status (204, 304),
 * a HEAD of a streamed response, and an app that names its own `Transfer-Encoding`. Each must
 * leave the keep-alive connection in step, so the client's next request on it is answered.
 *
 * Found by the outside audit; they failed on the response writer before commit eb5a861: uWS's
 * `endWithoutBody(undefined, close)` wrote `Content-Length: 9223372036854775808` and left the
 * response unfinished, so uWS closed the connection when the next request arrived.
 */
import t from 'tap';
import { connect } from 'node:net';
import type { App, SendEvent } from '../../src/protocol/index.js';
import { start, statusLines } from '../server/helpers.js';

/** Answers `/<status>` with that status and the body events its query names. */
const app: App = async (scope, receive, send) => {
  if (scope.type !== 'http') return;
  await receive();
  const status = Number(scope.path.slice(1)) || 200;
  const plans: Record<string, SendEvent[]> = {
    empty: [{ type: 'http.response.body' }],
    streamed: [
      { type: 'http.response.body', body: 'he', moreBody: true },
      { type: 'http.response.body', body: 'llo' },
    ],
  };
  const headers: Array<[string, string]> = scope.queryString.startsWith('te') ? [['transfer-encoding', 'chunked']] : [];
  await send({ type: 'http.response.start', status, headers });
  for (const event of plans[scope.queryString === 'te' ? 'streamed' : scope.queryString] ?? [{ type: 'http.response.body', body: 'hello' }]) await send(event);
};

/**
 * Sends `first`, waits for its answer, then sends a second `GET /200` on the same connection;
 * returns everything received and whether the server closed the socket.
 */
function twoOnOneConnection(port: number, first: string): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(finish, 2500);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (statusLines(text).length >= 2 && text.endsWith('hello')) finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', () => undefined);
    socket.write(first);
    setTimeout(() => socket.write('GET /200 HTTP/1.1\r\nHost: x\r\n\r\n'), 300);
  });
}

t.test('a 204 or 304 carries no bogus Content-Length and the next request on its connection is answered', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  for (const status of [204, 304]) {
    const answer = await twoOnOneConnection(server.port, `GET /${status}?empty HTTP/1.1\r\nHost: x\r\n\r\n`);
    t.notMatch(answer.text, /Content-Length: 9223372036854775808/i, `${status}: no 2^63 length`);
    t.same(statusLines(answer.text).map((line) => line.slice(9, 12)), [String(status), '200'], `${status}: both requests answered`);
  }
});

t.test('a 204 whose app streams body chunks puts no body bytes on the wire', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await twoOnOneConnection(server.port, 'GET /204?streamed HTTP/1.1\r\nHost: x\r\n\r\n');
  const afterHead = answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
  t.match(afterHead, /^HTTP\/1\.1 200 /, 'the next thing after the 204 head is the next response, not a chunk');
});

t.test('a HEAD of a streamed response advertises no 2^63 length and keeps the connection', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const answer = await twoOnOneConnection(server.port, 'HEAD /200?streamed HTTP/1.1\r\nHost: x\r\n\r\n');
  t.notMatch(answer.text, /Content-Length: 9223372036854775808/i);
  t.equal(statusLines(answer.text).length, 2, 'the GET after the HEAD is answered');
});

t.test("an app's own Transfer-Encoding header does not give the response two framings", async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  // te: streamed in two chunks; te1: one chunk, which uWS frames with Content-Length.
  for (const query of ['te', 'te1']) {
    const answer = await twoOnOneConnection(server.port, `GET /200?${query} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const head = answer.text.slice(0, answer.text.indexOf('\r\n\r\n'));
    const framings = (head.match(/transfer-encoding/gi)?.length ?? 0) + (head.match(/content-length/gi)?.length ?? 0);
    t.equal(framings, 1, `${query}: one framing header, got ${JSON.stringify(head)}`);
    t.equal(statusLines(answer.text).length, 2, `${query}: the connection stays in step`);
  }
});
