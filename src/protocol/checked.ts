/**
 * The conformance checker: `checked(app)` wraps an application and holds it to the protocol.
 *
 * It sits between a server (or the test client) and the app, watching both channels. Every event
 * the app sends goes through the scope's state machine before it is passed on; an illegal event is
 * never passed on — the app's `send` rejects with a `ProtocolError` naming the rule, the state and
 * the event (spec §4). Because an app may catch that error and carry on, the checker also remembers
 * the first violation and throws it again when the app returns: a test can never miss it.
 *
 * When the app returns, the checker applies the end-of-conversation rules that no single event can
 * break: an HTTP app must have completed its response and a WebSocket app must have answered the
 * handshake — unless the client disconnected first, in which case nobody is listening any more.
 */
import type { App, Receive, Send } from './app.js';
import type { Scope } from './scope.js';
import type { ReceiveEvent, SendEvent } from './events.js';
import { ProtocolError } from './errors.js';
import { INITIAL_HTTP_RESPONSE_STATE, stepHttpResponse, type HttpResponseState } from './response-state.js';
import { INITIAL_WEBSOCKET_STATE, stepWebSocket, type WebSocketState } from './websocket-state.js';
import { INITIAL_LIFESPAN_STATE, stepLifespan, type LifespanState } from './lifespan-state.js';
import {
  INITIAL_HTTP_RECEIVE_STATE,
  INITIAL_WEBSOCKET_RECEIVE_STATE,
  stepHttpReceive,
  stepWebSocketReceive,
  type HttpReceiveState,
  type WebSocketReceiveState,
} from './receive-state.js';

/** Send events that only exist when the server advertises an extension, and that extension. */
const EXTENSION_OF_EVENT: Readonly<Record<string, string>> = {
  'http.response.pathsend': 'http.response.pathsend',
  'websocket.http.response.start': 'websocket.http.response',
  'websocket.http.response.body': 'websocket.http.response',
};

/** The machines a conversation runs, tagged by scope type: the app's half and the server's half. */
type Machine =
  | { readonly kind: 'http'; state: HttpResponseState; delivered: HttpReceiveState }
  | { readonly kind: 'websocket'; state: WebSocketState; delivered: WebSocketReceiveState }
  /** One machine for both halves: the lifespan table steps on events in either direction. */
  | { readonly kind: 'lifespan'; state: LifespanState };

function machineFor(scope: Scope): Machine {
  switch (scope.type) {
    case 'http':
      return { kind: 'http', state: INITIAL_HTTP_RESPONSE_STATE, delivered: INITIAL_HTTP_RECEIVE_STATE };
    case 'websocket':
      return { kind: 'websocket', state: INITIAL_WEBSOCKET_STATE, delivered: INITIAL_WEBSOCKET_RECEIVE_STATE };
    case 'lifespan':
      return { kind: 'lifespan', state: INITIAL_LIFESPAN_STATE };
  }
}

const encoder = new TextEncoder();

/**
 * The body length an HTTP response promised in `content-length`, or `undefined` when it promised
 * none or cannot carry a body (HEAD, 204, 304: there the header announces the GET body, §3.1).
 */
function declaredLength(scope: Scope, event: SendEvent): number | undefined {
  if (scope.type !== 'http' || scope.method === 'HEAD' || event.type !== 'http.response.start') return undefined;
  if (event.status === 204 || event.status === 304) return undefined;
  const headers = event.headers ?? [];
  for (let i = 0; i < headers.length; i++) {
    if (headers[i]![0].toLowerCase() === 'content-length') return Number(headers[i]![1]);
  }
  return undefined;
}

/** The checker's memory of one conversation: the machines' states and whether the client left. */
class ConversationGuard {
  private readonly machine: Machine;
  private clientGone = false;
  /** What `content-length` promised, and the body bytes sent so far (checked only when promised). */
  private promised: number | undefined;
  private sentBytes = 0;
  /**
   * The first rule broken — by the app, or by the server delivering events — kept so that
   * catching the error cannot hide it.
   */
  violation: ProtocolError | undefined;

