/**
 * Errors of the server layer: what can stop a server from starting, and what the server answers
 * when a request breaks one of its limits.
 *
 * Like every tsgi layer's errors they carry an HTTP `status`, a stable `code` that tests assert
 * on, and `expose` (4xx messages reach the client, 5xx details stay in the log).
 */

/** Stable codes for failures at startup. */
export type ServerStartCode = 'uws-fallback' | 'listen-failed' | 'lifespan-startup-failed' | 'bad-option' | 'app-not-found';

/** The server could not start: the process should exit non-zero with this message. */
export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  readonly status = 500;
  readonly expose = false;
  constructor(
    readonly code: ServerStartCode,
    message: string,
  ) {
    super(message);
  }
}

/** Stable codes for requests the server refuses on its own, before or instead of the app. */
export type RejectionCode = 'headers-too-large' | 'body-too-large' | 'over-capacity' | 'too-many-websockets' | 'bad-websocket-version' | 'app-error' | 'no-response';

/** A response the server writes itself: status, code and a message for the JSON body. */
export class ServerRejection extends Error {
  override readonly name = 'ServerRejection';
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.expose = status < 500;
  }

  /** The short JSON body sent to the client; 5xx details are hidden behind a generic message. */
  body(): string {
    const detail = this.expose ? this.message : status5xxMessage(this.status);
    return JSON.stringify({ error: { code: this.code, message: detail } });
  }
}

function status5xxMessage(status: number): string {
  return status === 503 ? 'the server is at capacity; retry later' : 'internal server error';
}
