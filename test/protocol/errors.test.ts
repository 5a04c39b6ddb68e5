import t from 'tap';
import { ConversationError, LifespanFailed, ProtocolError, WebSocketClosed, WebSocketDenied } from '../../src/protocol/errors.js';

t.test('a ProtocolError is a hidden 500 with a stable code derived from its rule', async (t) => {
  const error = new ProtocolError('second-start', 'started', 'http.response.start', 'sent twice');
  t.ok(error instanceof Error);
  t.equal(error.name, 'ProtocolError');
  t.equal(error.code, 'TSGI_SECOND_START');
  t.equal(error.status, 500);
  t.equal(error.expose, false);
  t.equal(error.message, 'sent twice [rule second-start, state started, event http.response.start]');
});

t.test('WebSocketDenied carries the denial status, headers and body', async (t) => {
  const error = new WebSocketDenied(401, [['www-authenticate', 'Bearer']], new Uint8Array([1]));
  t.equal(error.status, 401);
  t.same(error.headers, [['www-authenticate', 'Bearer']]);
  t.same([...error.body], [1]);
  t.equal(error.code, 'TSGI_WEBSOCKET_DENIED');
  t.match(error.message, /401/);
});

t.test('WebSocketClosed carries the close code and reason', async (t) => {
  const error = new WebSocketClosed(4001, 'kicked');
  t.equal(error.code, 4001);
  t.equal(error.reason, 'kicked');
  t.match(error.message, /4001 \(kicked\)/);
});

t.test('LifespanFailed keeps the app message as its own', async (t) => {
  const error = new LifespanFailed('no database');
  t.equal(error.message, 'no database');
  t.equal(error.code, 'TSGI_LIFESPAN_FAILED');
});

t.test('ConversationError says which way a test conversation went wrong', async (t) => {
  const error = new ConversationError('TSGI_TIMEOUT', 'nothing within 5 ms');
  t.equal(error.code, 'TSGI_TIMEOUT');
  t.equal(error.name, 'ConversationError');
});
