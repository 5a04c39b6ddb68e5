/**
 * Request bodies for the test client: turning what a test passes into `http.request` events.
 *
 * A server delivers a request body as a series of `http.request` events, the last one with
 * `moreBody: false` (spec §3.1). The test client lets a test choose how the body is cut:
 *
 * - a string or a `Uint8Array` arrives in one event;
 * - a synchronous iterable arrives as exactly one event per chunk (the last chunk is known ahead);
 * - an async iterable arrives one event per chunk *as each chunk is produced*, then one empty
 *   final event — the client cannot know a chunk was the last until the iterable says so, and
 *   holding a chunk back would hide the timing the test is trying to create.
 */
import type { HttpRequestEvent } from '../events.js';

/** What a test may pass as a request body. */
export type TestRequestBody = string | Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

const encoder = new TextEncoder();

/** A chunk as bytes; a fresh copy, so the app may keep it while the test reuses its buffer. */
export function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? encoder.encode(chunk) : chunk.slice();
}

/** The body's length when it is known up front (for `content-length`), else `undefined`. */
export function fixedLength(body: TestRequestBody | undefined): number | undefined {
  if (body === undefined) return 0;
  if (typeof body === 'string') return encoder.encode(body).length;
  if (body instanceof Uint8Array) return body.length;
  return undefined;
}

function isAsyncIterable(body: unknown): body is AsyncIterable<Uint8Array | string> {
  return typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** The `http.request` events for a body, in order. */
export async function* requestEvents(body: TestRequestBody | undefined): AsyncGenerator<HttpRequestEvent> {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    yield { type: 'http.request', body: toBytes(body ?? ''), moreBody: false };
    return;
  }
  if (isAsyncIterable(body)) {
    for await (const chunk of body) yield { type: 'http.request', body: toBytes(chunk), moreBody: true };
    yield { type: 'http.request', body: new Uint8Array(0), moreBody: false };
    return;
  }
  // Look one chunk ahead so the last chunk itself carries moreBody: false.
  let previous: Uint8Array | undefined;
  for (const chunk of body) {
    if (previous !== undefined) yield { type: 'http.request', body: previous, moreBody: true };
    previous = toBytes(chunk);
  }
  yield { type: 'http.request', body: previous ?? new Uint8Array(0), moreBody: false };
}
