/**
 * Request timeout middleware: a handler that never starts its response gets a 504 for it.
 *
 * Where it sits: around the router (usually outermost but one). The clock starts when the request
 * enters this middleware and stops at the first `http.response.start`: a response that has begun
 * streaming is the app's business, and its status can no longer be changed anyway.
 *
 * When the clock runs out the middleware answers `504 {"detail": "Request timed out"}` itself and
 * returns, so the server finishes the exchange and frees the connection. The handler may still be
 * running (JavaScript cannot cancel a promise): from then on its `send()` calls are dropped, and its
 * `receive()` answers `http.disconnect`, which is what a handler already expects when a client leaves
 * — so a well-written handler stops on its own. Nothing of the request is kept after the 504: the
 * timer is cleared on every path, and the middleware holds no table of pending requests, so a flood
 * of stuck handlers costs only what the handlers themselves hold.
 */
import type { App, Middleware, Receive, Send } from '../../protocol/app.js';
import type { ReceiveEvent, SendEvent } from '../../protocol/events.js';
import { JSONResponse } from '../responses/response.js';

/** Options of `requestTimeout`. */
export interface RequestTimeoutOptions {
  /** Milliseconds a handler may take to start its response (default 30 000). */
  timeoutMs?: number;
  /** Status sent when the time is up (default 504). */
  status?: number;
}

/** The three moments of a request under the clock. */
type Phase = 'waiting' | 'responding' | 'timed-out';

const DISCONNECT: ReceiveEvent = { type: 'http.disconnect' };

/**
 * @example
 * ```ts
 * const app = new App({ middleware: [requestTimeout({ timeoutMs: 5_000 })] });
 * app.get('/slow', () => new Promise(() => {})); // answered 504 after 5 s
 * ```
 */
export function requestTimeout(options: RequestTimeoutOptions = {}): Middleware {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const status = options.status ?? 504;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`requestTimeout: timeoutMs must be a positive number, got ${timeoutMs}`);
  return (next: App): App =>
    async (scope, receive, send) => {
      if (scope.type !== 'http') return next(scope, receive, send);
      let phase: Phase = 'waiting';
      let timer: NodeJS.Timeout | undefined;
      const guardedSend: Send = (event: SendEvent) => {
        if (phase === 'timed-out') return Promise.resolve();
        if (event.type === 'http.response.start') {
          phase = 'responding';
          clearTimeout(timer);
        }
        return send(event);
      };
      const guardedReceive: Receive = () => (phase === 'timed-out' ? Promise.resolve(DISCONNECT) : receive());
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), timeoutMs);
      });
      const handling = next(scope, guardedReceive, guardedSend);
      try {
        const winner = await Promise.race([handling, expired]);
        // The handler may have started its response in the same tick the timer fired: then it owns
        // the exchange and is awaited as usual. (The cast: TypeScript cannot see that guardedSend
        // changed `phase` during the await.)
        if (winner !== 'expired') return;
        if ((phase as Phase) === 'responding') return await handling;
        phase = 'timed-out';
        // A handler that fails after its 504 must not become an unhandled rejection (which would
        // stop the process); there is no one left to tell.
        handling.catch(() => undefined);
        await new JSONResponse({ detail: 'Request timed out' }, { status }).send(scope, receive, send);
      } finally {
        clearTimeout(timer);
      }
    };
}
