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

/** Send events that only exist when the server advertises an extension, and that extension. */
const EXTENSION_OF_EVENT: Readonly<Record<string, string>> = {
  'http.response.pathsend': 'http.response.pathsend',
  'websocket.http.response.start': 'websocket.http.response',
  'websocket.http.response.body': 'websocket.http.response',
};

/** The one machine a conversation runs, tagged by scope type, with its current state. */
type Machine =
  | { readonly kind: 'http'; state: HttpResponseState }
  | { readonly kind: 'websocket'; state: WebSocketState }
  | { readonly kind: 'lifespan'; state: LifespanState };

function machineFor(scope: Scope): Machine {
  switch (scope.type) {
    case 'http':
      return { kind: 'http', state: INITIAL_HTTP_RESPONSE_STATE };
    case 'websocket':
      return { kind: 'websocket', state: INITIAL_WEBSOCKET_STATE };
    case 'lifespan':
      return { kind: 'lifespan', state: INITIAL_LIFESPAN_STATE };
  }
}

/** The checker's memory of one conversation: the machine's state and whether the client left. */
class ConversationGuard {
  private readonly machine: Machine;
  private clientGone = false;
  /** The first rule the app broke, kept so that catching the error cannot hide it. */
  violation: ProtocolError | undefined;

  constructor(private readonly scope: Scope) {
    this.machine = machineFor(scope);
  }

  /** Checks one event the app sends; throws (and remembers) a `ProtocolError` if it is illegal. */
  beforeSend(event: SendEvent): void {
    try {
      this.checkAgainstScope(event);
      const machine = this.machine;
      switch (machine.kind) {
        case 'http':
          machine.state = stepHttpResponse(machine.state, event);
          return;
        case 'websocket':
          machine.state = stepWebSocket(machine.state, event);
          return;
        case 'lifespan':
          machine.state = stepLifespan(machine.state, event);
          return;
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.violation ??= error;
      throw error;
    }
  }

  /** Notes one event the server delivered to the app. */
  afterReceive(event: ReceiveEvent): void {
    if (event.type === 'http.disconnect' || event.type === 'websocket.disconnect') this.clientGone = true;
    if (this.machine.kind === 'lifespan') this.machine.state = stepLifespan(this.machine.state, event);
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
   * (which never see the scope) cannot check them: extension events need the extension, and an
   * accepted subprotocol must be one the client offered (a browser fails the handshake otherwise).
   */
  private checkAgainstScope(event: SendEvent): void {
    const type = (event as { type?: unknown } | null)?.type;
    const extension = typeof type === 'string' && Object.hasOwn(EXTENSION_OF_EVENT, type) ? EXTENSION_OF_EVENT[type] : undefined;
    const state = this.machine.state;
    if (extension !== undefined && this.scope.extensions?.[extension] === undefined) {
      throw new ProtocolError('extension-not-advertised', state, String(type), `${String(type)} needs the ${extension} extension, which this server does not advertise in scope.extensions`);
    }
    if (type === 'websocket.accept' && this.scope.type === 'websocket') {
      const chosen = (event as { subprotocol?: unknown }).subprotocol;
      if (typeof chosen === 'string' && !this.scope.subprotocols.includes(chosen)) {
        throw new ProtocolError('invalid-subprotocol', state, type, `subprotocol ${JSON.stringify(chosen)} was not offered by the client (offered: ${this.scope.subprotocols.join(', ') || 'none'})`);
      }
    }
  }
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
    const guardedSend: Send = async (event) => {
      guard.beforeSend(event);
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
