/**
 * Errors of the protocol layer: one class per kind of failure, each with a stable `code`.
 *
 * `ProtocolError` is what the conformance checker (and, later, the server's guard) throws when an
 * application breaks a rule of `docs/protocol.md` §4. The other classes are outcomes that the
 * in-process test client reports while it plays the server's part: a WebSocket upgrade that was
 * denied, a WebSocket the app closed, a lifespan startup that failed, a conversation that stalled.
 *
 * Like the errors of every tsgi layer they carry an HTTP `status` and `expose` (after http-errors):
 * a protocol violation is the application's bug, so it maps to 500 and its details stay private.
 */
import type { HeaderList } from './scope.js';

/**
 * The name of every rule the state machines and the checker enforce. Tests assert on these names,
 * so they are part of the public contract: add new ones, never rename.
 */
export type ProtocolRule =
  // Shape of an event, whatever the scope.
  | 'not-an-event'
  | 'unknown-event'
  | 'wrong-scope-event'
  | 'unknown-scope-type'
  | 'extension-not-advertised'
  // Field types.
  | 'invalid-status'
  | 'invalid-headers'
  | 'invalid-trailers'
  | 'invalid-body'
  | 'invalid-more-body'
  | 'invalid-path'
  | 'invalid-subprotocol'
  | 'invalid-message'
  | 'invalid-close-code'
  | 'invalid-close-reason'
  | 'invalid-failure-message'
  // HTTP response order (response-state.ts).
  | 'body-before-start'
  | 'pathsend-before-start'
  | 'second-start'
  | 'send-after-complete'
  | 'content-length-mismatch'
  | 'returned-without-response'
  | 'returned-mid-response'
  // WebSocket order (websocket-state.ts).
  | 'send-before-accept'
  | 'second-accept'
  | 'accept-after-close'
  | 'send-after-close'
  | 'close-after-close'
  | 'denial-after-accept'
  | 'denial-body-before-start'
  | 'second-denial-start'
  | 'event-during-denial'
  | 'returned-without-handshake'
  // Lifespan order (lifespan-state.ts).
  | 'startup-reply-before-startup'
  | 'startup-answered-twice'
  | 'shutdown-before-startup'
  | 'shutdown-reply-before-shutdown'
  | 'duplicate-startup'
  | 'duplicate-shutdown'
  | 'event-after-startup-failed'
  | 'event-after-shutdown'
  // The server's half (receive-state.ts, checked.ts): what a server may deliver, and when.
  | 'unknown-receive-event'
  | 'invalid-receive-event'
  | 'request-after-last-body'
  | 'request-after-disconnect'
  | 'request-after-response'
  | 'connect-not-first'
  | 'second-connect'
  | 'event-after-disconnect'
  // A state machine was stepped from a state outside its table (a caller's bug, not the app's).
  | 'unknown-state';

/**
 * An application (or a server) broke a rule of the protocol.
 *
 * `rule` names the rule, `state` is the state machine's state when the event arrived, and
 * `eventType` is the offending event's `type` (or a description when it had none).
 *
 * @example
 * ```ts
 * try { stepHttpResponse('idle', { type: 'http.response.body', body: 'x' }); }
 * catch (error) { if (error instanceof ProtocolError) console.log(error.rule); } // 'body-before-start'
 * ```
 */
export class ProtocolError extends Error {
  /** Class name, shown in stack traces and logs. */
  override readonly name = 'ProtocolError';
  /** Stable code derived from the rule, e.g. `TSGI_BODY_BEFORE_START`. */
  readonly code: string;
  /** A protocol violation is a bug in the application: the client sees a plain 500. */
  readonly status = 500;
  /** Never shown to clients: the message describes the app's internals. */
  readonly expose = false;

  constructor(
    /** The rule that was broken; the stable name tests assert on. */
    readonly rule: ProtocolRule,
    /** The state machine's state when the offending event arrived. */
    readonly state: string,
    /** The offending event's `type`, or a description when it had none. */
    readonly eventType: string,
    detail: string,
  ) {
    super(`${detail} [rule ${rule}, state ${state}, event ${eventType}]`);
    this.code = `TSGI_${rule.toUpperCase().replace(/-/g, '_')}`;
  }
}

/**
 * The application refused a WebSocket upgrade: it sent `websocket.close` before accepting (reported
 * as status 403, as a server would answer) or a denial response through `websocket.http.response`.
 */
export class WebSocketDenied extends Error {
  /** Class name, shown in stack traces and logs. */
  override readonly name = 'WebSocketDenied';
  /** Stable error code. */
  readonly code = 'TSGI_WEBSOCKET_DENIED';

  constructor(
    /** HTTP status of the denial: 403 for a plain close, or the status the app chose. */
    readonly status: number,
    /** Headers of the denial response (empty for a plain close). */
    readonly headers: HeaderList,
    /** Body of the denial response (empty for a plain close). */
    readonly body: Uint8Array,
  ) {
    super(`the application denied the WebSocket upgrade with status ${status}`);
  }
}

/**
 * The application closed an accepted WebSocket. Note that `code` is the WebSocket close code
 * (a number such as 1000), as in the `websocket.close` event, not a string error code.
 */
export class WebSocketClosed extends Error {
  /** Class name, shown in stack traces and logs. */
  override readonly name = 'WebSocketClosed';

  constructor(
    /** The WebSocket close code the app sent (1000 when it gave none). */
    readonly code: number,
    /** The close reason the app sent, `''` if none. */
    readonly reason: string,
  ) {
    super(`the application closed the WebSocket with code ${code}${reason ? ` (${reason})` : ''}`);
  }
}

/** The application answered `lifespan.startup` (or `lifespan.shutdown`) with a `*.failed` event. */
export class LifespanFailed extends Error {
  /** Class name, shown in stack traces and logs. */
  override readonly name = 'LifespanFailed';
  /** Stable error code. */
  readonly code = 'TSGI_LIFESPAN_FAILED';

  constructor(message: string) {
    super(message);
  }
}

/**
 * A test conversation did not go as the test expected: no event arrived in time, an unexpected
 * event arrived, or the application returned while the test still waited for an event.
 */
export class ConversationError extends Error {
  /** Class name, shown in stack traces and logs. */
  override readonly name = 'ConversationError';

  constructor(
    /** Which way the conversation went wrong: timed out, app returned early, or an unexpected event. */
    readonly code: 'TSGI_TIMEOUT' | 'TSGI_APP_RETURNED' | 'TSGI_UNEXPECTED_EVENT',
    message: string,
  ) {
    super(message);
  }
}
