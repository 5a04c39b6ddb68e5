/**
 * Floods: a thousand requests aborted mid-body, a thousand aborted mid-response, hundreds of idle
 * connections (slow clients are in slow-clients.test.ts). Every wait is bounded; batches keep the 2-core CI machine usable.
 * The assertion each time is the same: the server is still alive, answers a normal request, and
 * a client working alongside the attack was not starved.
 */
import t from 'tap';
import type { Socket } from 'node:net';
import { startTarget, open, get, healthy, delay, type Target } from './harness.js';

let target: Target;
t.before(async () => {
  target = await startTarget({ maxBodySize: 4 * 1024 * 1024 });
});
t.teardown(() => target.close());

/** Runs `count` attacks, `batch` at a time. */
async function inBatches(count: number, batch: number, attack: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => attack(i + j)));
  }
}

/** Waits for the first data on `socket`, or `ms`. */
function firstData(socket: Socket, ms: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('data', (chunk: Buffer) => (clearTimeout(timer), resolve(chunk)));
    socket.once('close', () => (clearTimeout(timer), resolve(null)));
  });
}

t.test('survives 1 000 clients that abort in the middle of a request body', async (t) => {
  await inBatches(1000, 100, async () => {
    const socket = await open(target.port);
    socket.write('POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n' + 'x'.repeat(1000));
    await delay(1);
    socket.destroy();
  });
  t.ok((await healthy(target.port)) >= 0);
});

t.test('survives 1 000 clients that abort in the middle of a response', async (t) => {
  let gotData = 0;
  await inBatches(1000, 200, async () => {
    const socket = await open(target.port);
    socket.write(get('/big'));
    if ((await firstData(socket, 3000)) !== null) gotData += 1;
    socket.destroy();
  });
  t.ok(gotData > 900, `${gotData} of 1000 responses had started before the abort`);
  t.ok((await healthy(target.port)) >= 0);
});

t.test('keeps serving while 500 idle connections are held open', async (t) => {
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 500; i += 50) sockets.push(...(await Promise.all(Array.from({ length: 50 }, () => open(target.port)))));
    t.equal(sockets.length, 500);
    const latency = await healthy(target.port, 3000);
    t.ok(latency >= 0 && latency < 3000, `answered in ${latency.toFixed(0)} ms with 500 idle sockets open`);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  t.ok((await healthy(target.port)) >= 0);
});

