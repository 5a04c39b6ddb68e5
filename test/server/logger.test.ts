/**
 * The server log never throws: fields that JSON cannot hold (what an app threw) are written in a
 * safe form, and over a real socket such an app gets its 500 while the server keeps serving.
 */
import t from 'tap';
import type { App } from '../../src/protocol/index.js';
import { Logger } from '../../src/server/logger.js';
import { start } from './helpers.js';

t.test('a BigInt, a cycle or a throwing toJSON in the fields still gives one JSON line', async (t) => {
  const lines: string[] = [];
  const log = new Logger('info', false, (line) => lines.push(line));
  const cycle: Record<string, unknown> = { name: 'loop' };
  cycle.self = cycle;
  log.error('bigint', { error: { id: 12n } });
  log.error('cycle', { error: cycle });
  log.error('toJSON', { error: { toJSON: () => { throw new Error('no'); } } });
  t.equal(lines.length, 3);
  const [bigint, loop, broken] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  t.same(bigint!.error, { id: '12n' });
  t.same(loop!.error, { name: 'loop', self: '[Circular]' });
  t.match(broken, { message: 'toJSON', unserializable: 'no' });
});

t.test('an app that throws a value JSON cannot hold gets a 500 and the server keeps serving', async (t) => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    if (scope.path === '/bigint') throw { id: 1n };
    if (scope.path === '/cycle') throw cycle;
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: 'ok' });
  };
  // Log level error: the failures are logged, so the logger is on the path that used to throw.
  const server = await start(app, { lifespan: 'off', logLevel: 'error' });
  t.teardown(() => server.close());
  t.equal((await fetch(`${server.url}/bigint`)).status, 500);
  t.equal((await fetch(`${server.url}/cycle`)).status, 500);
  t.equal(await (await fetch(`${server.url}/`)).text(), 'ok', 'still serving');
});

t.test('an access line carries at most 2048 characters of the path, and says how long it was', async (t) => {
  const lines: string[] = [];
  const log = new Logger('info', true, (line) => lines.push(line));
  const record = { method: 'GET', status: 404, bytes: 0, durationMs: 1, requestId: undefined, client: '127.0.0.1' };
  log.access({ ...record, path: `/${'a'.repeat(100_000)}` });
  log.access({ ...record, path: '/short' });
  const [long, short] = lines.map((line) => JSON.parse(line) as { path: string });
  t.equal(long!.path, `/${'a'.repeat(2047)}...(100001 characters)`);
  t.equal(short!.path, '/short');
  t.ok(lines[0]!.length < 2300, `the line is ${lines[0]!.length} characters`);
});