  constructor(private readonly scope: Scope) {
    this.machine = machineFor(scope);
  }

  /** Checks one event the app sends; throws (and remembers) a `ProtocolError` if it is illegal. */
  beforeSend(event: SendEvent): void {
    this.remembering(() => {
      this.checkAgainstScope(event);
      const machine = this.machine;
      switch (machine.kind) {
        case 'http':
          machine.state = stepHttpResponse(machine.state, event);
          this.countBody(event);
          return;
        case 'websocket':
          machine.state = stepWebSocket(machine.state, event);
          return;
        case 'lifespan':
          machine.state = stepLifespan(machine.state, event, 'app');
          return;
      }
    });
  }

  /**
   * Checks one event the server delivered to the app (spec §3, §5.1); a server that breaks the
   * protocol gets a `ProtocolError` too, thrown from the app's `receive()` and remembered.
   */
  afterReceive(event: ReceiveEvent): void {
    this.remembering(() => {
      const machine = this.machine;
      switch (machine.kind) {
        case 'http':
          // Once the response is complete the exchange is over: the unread body is dropped.
          if (machine.state === 'complete' && (event as { type?: unknown } | null)?.type === 'http.request') {
            throw new ProtocolError('request-after-response', machine.delivered, 'http.request', 'the server delivered http.request after the response completed; from then on every receive() is http.disconnect');
          }
          machine.delivered = stepHttpReceive(machine.delivered, event);
          break;
        case 'websocket':
          machine.delivered = stepWebSocketReceive(machine.delivered, event);
          break;
        case 'lifespan':
          machine.state = stepLifespan(machine.state, event, 'server');
          break;
      }
    });
    if (event.type === 'http.disconnect' || event.type === 'websocket.disconnect') this.clientGone = true;
  }

  /**
   * Holds the body to the length the app declared (spec §3.1): a server cuts a streamed body that
   * overruns or falls short, and may quietly replace the header of a one-event body, so a test is
   * the place to hear about it. A pathsend's file size is the server's to read, so it is not counted.
   */
  private countBody(event: SendEvent): void {
    if (event.type === 'http.response.start') {
      this.promised = declaredLength(this.scope, event);
      return;
    }
    if (this.promised === undefined || event.type !== 'http.response.body') return;
    const body = event.body ?? '';
    this.sentBytes += typeof body === 'string' ? encoder.encode(body).length : body.length;
    const last = event.moreBody !== true;
    if (this.sentBytes > this.promised || (last && this.sentBytes !== this.promised)) {
      throw new ProtocolError('content-length-mismatch', 'started', event.type, `the body has ${last ? '' : 'at least '}${this.sentBytes} bytes, but content-length promised ${this.promised}`);
    }
  }

  /** Runs one check; a `ProtocolError` it throws is remembered (the first one wins) and rethrown. */
  private remembering(check: () => void): void {
    try {
      check();
    } catch (error) {
      if (error instanceof ProtocolError) this.violation ??= error;
      throw error;
    }
  }

  /** The rules checked when the app returns normally. */
  atReturn(): void {
    if (this.violation) throw this.violation;
    if (this.clientGone) return;
    const { kind, state } = this.machine;
    if (kind === 'http' && state === 'idle') {
      throw new ProtocolError('returned-without-response', state, 'return', 'the app returned without sending http.response.start');
    }
    if (kind === 'http' && state === 'started') {
      throw new ProtocolError('returned-mid-response', state, 'return', 'the app returned before the last http.response.body (moreBody: false)');
    }
    if (kind === 'websocket' && state === 'handshake') {
      throw new ProtocolError('returned-without-handshake', state, 'return', 'the app returned without accepting or closing the WebSocket');
    }
    if (kind === 'websocket' && state === 'denying') {
      throw new ProtocolError('returned-mid-response', state, 'return', 'the app returned before the denial response completed');
    }
  }

