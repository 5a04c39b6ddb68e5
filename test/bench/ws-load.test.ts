/**
 * The WebSocket load client: its frames are valid client frames, its reply counter reads server
 * frames split anywhere, and against a real server it counts the echoes and the connections the
 * server closed during the run.
 */
import t from 'tap';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { loadWebSocket, maskedTextFrame, ReplyCounter } from '../../bench/ws-load.js';

/** A server frame (unmasked) with `opcode` and `payload`. */
function serverFrame(opcode: number, payload: Buffer): Buffer {
  const head = payload.length < 126 ? Buffer.from([0x80 | opcode, payload.length]) : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

t.test('a text frame is masked as RFC 6455 says, for every length form', async (t) => {
  for (const size of [5, 200, 70000]) {
    const payload = Buffer.alloc(size, 'é');
    const frame = maskedTextFrame(payload);
    t.equal(frame[0], 0x81, 'FIN and opcode 1');
    t.equal(frame[1]! & 0x80, 0x80, 'the mask bit is set');
    const header = size < 126 ? 2 : size < 65536 ? 4 : 10;
    const key = frame.subarray(header, header + 4);
    const unmasked = Buffer.from(frame.subarray(header + 4).map((byte, i) => byte ^ key[i & 3]!));
    t.ok(unmasked.equals(payload), `${size} bytes come back unmasked`);
  }
});

t.test('the reply counter counts messages whole, across chunk boundaries, and notes a close', async (t) => {
  const stream = Buffer.concat([serverFrame(1, Buffer.from('hello')), serverFrame(9, Buffer.alloc(0)), serverFrame(2, Buffer.alloc(300, 1)), serverFrame(1, Buffer.from('x'))]);
  for (const cut of [1, 3, 8, 100, stream.length - 1]) {
    const counter = new ReplyCounter();
    const total = counter.count(stream.subarray(0, cut)) + counter.count(stream.subarray(cut));
    t.equal(total, 3, `cut at ${cut}: three messages, the ping is not one`);
  }
  const counter = new ReplyCounter();
  counter.count(serverFrame(8, Buffer.from([3, 232])));
  t.ok(counter.closed, 'a close frame is seen');
});

t.test('against a ws echo server it counts echoes, and connections the server closes mid-run', async (t) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  let accepted = 0;
  server.on('connection', (socket) => {
    const mine = ++accepted;
    socket.on('message', (data, isBinary) => {
      // The third connection leaves early: the client must count it.
      if (mine === 3) socket.close(1001);
      else socket.send(data, { binary: isBinary });
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  const result = await loadWebSocket({ url, message: 'hello, echo', seconds: 0.5, connections: 4, window: 4 });
  t.ok(result.messages > 100, `echoes counted (${result.messages})`);
  t.equal(result.closedEarly, 1, 'one connection closed by the server during the run');
});

t.test('a server that refuses the upgrade is an error naming its answer', async (t) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: () => false });
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  await t.rejects(loadWebSocket({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, message: 'x', seconds: 0.2, connections: 1, window: 1 }), /answered the upgrade with "HTTP\/1\.1 401/);
});
