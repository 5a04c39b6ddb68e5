/**
 * What the test client hands back for an HTTP request: the response, recorded event by event.
 *
 * `TestResponse` is a finished response with the body joined and still available chunk by chunk
 * (one chunk per `http.response.body` event, so a test can assert how an app streamed).
 * `StreamingTestResponse` is handed over as soon as `http.response.start` arrives, for apps whose
 * body never ends or arrives over time; the test pulls chunks as they come and may disconnect.
 */
import type { HeaderList } from '../scope.js';
import { headerValue, headerValues } from '../headers.js';

/** A complete HTTP response. */
export interface TestResponse {
  /** The status the app sent; `0` if the client disconnected before the app started a response. */
  status: number;
  /** Response headers as the app sent them, in order. */
  headers: HeaderList;
  /** First value of a header, case-insensitive; `undefined` when absent. */
  header(name: string): string | undefined;
  /** Every value of a header, case-insensitive. */
  headerValues(name: string): string[];
  /** The whole body. */
  body: Uint8Array;
  /** The body decoded as UTF-8. */
  text: string;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
  /** The body as the app sent it: one entry per `http.response.body` event. */
  chunks: Uint8Array[];
}

/** A response whose body is still arriving. */
export interface StreamingTestResponse {
  /** The status from `http.response.start`. */
  status: number;
  /** Response headers as the app sent them, in order. */
  headers: HeaderList;
  /** First value of a header, case-insensitive; `undefined` when absent. */
  header(name: string): string | undefined;
  /**
   * The body chunks, one per `http.response.body` event, as the app sends them. Ends after the
   * last chunk, or when the app returns after a `disconnect()`; throws what the app threw.
   */
  chunks(): AsyncIterable<Uint8Array>;
  /** Tells the app the client went away (`http.disconnect`). */
  disconnect(): void;
  /** Resolves when the app returns; rejects with its error. */
  finished: Promise<void>;
}

/** Joins chunks into one buffer. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** A `TestResponse` built from the recorded start event and body chunks. */
export class RecordedResponse implements TestResponse {
  readonly body: Uint8Array;

  constructor(
    readonly status: number,
    readonly headers: HeaderList,
    readonly chunks: Uint8Array[],
  ) {
    this.body = concatBytes(chunks);
  }

  get text(): string {
    return new TextDecoder().decode(this.body);
  }

  header(name: string): string | undefined {
    return headerValue(this.headers, name);
  }

  headerValues(name: string): string[] {
    return headerValues(this.headers, name);
  }

  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }
}
