/** The error catalogue: statuses, stable codes, exposure, and HTTPException's defaults. */
import t from 'tap';
import {
  AppError, ClientDisconnect, HTTPException, NoMatchFound, RouteConflictError, RouteDefinitionError, WebSocketDisconnect, WebSocketSerializationError,
} from '../../src/app/index.js';

t.test('HTTPException derives a default detail and code from its status', async (t) => {
  const error = new HTTPException(404);
  t.equal(error.detail, 'Not found');
  t.equal(error.code, 'not_found');
  t.equal(error.expose, true);
  t.equal(new HTTPException(599).code, 'http_599');
  t.equal(new HTTPException(599).detail, 'HTTP 599');
});

t.test('HTTPException keeps structured details and accepts headers as an object', async (t) => {
  const error = new HTTPException(422, { field: 'title' }, { 'Retry-After': '5' }, { code: 'bad_title' });
  t.same(error.detail, { field: 'title' });
  t.same(error.headers, [['retry-after', '5']]);
  t.equal(error.code, 'bad_title');
  t.equal(error.message, '{"field":"title"}');
});

t.test('5xx errors are not exposed, 4xx are', async (t) => {
  t.equal(new HTTPException(503).expose, false);
  t.equal(new ClientDisconnect().expose, true);
  t.equal(new RouteConflictError('x').expose, false);
  t.equal(new WebSocketSerializationError(new TypeError('x')).expose, false);
});

t.test('every framework error has a stable code and its class name', async (t) => {
  const errors: AppError[] = [new RouteDefinitionError('/x', 'bad'), new RouteConflictError('c'), new NoMatchFound('n'), new WebSocketDisconnect(1001, 'away'), new ClientDisconnect(), new WebSocketSerializationError(new TypeError('cyclic'))];
  t.same(
    errors.map((e) => [e.name, e.code]),
    [
      ['RouteDefinitionError', 'invalid_route'],
      ['RouteConflictError', 'route_conflict'],
      ['NoMatchFound', 'no_match_found'],
      ['WebSocketDisconnect', 'websocket_disconnect'],
      ['ClientDisconnect', 'client_disconnect'],
      ['WebSocketSerializationError', 'websocket_json_unserializable'],
    ],
  );
  t.equal((errors[3] as WebSocketDisconnect).closeCode, 1001);
  t.match(errors[0]!.message, /invalid route "\/x": bad/);
});