  /**
   * The rules that depend on the scope rather than on the order of events, so the state machines
   * (which never see the scope) cannot check them: see `checkScopeRules`.
   */
  private checkAgainstScope(event: SendEvent): void {
    checkScopeRules(this.scope, this.machine.state, event);
  }
}

/**
 * The send rules that depend on the scope rather than on the order of events, which the state
 * machines (they never see the scope) cannot check: an extension's events need the extension in
 * `scope.extensions`, and an accepted subprotocol must be one the client offered (a browser fails
 * the handshake otherwise). Throws a `ProtocolError`; `state` only labels it. A server that runs
 * the machines itself calls this next to them, so it holds apps to the same rules as `checked()`.
 *
 * @example
 * ```ts
 * checkScopeRules({ ...scope, subprotocols: ['chat'] }, 'handshake', { type: 'websocket.accept', subprotocol: 'v2' });
 * // throws invalid-subprotocol
 * ```
 */
export function checkScopeRules(scope: Scope, state: string, event: SendEvent): void {
  const type = (event as { type?: unknown } | null)?.type;
  const extension = typeof type === 'string' && Object.hasOwn(EXTENSION_OF_EVENT, type) ? EXTENSION_OF_EVENT[type] : undefined;
  if (extension !== undefined && scope.extensions?.[extension] === undefined) {
    throw new ProtocolError('extension-not-advertised', state, String(type), `${String(type)} needs the ${extension} extension, which this server does not advertise in scope.extensions`);
  }
  if (type === 'websocket.accept' && scope.type === 'websocket') {
    const chosen = (event as { subprotocol?: unknown }).subprotocol;
    // '' chooses none, as null does: an empty Sec-WebSocket-Protocol is not a subprotocol.
    if (typeof chosen === 'string' && chosen !== '' && !scope.subprotocols.includes(chosen)) {
      throw new ProtocolError('invalid-subprotocol', state, type, `subprotocol ${JSON.stringify(chosen)} was not offered by the client (offered: ${scope.subprotocols.join(', ') || 'none'})`);
    }
  }
}

/** Marks a promise as handled without changing it: an app that ignores a rejected `send` must not crash the process. */
function ignoredIfUnawaited(promise: Promise<void>): Promise<void> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Wraps an app so that any protocol violation becomes a `ProtocolError`.
 *
 * The returned app behaves exactly like `app` while `app` follows the protocol. The test client
 * wraps apps in it by default; wrap your own app in development to catch ordering bugs early.
 *
 * @example
 * ```ts
 * const app = checked(async (scope, receive, send) => {
 *   await send({ type: 'http.response.body', body: 'oops' }); // rejects: body-before-start
 * });
 * ```
 */
export function checked(app: App): App {
  return async function checkedApp(scope: Scope, receive: Receive, send: Send): Promise<void> {
    const type = (scope as { type?: unknown } | null)?.type;
    if (type !== 'http' && type !== 'websocket' && type !== 'lifespan') {
      throw new ProtocolError('unknown-scope-type', 'none', 'scope', `scope type must be http, websocket or lifespan, got ${JSON.stringify(type)}`);
    }
    const guard = new ConversationGuard(scope);
    const guardedReceive: Receive = async () => {
      const event = await receive();
      guard.afterReceive(event);
      return event;
    };
    // An app that fires sends without awaiting them still gets each violation: it is remembered
    // and thrown when the app returns, so the rejected promise itself may go unobserved.
    const guardedSend: Send = (event) => {
      try {
        guard.beforeSend(event);
      } catch (error) {
        return ignoredIfUnawaited(Promise.reject(error));
      }
      return send(event);
    };
    try {
      await app(scope, guardedReceive, guardedSend);
    } catch (error) {
      // A violation the app swallowed is the root cause of whatever it threw afterwards.
      throw guard.violation ?? error;
    }
    guard.atReturn();
  };
}
