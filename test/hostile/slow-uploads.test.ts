/**
 * Request bodies that arrive slowly, over raw sockets. uWS v20.30 closes a connection ~10 s after
 * its request began unless the body keeps a minimum pace: receiving bytes re-arms its timer only
 * at a rate of roughly 10-15 KB/s (measured on raw uWS: 10 KB/s cut at ~12 s, 15 KB/s kept). So a
 * steady upload above that pace is answered however long it takes, while a slow upload and the
 * "slow POST" trickle are cut off with no answer (docs/security.md). Three uploads run at once,
 * so the file takes ~14 s.
 */
import t from 'tap';
import { connect } from 'node:net';
import type { App } from '../../src/protocol/index.js';
import { start } from '../server/helpers.js';

/** Counts the body and answers with its length. */
const counting: App = async (scope, receive, send) => {
  if (scope.type !== 'http') return;
  let bytes = 0;
  for (;;) {
    const event = await receive();
    if (event.type !== 'http.request') return;
    bytes += event.body.byteLength;
    if (!event.moreBody) break;
  }
  await send({ type: 'http.response.start', status: 200 });
  await send({ type: 'http.response.body', body: String(bytes) });
};

/**
 * Sends a body of `pieces` × `size` bytes, one piece every `everyMs`; resolves with what came back
 * and when the socket closed (ms after the head was sent), or `-1` if it was still open at `limitMs`.
 */
function upload(port: number, size: number, pieces: number, everyMs: number, limitMs: number): Promise<{ answer: string; closedAtMs: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const began = Date.now();
    let answer = '';
    let sent = 0;
    const done = (closedAtMs: number): void => {
      clearInterval(pump);
      clearTimeout(limit);
      socket.destroy();
      resolve({ answer, closedAtMs });
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (/\r\n\r\n\d+$/.test(answer)) done(-1);
    });
    socket.on('close', () => done(Date.now() - began));
    socket.on('error', () => undefined);
    socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${size * pieces}\r\n\r\n`);
    const pump = setInterval(() => {
      if (sent < pieces && !socket.destroyed) socket.write('x'.repeat(size));
      sent += 1;
    }, everyMs);
    const limit = setTimeout(() => done(-1), limitMs);
  });
}

t.test('a body at 20 KiB/s for ~13 s is answered; one at 5 KiB/s and a trickle are cut off after ~10 s', async (t) => {
  const server = await start(counting, { lifespan: 'off' });
  t.teardown(() => server.close());
  const [steady, slow, trickle] = await Promise.all([
    // 2 KiB every 100 ms for 13 s: 260 KiB, under the 1 MiB body limit.
    upload(server.port, 2048, 130, 100, 20_000),
    // 512 bytes every 100 ms: below uWS's pace.
    upload(server.port, 512, 300, 100, 20_000),
    // 8 bytes every 3 s: never finishes on its own.
    upload(server.port, 8, 100, 3000, 20_000),
  ]);
  t.match(steady.answer, /^HTTP\/1\.1 200 [\s\S]*\r\n\r\n266240$/, 'the steady upload got its answer');
  for (const [name, result] of [['5 KiB/s', slow], ['trickle', trickle]] as const) {
    t.equal(result.answer, '', `${name}: no answer`);
    t.ok(result.closedAtMs > 8000 && result.closedAtMs < 16_000, `${name}: closed after ${result.closedAtMs} ms`);
  }
});
