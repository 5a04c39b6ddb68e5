/**
 * Request body flow control: from uWS `onData` chunks to `http.request` events, never buffered
 * whole.
 *
 * Where it sits: between `res.onData` (uws-adapter.ts rule 3: each chunk is copied before the
 * callback returns) and the app's `receive()`. Chunks queue here until the app asks for them.
 * When the queue holds more than `HIGH_WATER_BYTES`, the socket is paused (`res.pause()`), so a
 * slow app makes the client wait instead of making memory grow; when the app has drained the
 * queue the socket is resumed. The body limit is counted here too, so a chunked body that grows
 * past `maxBodySize` is cut off the moment it does.
 */
import type { HttpResponse } from './uws-adapter.js';
import type { HttpReceiveEvent } from '../protocol/index.js';

/** Bytes queued before the socket is paused. */
export const HIGH_WATER_BYTES = 256 * 1024;

/** The event `receive()` answers with once the client is gone. */
export const DISCONNECT_EVENT: Readonly<HttpReceiveEvent> = Object.freeze({ type: 'http.disconnect' });

/** What the body stream tells its exchange. */
export interface BodyOwner {
  /** The body went over the limit: answer 413 (or close) and stop reading. */
  bodyTooLarge(): void;
}

/**
 * Copies a chunk into memory of its own. `new Uint8Array(length)` rather than `chunk.slice(0)`:
 * V8 keeps a small typed array (up to 64 bytes) inside the JS heap, where allocating it costs
 * about as much as an object, while `ArrayBuffer.prototype.slice` always creates an external
 * backing store. Not Node's `Buffer` pool either: a pooled slice's `.buffer` would expose other
 * data of this process to an app that reads the whole `ArrayBuffer`.
 */
function copyChunk(chunk: ArrayBuffer): Uint8Array {
  const copy = new Uint8Array(chunk.byteLength);
  copy.set(new Uint8Array(chunk));
  return copy;
}

/** One request's body, from the socket to the app. */
export class RequestBodyStream {
  /** Events that arrived before the app asked; made on the first one (most bodies never queue). */
  private queue: HttpReceiveEvent[] | undefined;
  private queuedBytes = 0;
  private received = 0;
  private paused = false;
  private lastQueued = false;
  /** `true` once the event with `moreBody: false` has been handed to the app. */
  finished = false;
  private gone = false;
  private waiter: ((event: HttpReceiveEvent) => void) | undefined;

  constructor(
    private readonly res: HttpResponse,
    private readonly maxBytes: number,
    private readonly owner: BodyOwner,
  ) {}

  /** Takes one `onData` chunk. Copies it: uWS neuters it when the callback returns. */
  take(chunk: ArrayBuffer, isLast: boolean): void {
    if (this.gone) return;
    this.received += chunk.byteLength;
    if (this.received > this.maxBytes) {
      this.gone = true;
      this.owner.bodyTooLarge();
      return;
    }
    const event: HttpReceiveEvent = { type: 'http.request', body: copyChunk(chunk), moreBody: !isLast };
    if (isLast) this.lastQueued = true;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      this.hand(event);
      resolve(event);
      return;
    }
    (this.queue ??= []).push(event);
    this.queuedBytes += chunk.byteLength;
    if (!this.paused && !isLast && this.queuedBytes > HIGH_WATER_BYTES) {
      this.paused = true;
      this.res.pause();
    }
  }

  /** The next body event: queued, or the next to arrive. */
  next(): Promise<HttpReceiveEvent> {
    const event = this.queue?.shift();
    if (event !== undefined) {
      this.queuedBytes -= event.type === 'http.request' ? event.body.byteLength : 0;
      this.hand(event);
      if (this.paused && this.queuedBytes === 0 && !this.gone) {
        this.paused = false;
        this.res.resume();
      }
      return Promise.resolve(event);
    }
    if (this.gone) return Promise.resolve(DISCONNECT_EVENT);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /**
   * The response is about to end while the body may still be arriving (an app that answers without
   * reading it, an early 413): a paused socket is resumed now, while `res` may still be touched, and
   * every chunk from here on is dropped. uWS keeps handing over the rest of the body after the
   * response ended; queuing it would pause a finished response, which throws inside uWS's callback.
   * Returns `true` when the body was still arriving (the connection should close after the answer).
   */
  stop(): boolean {
    if (this.paused) {
      this.paused = false;
      this.res.resume();
    }
    const stillArriving = !this.lastQueued && !this.gone;
    this.disconnect();
    return stillArriving;
  }

  /** The client left (or the server cut the body off): a waiting `receive()` gets `http.disconnect`. */
  disconnect(): void {
    this.gone = true;
    this.queue = undefined;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.(DISCONNECT_EVENT);
  }

  /** `true` when the whole body arrived (queued or handed out). */
  get complete(): boolean {
    return this.lastQueued;
  }

  private hand(event: HttpReceiveEvent): void {
    if (event.type === 'http.request' && !event.moreBody) this.finished = true;
  }
}
