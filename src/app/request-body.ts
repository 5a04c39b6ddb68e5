/**
 * Reading a request body from `receive`: the one place that loops over `http.request` events.
 *
 * A body arrives as chunks with `moreBody: true` until the last one. Reading fails with a 413
 * `HTTPException` as soon as the running total passes the limit, or before keeping any of it when
 * `Content-Length` already declares more (`declaresTooLarge`); either way the rest is left unread
 * and the 413 goes out at once (`bodyTooLarge` says why). A client that goes away is a
 * `ClientDisconnect`. A body can be consumed once; `Request` caches the bytes so `json()` after
 * `text()` works.
 */
import type { Receive } from '../protocol/app.js';
import type { HttpRequestEvent, ReceiveEvent } from '../protocol/events.js';
import type { HeaderList } from '../protocol/scope.js';
import { ClientDisconnect, HTTPException } from './errors.js';

const EMPTY = new Uint8Array(0);

/** Yields the body's chunks as they arrive, enforcing `limit` bytes in total. */
export async function* streamBody(receive: Receive, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for (;;) {
    const event = await receive();
    checkEvent(event);
    if (total + event.body.byteLength > limit) throw bodyTooLarge(limit);
    total += event.body.byteLength;
    if (event.body.byteLength > 0) yield event.body;
    if (!event.moreBody) return;
  }
}

/** The checks every read makes on the next event: still connected, and a body chunk. */
function checkEvent(event: ReceiveEvent): asserts event is HttpRequestEvent {
  if (event.type === 'http.disconnect') throw new ClientDisconnect();
  if (event.type !== 'http.request') throw new TypeError(`expected an http.request event, got ${event.type}`);
}

/**
 * Reads the whole body into one array (no copy when it came in one chunk). Not `async`: most
 * bodies are one event, which one `then` turns into the body; only a body in several chunks
 * goes on in a loop (`readChunks`). No async generator either: it costs several promises per chunk.
 */
export function readBody(receive: Receive, limit: number): Promise<Uint8Array> {
  let first: Promise<ReceiveEvent>;
  try {
    first = receive();
  } catch (error) {
    return Promise.reject(error);
  }
  return first.then((event) => {
    checkEvent(event);
    if (event.body.byteLength > limit) throw bodyTooLarge(limit);
    return event.moreBody ? readChunks(receive, limit, event.body) : event.body;
  });
}

/** The rest of a body that came in several chunks, `head` being the first chunk's bytes. */
async function readChunks(receive: Receive, limit: number, head: Uint8Array): Promise<Uint8Array> {
  let chunks: Uint8Array[] | undefined;
  let first: Uint8Array = head.byteLength > 0 ? head : EMPTY;
  let total = head.byteLength;
  for (;;) {
    const event = await receive();
    checkEvent(event);
    if (total + event.body.byteLength > limit) throw bodyTooLarge(limit);
    total += event.body.byteLength;
    if (event.body.byteLength > 0) {
      if (first === EMPTY) first = event.body;
      else (chunks ??= [first]).push(event.body);
    }
    if (!event.moreBody) break;
  }
  if (chunks === undefined) return first;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Whether the request's `Content-Length` declares more than `limit` bytes, so the app can answer
 * 413 without reading a byte of the body (a chunked body has no such header and is counted as it
 * streams in). A plain loop over the header pairs: no allocation on the way to a body read.
 */
export function declaresTooLarge(headers: HeaderList, limit: number): boolean {
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    if (header[0] === 'content-length') return Number(header[1]) > limit;
  }
  return false;
}

/**
 * The 413 raised when a body passes its limit, at once, leaving the rest of the body unread.
 *
 * Why not receive and drop the rest first: a client may upload slowly or without end, and the
 * request would hold its slot (and the client wait for its answer) until it stopped. A TSGI
 * server has to cope with a response that ends while the body is still arriving; the tsgi
 * server answers, then closes that connection, so the unread rest costs nothing here.
 */
export function bodyTooLarge(limit: number): HTTPException {
  return new HTTPException(413, `Request body is larger than the limit of ${limit} bytes`);
}
