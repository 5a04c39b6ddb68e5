/**
 * Slow clients: slowloris headers and a body that trickles in a byte at a time. uWebSockets.js v20.30
 * closes a connection whose request head is incomplete after its fixed 10 s idle timeout; the
 * server is expected to serve everyone else meanwhile. Every wait is bounded.
 */
import t from 'tap';
import { startTarget, open, healthy, delay, type Target } from './harness.js';

let target: Target;
t.before(async () => {
  target = await startTarget();
});
t.teardown(() => target.close());

t.test('serves others while slowloris clients dribble headers, and drops them within the idle timeout', async (t) => {
  const slow = await Promise.all(Array.from({ length: 20 }, () => open(target.port)));
  const closedAt: number[] = [];
  const started = Date.now();
  for (const socket of slow) {
    socket.on('close', () => closedAt.push(Date.now() - started));
    socket.on('error', () => undefined);
    socket.write('GET /ok HTTP/1.1\r\nHost: t\r\n');
  }
  const dribble = setInterval(() => {
    for (const socket of slow) if (!socket.destroyed) socket.write('X-Slow: a\r\n');
  }, 1000);
  try {
    for (let i = 0; i < 4; i += 1) {
      const latency = await healthy(target.port, 3000);
      t.ok(latency >= 0 && latency < 3000, `a normal client is answered in ${latency.toFixed(0)} ms during the attack`);
      await delay(500);
    }
    // uWebSockets.js times out a request whose head is not complete after 10 s, however it trickles.
    const deadline = Date.now() + 16_000;
    while (closedAt.length < slow.length && Date.now() < deadline) await delay(250);
    t.equal(closedAt.length, slow.length, 'every slowloris connection was closed by the server');
    t.ok(Math.max(...closedAt) < 16_000, `the last one after ${Math.max(...closedAt)} ms`);
  } finally {
    clearInterval(dribble);
    for (const socket of slow) socket.destroy();
  }
});

t.test('serves others while a body trickles in one byte at a time', async (t) => {
  const socket = await open(target.port);
  socket.on('error', () => undefined);
  socket.write('POST /drain HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n');
  const trickle = setInterval(() => !socket.destroyed && socket.write('x'), 50);
  try {
    for (let i = 0; i < 3; i += 1) {
      t.ok((await healthy(target.port, 3000)) >= 0, 'a normal client is answered');
      await delay(300);
    }
  } finally {
    clearInterval(trickle);
    socket.destroy();
  }
});
