import t, { type Test } from 'tap';
import type { App } from '../../src/protocol/index.js';
import { ProtocolError } from '../../src/protocol/index.js';
import { start, raw } from './helpers.js';

/** An app whose behaviour depends on the path, for the failure cases. */
const misbehaving: App = async (scope, receive, send) => {
  if (scope.type !== 'http') return;
  switch (scope.path) {
    case '/throw-before':
      throw new Error('boom before start');
    case '/throw-sync':
      return (() => {
        throw new Error('sync boom');
      })();
    case '/throw-after':
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: 'partial', moreBody: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('boom after start');
    case '/no-response':
      return;
    case '/ok':
      await send({ type: 'http.response.start', status: 200 });
      return send({ type: 'http.response.body', body: 'alive' });
  }
};

async function captureLog(t: Test): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  t.teardown(() => void (process.stderr.write = write));
  return lines;
}

t.test('answers 500 with a short JSON body and logs the stack when the app throws before responding', async (t) => {
  const lines = await captureLog(t);
  const server = await start(misbehaving, { lifespan: 'off', logLevel: 'error' });
  t.teardown(() => server.close());
  for (const path of ['/throw-before', '/throw-sync']) {
    const response = await fetch(`${server.url}${path}`);
    t.equal(response.status, 500, path);
    t.same(await response.json(), { error: { code: 'app-error', message: 'internal server error' } });
  }
  t.ok(lines.some((line) => line.includes('boom before start') && line.includes('"stack"')));
  t.equal(await (await fetch(`${server.url}/ok`)).text(), 'alive');
});

t.test('closes the connection when the app throws after the response started', async (t) => {
  await captureLog(t);
  const server = await start(misbehaving, { lifespan: 'off', logLevel: 'error' });
  t.teardown(() => server.close());
  const answer = await raw(server.port, 'GET /throw-after HTTP/1.1\r\nHost: h\r\n\r\n', 1500);
  t.match(answer.text, /^HTTP\/1\.1 200/);
  t.match(answer.text, /partial/);
  t.notMatch(answer.text, /\r\n0\r\n\r\n$/, 'the chunked body was never terminated');
  t.ok(answer.closedByServer);
});

t.test('answers 500 and logs the path when the app returns without responding', async (t) => {
  const lines = await captureLog(t);
  const server = await start(misbehaving, { lifespan: 'off', logLevel: 'error' });
  t.teardown(() => server.close());
  const response = await fetch(`${server.url}/no-response`);
  t.equal(response.status, 500);
  t.match(await response.json(), { error: { code: 'no-response' } });
  t.ok(lines.some((line) => line.includes('without sending a response') && line.includes('/no-response')));
});

t.test('rejects an illegal send with a ProtocolError and writes nothing for it', async (t) => {
  await captureLog(t);
  let caught: unknown;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    try {
      await send({ type: 'http.response.body', body: 'too early' });
    } catch (error) {
      caught = error;
    }
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'right' });
    await send({ type: 'http.response.body', body: 'after' }).catch((error: unknown) => (caught = [caught, error]));
  };
  const server = await start(app, { lifespan: 'off', logLevel: 'critical' });
  t.teardown(() => server.close());
  t.equal(await (await fetch(server.url)).text(), 'right');
  const [first, second] = caught as [ProtocolError, ProtocolError];
  t.ok(first instanceof ProtocolError);
  t.equal(first.rule, 'body-before-start');
  t.equal(second.rule, 'send-after-complete');
});
