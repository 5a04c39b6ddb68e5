import t from 'tap';
import { app } from '../../examples/03-websocket-echo.js';
import { TestClient, WebSocketClosed, WebSocketDenied } from '../../src/protocol/index.js';

const client = new TestClient(app);

t.test('text comes back upper-cased and bytes unchanged', async (t) => {
  const ws = await client.websocket('/echo');
  ws.sendText('hello');
  t.equal(await ws.receiveText(), 'HELLO');
  ws.sendBytes(new Uint8Array([1, 2, 3]));
  t.same([...(await ws.receiveBytes())], [1, 2, 3]);
  await ws.close();
});

t.test('the echo subprotocol is chosen when offered, and none otherwise', async (t) => {
  const offered = await client.websocket('/echo', { subprotocols: ['other', 'echo.v1'] });
  t.equal(offered.subprotocol, 'echo.v1');
  await offered.close();
  const plain = await client.websocket('/echo', { subprotocols: ['other'] });
  t.equal(plain.subprotocol, null);
  await plain.close();
});

t.test('bye makes the app close with 1000', async (t) => {
  const ws = await client.websocket('/echo');
  ws.sendText('bye');
  t.same(await ws.closed, { code: 1000, reason: 'goodbye' });
  await t.rejects(ws.receive(), WebSocketClosed);
});

t.test('a client close ends the session', async (t) => {
  const ws = await client.websocket('/echo');
  await t.resolves(ws.close(1001, 'going away'));
});

t.test('other paths are refused with 403', async (t) => {
  const error = await client.websocket('/elsewhere').catch((e: unknown) => e);
  t.ok(error instanceof WebSocketDenied);
  t.equal((error as WebSocketDenied).status, 403);
});

t.test('plain HTTP gets 426 Upgrade Required', async (t) => {
  const response = await client.get('/echo');
  t.equal(response.status, 426);
  t.equal(response.header('upgrade'), 'websocket');
});

t.test('the example echoes over a real WebSocket on the tsgi server', async (t) => {
  const { serve } = await import('../../src/server/index.js');
  const { default: WebSocket } = await import('ws');
  const server = await serve(app, { host: '127.0.0.1', port: 0, logLevel: 'error' });
  t.teardown(() => server.close());
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/echo`, ['echo.v1']);
  const reply = await new Promise<string>((resolve, reject) => {
    ws.on('open', () => ws.send('over the wire'));
    ws.on('message', (data) => resolve(String(data)));
    ws.on('error', reject);
    setTimeout(() => reject(new Error('no reply within 5 s')), 5000).unref();
  });
  t.equal(ws.protocol, 'echo.v1');
  t.equal(reply, 'OVER THE WIRE');
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.send('bye');
  t.equal(await closed, 1000);
});
