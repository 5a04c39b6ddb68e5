/**
 * `/ws/predict`: predictions over a WebSocket, one reply per text message, in order.
 *
 * The rules (issue 7): a text message `{"id"?: any, "title", "description"?}` gets
 * `{"id", "prediction", "probabilities"}` with `id` echoed (`null` when absent); an invalid message
 * gets `{"id", "error": {"status": 422, "detail": [...]}}` and the connection stays open; a binary
 * message closes with 1003 (unsupported data); a message over 1 MiB closes with 1009 (too big; the
 * server enforces this too, before the message reaches us).
 *
 * Messages are not answered one at a time: each is submitted to the batcher as it arrives, so a
 * client that pipelines many messages gets them coalesced into few model runs. Replies still leave
 * in arrival order because each one is chained behind the previous reply. At most
 * `MAX_PIPELINED` messages per connection wait for their reply; past that the reader pauses,
 * which pushes back on the client through TCP instead of queueing without bound.
 */
import { HTTPException, WebSocketDisconnect, type App, type WebSocket } from '../../app/index.js';
import { parseSocketMessage, RequestValidationError } from '../api/input-validation.js';
import { ClassifierError } from '../errors.js';
import { WEBSOCKET_AUTH_SUBPROTOCOL } from '../security/api-key-auth.js';
import type { ServiceContext } from '../service-context.js';

/** Largest accepted message, in bytes (1 MiB). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Messages one connection may have in flight before the reader waits. */
const MAX_PIPELINED = 256;

/** The reply to one message: a result or an error object. */
async function answer(context: ServiceContext, text: string): Promise<unknown> {
  let id: unknown = null;
  try {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { id, error: { status: 422, detail: [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }] } };
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) id = (value as { id?: unknown }).id ?? null;
    const message = parseSocketMessage(value);
    const [result] = await context.predict(context.models().default, [message.project]);
    return { id: message.id, prediction: result!.prediction, probabilities: result!.probabilities };
  } catch (error) {
    if (error instanceof RequestValidationError) return { id, error: { status: 422, detail: error.issues } };
    if (error instanceof ClassifierError && error.expose) return { id, error: { status: error.status, detail: error.message } };
    return { id, error: { status: 500, detail: 'Internal Server Error' } };
  }
}

/** Serves one connection. */
async function session(websocket: WebSocket<object>, context: ServiceContext): Promise<void> {
  const offered = websocket.scope.subprotocols;
  const auth = context.security.auth.checkWebSocket(offered, websocket.headers.get('authorization'));
  // Refusing before accept makes the server answer the handshake with 403.
  if (!auth.ok) return websocket.close(1008, auth.status === 401 ? 'API key required' : 'invalid API key');
  try {
    await context.security.limitConnection(websocket);
  } catch (error) {
    if (!(error instanceof HTTPException)) throw error;
    return websocket.close(1008, 'too many requests');
  }
  await websocket.accept(offered.includes(WEBSOCKET_AUTH_SUBPROTOCOL) ? { subprotocol: WEBSOCKET_AUTH_SUBPROTOCOL } : {});
  let replies: Promise<void> = Promise.resolve();
  let pending = 0;
  try {
    for (;;) {
      const message = await websocket.receive();
      if (typeof message !== 'string') return await websocket.close(1003, 'binary messages are not supported; send JSON text');
      if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return await websocket.close(1009, 'message larger than 1 MiB');
      const reply = answer(context, message);
      pending += 1;
      replies = replies.then(async () => {
        const value = await reply;
        pending -= 1;
        if (websocket.state === 'connected') await websocket.sendJson(value);
      });
      if (pending >= MAX_PIPELINED) await replies;
    }
  } catch (error) {
    if (!(error instanceof WebSocketDisconnect)) throw error;
  } finally {
    await replies.catch(() => undefined);
  }
}

/** Registers `/ws/predict`. */
export function addWebSocketRoute(app: App<object>, context: ServiceContext): void {
  app.websocket('/ws/predict', (websocket) => session(websocket, context), { summary: 'Predictions over a WebSocket', tags: ['predict'] });
}
