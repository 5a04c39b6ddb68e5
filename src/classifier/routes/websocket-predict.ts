/**
 * `/ws/predict`: predictions over a WebSocket, one reply per text message, in order.
 *
 * The rules (issue 7): a text message `{"id"?: string | number, "title", "description"?}` gets
 * `{"id", "prediction", "probabilities"}` with `id` echoed (`null` when absent); an invalid message
 * gets `{"id", "error": {"status": 422, "detail": [...]}}` and the connection stays open; a binary
 * message closes with 1003 (unsupported data); a message over 1 MiB closes with 1009 (too big; the
 * server enforces this too, before the message reaches us). The handshake is refused with 403 and
 * a JSON `detail` for a missing or wrong key and, past the rate limit, with 429 and `Retry-After`
 * like the REST routes.
 *
 * The id is a scalar, as FastAPI services take it: the message schema (`WS_ID_SCHEMA`) refuses any
 * other id with a 422 `id_type`, listed with the message's other problems, and such an id is not
 * echoed (the reply's `id` is `null`).
 *
 * Messages are not answered one at a time: each is submitted to the batcher as it arrives, so a
 * client that pipelines many messages gets them coalesced into few model runs. Replies still leave
 * in arrival order: a `ReplyQueue` holds the pending answers and one writer sends them as they
 * settle. At most `MAX_PIPELINED` messages per connection wait for their reply; past that the
 * reader waits for the queue to empty (the server caps what queues behind it, docs/server.md).
 * A reply that cannot be sent closes the connection with 1011 and the error reaches the
 * framework's log; it never becomes an unhandled rejection that would stop the process.
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

/**
 * The id a reply echoes: the message's own when it is a string or a number, else `null` (absent,
 * not an object, or an id the message schema refuses, which is then one of the reply's issues).
 */
function replyId(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** The reply to one message: a result or an error object. */
async function answer(context: ServiceContext, text: string): Promise<unknown> {
  let id: string | number | null = null;
  try {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { id, error: { status: 422, detail: [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }] } };
    }
    id = replyId(value);
    const message = parseSocketMessage(value);
    const [result] = await context.predict(context.models().default, [message.project]);
    return { id, prediction: result!.prediction, probabilities: result!.probabilities };
  } catch (error) {
    if (error instanceof RequestValidationError) return { id, error: { status: 422, detail: error.issues } };
    if (error instanceof ClassifierError && error.expose) return { id, error: { status: error.status, detail: error.message } };
    return { id, error: { status: 500, detail: 'Internal Server Error' } };
  }
}

/**
 * The answers of one connection in arrival order, and the one writer that sends them. Per message
 * it costs an array slot: no closure and no promise chained per reply. A send that fails stops
 * the writer, closes the connection with 1011 and keeps the error in `failure` for the session to
 * rethrow once its reader has seen the disconnect.
 */
class ReplyQueue {
  private readonly answers: Array<Promise<unknown>> = [];
  private writing: Promise<void> | undefined;
  /** Why writing stopped, if a send failed. */
  failure: unknown = undefined;

  constructor(private readonly websocket: WebSocket<object>) {}

  /** Answers not yet sent: those queued, plus the one the writer is waiting on while it runs. */
  get waiting(): number {
    return this.answers.length + (this.writing === undefined ? 0 : 1);
  }

  /** Queues one answer; starts the writer if it is not running. */
  add(answer: Promise<unknown>): void {
    this.answers.push(answer);
    this.writing ??= this.write();
  }

  /** Settles when every queued answer was sent (or writing stopped); it never rejects. */
  idle(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  private async write(): Promise<void> {
    try {
      for (let next = this.answers.shift(); next !== undefined; next = this.answers.shift()) {
        const value = await next;
        if (this.websocket.state === 'connected') await this.websocket.sendJson(value);
      }
    } catch (error) {
      this.failure = error;
      this.answers.length = 0;
      if (this.websocket.state === 'connected') await this.websocket.close(1011, 'internal error').catch(() => undefined);
    } finally {
      this.writing = undefined;
    }
  }
}

/** Serves one connection. */
async function session(websocket: WebSocket<object>, context: ServiceContext): Promise<void> {
  const offered = websocket.scope.subprotocols;
  const auth = context.security.auth.checkWebSocket(offered, websocket.headers.get('authorization'));
  // 403 for a missing key too (a browser cannot answer a 401 challenge on a WebSocket), with the
  // REST refusal's JSON detail rather than the server's bare "upgrade denied".
  if (!auth.ok) return websocket.deny(new HTTPException(403, auth.detail));
  try {
    await context.security.limitConnection(websocket);
  } catch (error) {
    if (!(error instanceof HTTPException)) throw error;
    // 429 with Retry-After, as the REST routes answer, through the denial-response extension.
    return websocket.deny(error);
  }
  await websocket.accept(offered.includes(WEBSOCKET_AUTH_SUBPROTOCOL) ? { subprotocol: WEBSOCKET_AUTH_SUBPROTOCOL } : {});
  const replies = new ReplyQueue(websocket);
  try {
    await readMessages(websocket, context, replies);
  } catch (error) {
    if (!(error instanceof WebSocketDisconnect)) throw error;
  } finally {
    await replies.idle();
  }
  // A failed send already closed the connection with 1011; throwing lets the framework log it.
  if (replies.failure !== undefined) throw replies.failure;
}

/** Reads messages until the client leaves (`WebSocketDisconnect`) or one closes the connection. */
async function readMessages(websocket: WebSocket<object>, context: ServiceContext, replies: ReplyQueue): Promise<void> {
  for (;;) {
    const message = await websocket.receive();
    if (typeof message !== 'string') return websocket.close(1003, 'binary messages are not supported; send JSON text');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return websocket.close(1009, 'message larger than 1 MiB');
    replies.add(answer(context, message));
    if (replies.waiting >= MAX_PIPELINED) await replies.idle();
  }
}

/** Registers `/ws/predict`. */
export function addWebSocketRoute(app: App<object>, context: ServiceContext): void {
  app.websocket('/ws/predict', (websocket) => session(websocket, context), { summary: 'Predictions over a WebSocket', tags: ['predict'] });
}
