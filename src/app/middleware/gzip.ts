/**
 * GZip middleware: compresses responses for clients that accept gzip, without breaking streaming.
 *
 * The decision waits for the first body event, because only then is the shape of the response known:
 *  - a one-event body (`moreBody` false): compressed in one go if it is at least `minimumSize`
 *    bytes, with a new `content-length`; small bodies go out as they are (gzip would grow them);
 *  - a streamed body (`moreBody` true): each chunk is compressed and flushed (`Z_SYNC_FLUSH`) before
 *    it is sent, so the client can decode every chunk when it arrives instead of waiting for the end.
 * Left alone: clients without `gzip` in `Accept-Encoding`, responses that already have a
 * `content-encoding`, byte ranges (206), Server-Sent Events (proxies and browsers handle them best uncompressed),
 * `pathsend` files, and everything that is not HTTP. Compressed responses say `vary: Accept-Encoding`.
 */
import { constants, createGzip, gzipSync, type Gzip } from 'node:zlib';
import type { App, Middleware, Send } from '../../protocol/app.js';
import type { Body, HttpResponseStartEvent, SendEvent } from '../../protocol/events.js';
import type { HeaderList } from '../../protocol/scope.js';
import { findHeader } from '../headers.js';

/** Options of `gzip`. */
export interface GzipOptions {
  /** Smallest one-event body worth compressing, in bytes (default 500). */
  minimumSize?: number;
  /** zlib level 1–9 (default 6). */
  level?: number;
}

function acceptsGzip(header: string | null): boolean {
  return header !== null && header.split(',').some((part) => part.trim().toLowerCase().startsWith('gzip') && !/;\s*q=0(\.0*)?\s*$/.test(part));
}

function toBuffer(body: Body | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function compressedHeaders(headers: HeaderList, length: number | null): HeaderList {
  const out: HeaderList = headers.filter((h) => h[0] !== 'content-length');
  out.push(['content-encoding', 'gzip'], ['vary', 'Accept-Encoding']);
  if (length !== null) out.push(['content-length', String(length)]);
  return out;
}

/** Whether the start event rules compression out whatever the body. */
function leaveAlone(start: HttpResponseStartEvent): boolean {
  const headers = start.headers ?? [];
  if (findHeader(headers, 'content-encoding') !== null) return true;
  // A byte range (206, `Content-Range`) counts bytes of the uncompressed file: compressing the
  // part would make the client splice gzip bytes into its copy of the file.
  if (start.status === 206 || findHeader(headers, 'content-range') !== null) return true;
  return (findHeader(headers, 'content-type') ?? '').startsWith('text/event-stream');
}

/**
 * @example
 * ```ts
 * new App({ middleware: [gzip({ minimumSize: 1000 })] });
 * ```
 */
export function gzip(options: GzipOptions = {}): Middleware {
  const minimumSize = options.minimumSize ?? 500;
  const level = options.level ?? 6;
  return (next: App): App =>
    async (scope, receive, send) => {
      if (scope.type !== 'http' || !acceptsGzip(findHeader(scope.headers, 'accept-encoding'))) return next(scope, receive, send);
      return next(scope, receive, compressingSend(send, minimumSize, level));
    };
}

/** A `send` that holds the start event until the first body event decides how to answer. */
function compressingSend(send: Send, minimumSize: number, level: number): Send {
  let start: HttpResponseStartEvent | null = null;
  let mode: 'undecided' | 'plain' | 'stream' = 'undecided';
  let stream: Gzip | null = null;
  return async (event: SendEvent) => {
    if (event.type === 'http.response.start') {
      start = event;
      if (leaveAlone(event)) {
        mode = 'plain';
        return send(event);
      }
      return;
    }
    if (mode === 'plain' || start === null) return send(event);
    if (event.type !== 'http.response.body') {
      mode = 'plain';
      await send(start);
      return send(event);
    }
    if (mode === 'undecided') {
      const body = toBuffer(event.body);
      if (!event.moreBody) {
        mode = 'plain';
        if (body.length < minimumSize) {
          await send(start);
          return send(event);
        }
        const compressed = gzipSync(body, { level });
        await send({ ...start, headers: compressedHeaders(start.headers ?? [], compressed.length) });
        return send({ type: 'http.response.body', body: compressed });
      }
      mode = 'stream';
      stream = createGzip({ level });
      await send({ ...start, headers: compressedHeaders(start.headers ?? [], null) });
    }
    try {
      const piece = await compressChunk(stream!, toBuffer(event.body), !event.moreBody);
      return await send({ type: 'http.response.body', body: piece, moreBody: event.moreBody ?? false });
    } catch (error) {
      // The client is gone or zlib failed: free the compressor's native memory now, not at GC.
      stream!.destroy();
      throw error;
    }
  };
}

/** Writes one chunk and returns everything zlib produced for it (flushed, or finished when last). */
function compressChunk(stream: Gzip, chunk: Buffer, last: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const collect = (data: Buffer): void => {
      parts.push(data);
    };
    stream.on('data', collect);
    stream.once('error', reject);
    const done = (): void => {
      stream.off('data', collect);
      stream.off('error', reject);
      resolve(Buffer.concat(parts));
    };
    if (last) {
      stream.once('end', done);
      stream.end(chunk);
    } else {
      stream.write(chunk);
      stream.flush(constants.Z_SYNC_FLUSH, () => setImmediate(done));
    }
  });
}
