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
  /** Constant, so logs and `instanceof`-free checks can tell it apart from other errors. */
  override readonly name = 'ServerStartError';
  /** Always 500: a start failure is the server's fault, never the client's. */
  readonly status = 500;
  /** Always `false`: the details name files and addresses that are for the operator only. */
  readonly expose = false;
  constructor(
    /** Which failure it was; stable across releases, so tools and tests can match on it. */
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
  /** Constant, so logs can tell a server-made response from an app error. */
  override readonly name = 'ServerRejection';
  /** `true` for 4xx: the client caused it and the message helps them fix it; 5xx stay generic. */
  readonly expose: boolean;
  constructor(
    /** HTTP status written to the client (413, 431, 503, 500...). */
    readonly status: number,
    /** Which limit or failure it was; also the `error.code` of the JSON body. */
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

/**
 * The 431 for a request head over `maxHeaderSize`. The head counts the request line with the
 * headers (request-head.ts says why), so the message names both: a client that sent a 20 KB URL
 * and three short headers must not be told that its headers are the problem.
 *
 * @example
 * ```ts
 * headTooLarge(9000, 8192).body();
 * // {"error":{"code":"headers-too-large","message":"request line and headers are 9000 bytes, over the limit of 8192 bytes"}}
 * ```
 */
export function headTooLarge(bytes: number, limit: number): ServerRejection {
  return new ServerRejection(431, 'headers-too-large', `request line and headers are ${bytes} bytes, over the limit of ${limit} bytes`);
}
