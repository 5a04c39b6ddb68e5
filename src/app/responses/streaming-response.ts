/**
 * StreamingResponse: a body produced piece by piece from an (async) iterable.
 *
 * Each item becomes its own `http.response.body` event with `moreBody: true`, sent as soon as the
 * iterable yields it, so the client sees chunks one by one; a final empty event ends the body.
 * `send` resolves when the server can take more (backpressure), so a slow client slows the producer
 * rather than filling memory. If sending fails (the client left), the iterable is closed so its
 * `finally` blocks run.
 */
import type { Receive, Send } from '../../protocol/app.js';
import type { Body } from '../../protocol/events.js';
import type { HttpScope } from '../../protocol/scope.js';
import { Response, type ResponseInit } from './response.js';

/** Anything that produces body chunks. */
export type ChunkSource = AsyncIterable<Body> | Iterable<Body>;

/**
 * @example
 * ```ts
 * app.get('/count', () => new StreamingResponse((async function* () {
 *   for (let i = 0; i < 3; i++) yield `${i}\n`;
 * })(), { headers: { 'content-type': 'text/plain' } }));
 * ```
 */
export class StreamingResponse extends Response {
  constructor(
    readonly source: ChunkSource,
    init: ResponseInit = {},
    contentType?: [string, string],
  ) {
    super('', init, contentType);
  }

  override async send(scope: HttpScope, _receive: Receive, send: Send): Promise<void> {
    await send({ type: 'http.response.start', status: this.status, headers: this.headers });
    if (scope.method === 'HEAD') {
      await closeSource(this.source);
      await send({ type: 'http.response.body', body: '' });
      return;
    }
    for await (const chunk of this.source) {
      await send({ type: 'http.response.body', body: chunk, moreBody: true });
    }
    await send({ type: 'http.response.body', body: '', moreBody: false });
  }
}

/** Gives an unused generator the chance to clean up. */
async function closeSource(source: ChunkSource): Promise<void> {
  const maybe = source as { return?: () => unknown };
  if (typeof maybe.return === 'function') await maybe.return();
}
