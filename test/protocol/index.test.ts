import t from 'tap';
import * as protocol from '../../src/protocol/index.js';

t.test('the public API exports exactly the documented runtime names', async (t) => {
  t.same(Object.keys(protocol).sort(), [
    'Communicator',
    'ConversationError',
    'HTTP_RECEIVE_TRANSITIONS',
    'HTTP_RESPONSE_TRANSITIONS',
    'INITIAL_HTTP_RECEIVE_STATE',
    'INITIAL_HTTP_RESPONSE_STATE',
    'INITIAL_LIFESPAN_STATE',
    'INITIAL_WEBSOCKET_RECEIVE_STATE',
    'INITIAL_WEBSOCKET_STATE',
    'LIFESPAN_TRANSITIONS',
    'LifespanFailed',
    'ProtocolError',
    'STATUS_PHRASES',
    'TestClient',
    'WEBSOCKET_RECEIVE_TRANSITIONS',
    'WEBSOCKET_TRANSITIONS',
    'WebSocketClosed',
    'WebSocketDenied',
    'assertNever',
    'checkScopeRules',
    'checkSendEventFields',
    'checked',
    'hasHeader',
    'headerValue',
    'headerValues',
    'statusPhrase',
    'stepHttpReceive',
    'stepHttpResponse',
    'stepLifespan',
    'stepWebSocket',
    'stepWebSocketReceive',
    'toHeaderList',
  ]);
});

t.test('the test client offers every method other layers code against', async (t) => {
  const client = new protocol.TestClient(async () => undefined);
  for (const method of ['request', 'get', 'head', 'delete', 'options', 'post', 'put', 'patch', 'stream', 'websocket', 'lifespan']) {
    t.type((client as unknown as Record<string, unknown>)[method], 'function', method);
  }
  const talk = new protocol.Communicator(async () => undefined, { type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state: {} });
  for (const method of ['send', 'receive', 'expectNothing']) t.type((talk as unknown as Record<string, unknown>)[method], 'function', method);
  await talk.finished;
});
