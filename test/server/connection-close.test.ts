/**
 * Responses after which the connection closes — the app sent `connection: close`, the server is
 * draining, or the request body was still arriving — keep their framing intact. uWS v20.30 writes
 * its `Connection: close` line wherever the socket stands when it ends a response with a close,
 * which for a streamed response is inside the chunked body; the writer never lets it (see
 * response-writer.ts, `writeChunked`).
 */
import t from 'tap';
import type { App } from '../../src/protocol/index.js';
import { delay, eventually, raw, start } from './helpers.js';

/** Splits a raw HTTP/1.1 answer into head and body, decoding a chunked body strictly. */
function parse(text: string): { head: string; body: string; rest: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end);
  let at = end + 4;
  if (!/transfer-encoding: chunked/i.test(head)) {
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    return { head, body: text.slice(at, at + length), rest: text.slice(at + length) };
  }
  let body = '';
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = text.slice(at, lineEnd);
    if (!/^[0-9a-f]+$/i.test(size)) throw new Error(`not a chunk size: ${JSON.stringify(size)} in ${JSON.stringify(text)}`);
    const length = parseInt(size, 16);
    at = lineEnd + 2;
    if (length === 0) {
      if (text.slice(at, at + 2) !== '\r\n') throw new Error(`no final CRLF in ${JSON.stringify(text)}`);
      return { head, body, rest: text.slice(at + 2) };
    }
    body += text.slice(at, at + length);
    if (text.slice(at + length, at + length + 2) !== '\r\n') throw new Error(`chunk not followed by CRLF in ${JSON.stringify(text)}`);
    at += length + 2;
  }
}

/**
 * `/one` answers in one chunk, `/streamed` in two; `?close` adds `connection: close`; `/gate` waits
 * for `open()` after its first chunk, and `waiting()` says whether a request is held there.
 */
function streamingApp(): { app: App; open: () => void; waiting: () => boolean } {
  let held = false;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app: App = async (scope, receive, send) => {
    if (scope.type === 'lifespan') {
      await receive();
      await send({ type: 'lifespan.startup.complete' });
      await receive();
      await send({ type: 'lifespan.shutdown.complete' });
      return;
    }
    if (scope.type !== 'http') return;
    const headers: Array<[string, string]> = scope.queryString === 'close' ? [['Connection', 'close']] : [];
    await send({ type: 'http.response.start', status: 200, headers });
    if (scope.path === '/one') return send({ type: 'http.response.body', body: 'whole' });
    await send({ type: 'http.response.body', body: 'first,', moreBody: true });
    if (scope.path === '/gate') {
      held = true;
      await gate;
    }
    await send({ type: 'http.response.body', body: 'second' });
  };
  return { app, open: () => release(), waiting: () => held };
}

t.test('an app asking for connection: close gets one such header, and a one-chunk answer closes the connection', async (t) => {
  const { app } = streamingApp();
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const one = await raw(server.port, 'GET /one?close HTTP/1.1\r\nHost: x\r\n\r\n');
  const parsed = parse(one.text);
  t.equal(parsed.head.match(/^connection: close$/gim)?.length, 1, 'one Connection: close line');
  t.equal(parsed.body, 'whole');
  t.ok(one.closedByServer, 'the server closed the connection after the answer');
  // A streamed answer announces the close in its head; the client closes after reading it.
  const streamed = parse((await raw(server.port, 'GET /streamed?close HTTP/1.1\r\nHost: x\r\n\r\n', 1500, /\r\n0\r\n\r\n/)).text);
  t.equal(streamed.head.match(/^connection: close$/gim)?.length, 1, 'streamed: one Connection: close line');
  t.equal(streamed.body, 'first,second', 'streamed: the body is intact');
});

t.test('other connection values from the app are dropped; the connection stays open', async (t) => {
  const app: App = async (scope, _receive, send) => {
    if (scope.type !== 'http') return;
    await send({ type: 'http.response.start', status: 200, headers: [['connection', 'keep-alive, x-custom']] });
    await send({ type: 'http.response.body', body: 'ok' });
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const result = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', 300);
  t.notMatch(result.text, /connection:/i, 'no connection header written');
  t.equal(result.text.match(/HTTP\/1\.1 200/g)?.length, 2, 'both requests answered on the connection');
});

t.test('a streamed response that ends while the server drains is well-formed chunked', async (t) => {
  const { app, open, waiting } = streamingApp();
  const server = await start(app, { lifespan: 'off', shutdownDelay: 0 });
  const answer = raw(server.port, 'GET /gate HTTP/1.1\r\nHost: x\r\n\r\n', 5000, /\r\n0\r\n\r\n/);
  t.ok(await eventually(waiting), 'the response is under way');
  const closed = server.close();
  await delay(50);
  open();
  const result = await answer;
  const parsed = parse(result.text);
  t.equal(parsed.body, 'first,second', 'the body is intact, with no header line inside it');
  t.equal(parsed.rest, '', 'nothing after the final chunk');
  t.equal(await closed, 0);
});

t.test('a streamed response that ends while the request body is still arriving is well-formed chunked', async (t) => {
  const { app } = streamingApp();
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const result = await raw(server.port, ['POST /streamed HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'x'.repeat(1000)], 1500, /\r\n0\r\n\r\n/);
  const parsed = parse(result.text);
  t.equal(parsed.body, 'first,second');
  t.equal(parsed.rest, '');
});
