/**
 * StreamingResponse: a body produced piece by piece from an (async) iterable.
 *
 * Each item becomes its own `http.response.body` event with `moreBody: true`, sent as soon as the
 * iterable yields it, so the client sees chunks one by one; a final empty event ends the body.
 * `send` resolves when the server can take more (backpressure), so a slow client slows the producer
 * rather than filling memory.
 *
 * A stream may wait a long time between chunks (Server-Sent Events do), so the response also
 * listens on `receive` for `http.disconnect`: when the client leaves, the wait is cut short and the
 * iterable is closed (`return()`), which runs its `finally` blocks — a producer never outlives
 * its client.
 */
import type { Receive, Send } from '../../protocol/app.js';
import type { Body } from '../../protocol/events.js';
import type { HttpScope } from '../../protocol/scope.js';
import { Response, type ResponseInit } from './response.js';

/** Anything that produces body chunks. */
export type ChunkSource = AsyncIterable<Body> | Iterable<Body>;

/** Marker for "the client disconnected" in the race with the next chunk. */
const DISCONNECTED = Symbol('disconnected');

/**
 * A response whose body is produced over time: each chunk of `source` becomes one
 * `http.response.body` event, and iteration stops early if the client disconnects.
 *
 * @example
 * ```ts
 * app.get('/count', () => new StreamingResponse((async function* () {
 *   for (let i = 0; i < 3; i++) yield `${i}\n`;
 * })(), { headers: { 'content-type': 'text/plain' } }));
 * ```
 */
export class StreamingResponse extends Response {
  constructor(
    /** Where the chunks come from; read once, when the response is sent. */
    readonly source: ChunkSource,
    init: ResponseInit = {},
    contentType?: [string, string],
  ) {
    super('', init, contentType);
  }

  override async send(scope: HttpScope, receive: Receive, send: Send): Promise<void> {
    const iterator = toAsyncIterator(this.source);
    let abandoned = false;
    try {
      await send({ type: 'http.response.start', status: this.status, headers: this.headers });
      if (scope.method === 'HEAD') {
        await send({ type: 'http.response.body', body: '' });
        return;
      }
      const watch = watchDisconnect(receive);
      for (;;) {
        const next = await watch.race(iterator.next());
        if (next === DISCONNECTED) {
          abandoned = true;
          return;
        }
        if (next.done) break;
        await send({ type: 'http.response.body', body: next.value, moreBody: true });
      }
      await send({ type: 'http.response.body', body: '', moreBody: false });
    } finally {
      // A source abandoned mid-wait is still busy producing; its `return()` is queued behind that
      // work, so it is requested without waiting (its `finally` runs when the wait ends).
      const closing = iterator.return?.();
      if (abandoned) void Promise.resolve(closing).catch(() => undefined);
      else await closing;
    }
  }
}

function toAsyncIterator(source: ChunkSource): AsyncIterator<Body> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const sync = source[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async () => sync.return?.() ?? { done: true, value: undefined },
  };
}

/**
 * Reads `receive` in the background until `http.disconnect` (discarding any unread body), and
 * lets each wait for a chunk be cut short by it. One listener for the whole stream, not one per
 * chunk, so a long stream does not pile up callbacks.
 */
function watchDisconnect(receive: Receive): { race<T>(pending: Promise<T>): Promise<T | typeof DISCONNECTED> } {
  // `interrupt` ends the wait in progress; replaced by each `race`, so only one callback is kept.
  const watch: { disconnected: boolean; interrupt: (() => void) | null } = { disconnected: false, interrupt: null };
  void (async () => {
    for (;;) {
      const event = await receive();
      if (event.type === 'http.disconnect') break;
    }
    watch.disconnected = true;
    watch.interrupt?.();
  })().catch(() => undefined);
  return {
    race<T>(pending: Promise<T>): Promise<T | typeof DISCONNECTED> {
      if (watch.disconnected) return Promise.resolve(DISCONNECTED);
      return new Promise((resolve, reject) => {
        watch.interrupt = () => resolve(DISCONNECTED);
        pending.then(resolve, reject);
      });
    },
  };
}
