/**
 * The concurrency gate under a client that queues and hangs up, over real sockets: with every
 * slot busy, requests that left while waiting must not keep their places in the queue.
 */
import t from 'tap';
import { connect } from 'node:net';
import type { App } from '../../src/protocol/index.js';
import { ConcurrencyGate } from '../../src/server/concurrency-gate.js';
import { start, raw, delay } from './helpers.js';

t.test('a full queue drops tickets whose client left before refusing a new one', async (t) => {
  const gate = new ConcurrencyGate(1, 2);
  const ran: string[] = [];
  const ticket = (name: string) => ({ cancelled: false, run: () => ran.push(name) });
  const busy = ticket('busy');
  const gone1 = ticket('gone1');
  const gone2 = ticket('gone2');
  t.ok(gate.admit(busy) && gate.admit(gone1) && gate.admit(gone2));
  t.notOk(gate.admit(ticket('refused')), 'full: two waiting');
  gone1.cancelled = true;
  gone2.cancelled = true;
  t.ok(gate.admit(ticket('late')), 'the cancelled places are reclaimed');
  t.equal(gate.queued, 1);
  gate.release();
  t.same(ran, ['busy', 'late']);
});

t.test('clients that queue and hang up while every slot is busy do not get later requests refused', async (t) => {
  const app: App = async (scope, receive, send) => {
    if (scope.type !== 'http') return;
    if (scope.path === '/slow') await delay(800);
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: scope.path });
  };
  const server = await start(app, { lifespan: 'off', limitConcurrency: 1, queueSize: 2 });
  t.teardown(() => server.close());
  const slow = raw(server.port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', 3000, /\/slow$/);
  await delay(50);
  for (let i = 0; i < 2; i++) {
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /gone HTTP/1.1\r\nHost: x\r\n\r\n');
    await delay(50);
    socket.destroy();
  }
  await delay(50);
  const late = await raw(server.port, 'GET /late HTTP/1.1\r\nHost: x\r\n\r\n', 3000, /\/late$/);
  t.match(late.text, /^HTTP\/1\.1 200 [\s\S]*\/late$/, 'queued behind the slow one and answered, not 503');
  t.match((await slow).text, /\/slow$/);
});
