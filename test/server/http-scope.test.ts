/**
 * `scope.client` is read from the socket only when the app asks (src/server/http-scope.ts): these
 * tests pin down what an app can rely on.
 */
import t from 'tap';
import type { App, HttpScope } from '../../src/protocol/index.js';
import { start } from './helpers.js';

/** An app that hands each scope to `inFlight` before answering 200, then keeps it in `seen`. */
function recordingApp(seen: HttpScope[], inFlight: (scope: HttpScope) => void = () => {}): App {
  return async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    inFlight(scope);
    seen.push(scope);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'ok' });
  };
}

t.test('client read while the request is in flight is the peer, and stays readable afterwards', async (t) => {
  const seen: HttpScope[] = [];
  const during: unknown[] = [];
  const server = await start(recordingApp(seen, (scope) => during.push(scope.client)));
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.same(during, [['127.0.0.1', 0]]);
  t.same(seen[0]!.client, ['127.0.0.1', 0]);
});

t.test('a first read of client after the response completed gives null', async (t) => {
  const seen: HttpScope[] = [];
  const server = await start(recordingApp(seen));
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.equal(seen[0]!.client, null);
});

t.test('client is an own enumerable property, so a spread copies its value', async (t) => {
  const copies: Array<Record<string, unknown>> = [];
  const server = await start(recordingApp([], (scope) => copies.push({ ...scope })));
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.ok(Object.keys(copies[0]!).includes('client'));
  t.same(copies[0]!.client, ['127.0.0.1', 0]);
});

t.test('JSON.stringify of a scope in flight carries client', async (t) => {
  const texts: string[] = [];
  const server = await start(recordingApp([], (scope) => texts.push(JSON.stringify(scope))));
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.same((JSON.parse(texts[0]!) as { client: unknown }).client, ['127.0.0.1', 0]);
});

t.test('client can be assigned, and the assigned value is what later reads see', async (t) => {
  const seen: HttpScope[] = [];
  const server = await start(recordingApp(seen, (scope) => void (scope.client = ['198.51.100.7', 0])));
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.same(seen[0]!.client, ['198.51.100.7', 0]);
});

t.test('with the access log on, client is read eagerly and readable after the response', async (t) => {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  t.teardown(() => void (process.stderr.write = write));
  const seen: HttpScope[] = [];
  const server = await start(recordingApp(seen), { accessLog: true, logLevel: 'info' });
  t.teardown(() => server.close());
  await (await fetch(server.url)).text();
  t.same(seen[0]!.client, ['127.0.0.1', 0]);
});
