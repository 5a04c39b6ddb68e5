/**
 * The request handler's way out (src/server/request-handler.ts, step 7): a response the app
 * finished while uWS's handler was still running is written without a cork of its own and needs no
 * abort handler; anything else gets the abort handler before the handler returns. A mistake here is
 * not a wrong answer but a process killed by uWS, so each case checks that the server keeps serving.
 */
import t from 'tap';
import type { App, HeaderList, Receive } from '../../src/protocol/index.js';
import { raw, start, statusLines, eventually, bounded } from './helpers.js';
import { connect } from 'node:net';

/**
 * An app that answers without awaiting anything: both events are sent in the call that started it,
 * so the response is complete before uWS's handler returns (the framework's plain GETs do this).
 */
function answerInPlace(status: number, headers: HeaderList, body: string): App {
  return (scope, _receive, send) => {
    if (scope.type !== 'http') return Promise.resolve();
    void send({ type: 'http.response.start', status, headers });
    return send({ type: 'http.response.body', body });
  };
}

t.test('an answer finished in place is sent whole, and the connection serves the next request', async (t) => {
  const server = await start(answerInPlace(200, [['content-type', 'text/plain']], 'in place'), { lifespan: 'off' });
  t.teardown(() => server.close());
  const request = 'GET / HTTP/1.1\r\nHost: h\r\n\r\n';
  const answer = await raw(server.port, [request, request], 1000, /in place[\s\S]*in place/);
  t.same(statusLines(answer.text), ['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
  t.match(answer.text, /Content-Length: 8/i);
  t.match(answer.text, /server: tsgi/i);
  t.equal(answer.closedByServer, false);
});

t.test('a HEAD answer without a length, finished in place, does not stop the server', async (t) => {
  // uWS counts an end without a length as no answer at all: without the abort handler put on
  // first, it would terminate the process when the handler returns.
  const server = await start(answerInPlace(200, [['content-type', 'text/plain']], ''), { lifespan: 'off' });
  t.teardown(() => server.close());
  const head = await raw(server.port, 'HEAD / HTTP/1.1\r\nHost: h\r\n\r\n', 500);
  t.match(head.text, /^HTTP\/1\.1 200/);
  const after = await fetch(server.url);
  t.equal(after.status, 200, 'still serving');
});

t.test('a 204 finished in place does not stop the server', async (t) => {
  const server = await start(answerInPlace(204, [], ''), { lifespan: 'off' });
  t.teardown(() => server.close());
  const first = await fetch(server.url);
  t.equal(first.status, 204);
  const second = await fetch(server.url);
  t.equal(second.status, 204, 'still serving');
});

t.test('an app that awaits before answering still hears that the client left', async (t) => {
  let leftEvent: string | undefined;
  let waiting = false;
  let heard!: () => void;
  const leftHeard = new Promise<void>((resolve) => (heard = resolve));
  const waitForLeave = async (receive: Receive): Promise<void> => {
    await receive(); // the empty request body
    waiting = true;
    leftEvent = (await receive()).type; // only comes when the client leaves
    heard();
  };
  const app: App = async (scope, receive) => {
    if (scope.type !== 'http') return;
    await waitForLeave(receive);
  };
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  const client = connect(server.port, '127.0.0.1');
  client.on('error', () => undefined);
  client.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
  t.ok(await eventually(() => waiting), 'the app is waiting');
  client.destroy();
  await bounded(leftHeard, 5000);
  t.equal(leftEvent, 'http.disconnect');
  const after = await raw(server.port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n', 150);
  t.equal(after.text, '', 'the next request is taken (and left) without a crash');
});

t.test('a body still arriving after the response ended is drained, not queued, and the connection closes after the answer', async (t) => {
  // The app answers without reading the body (as an early 413 or 401 does). uWS goes on handing
  // over the rest of the body; queuing it would reach the high-water mark and pause a response
  // uWS has already ended, which throws inside uWS's callback and stops the process. Draining it on
  // a connection kept open would let the client stream forever, so the connection closes.
  const server = await start(answerInPlace(200, [['content-type', 'text/plain']], 'early'), { lifespan: 'off', maxBodySize: 4 * 1024 * 1024 });
  t.teardown(() => server.close());
  const size = 2 * 1024 * 1024;
  const head = `POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`;
  const chunks: Array<string | Buffer> = [head];
  for (let sent = 0; sent < size; sent += 64 * 1024) chunks.push(Buffer.alloc(64 * 1024, 0x61));
  const answer = await raw(server.port, [...chunks, 'GET /next HTTP/1.1\r\nHost: h\r\n\r\n'], 3000);
  t.same(statusLines(answer.text), ['HTTP/1.1 200 OK'], 'one answer');
  t.match(answer.text, /Connection: close/i);
  t.equal(answer.closedByServer, true);
  const chunked = await raw(server.port, ['POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n', '4\r\nabcd\r\n', '4\r\nefgh\r\n'], 3000);
  t.same(statusLines(chunked.text), ['HTTP/1.1 200 OK']);
  t.equal(chunked.closedByServer, true, 'an unfinished chunked body cannot keep the connection');
  const again = await fetch(server.url);
  t.equal(again.status, 200, 'still serving');
});
