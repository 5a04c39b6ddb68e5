/**
 * FileResponse: a file from disk, with validators and byte ranges.
 *
 * On `send` the file is stat'ed once; that gives `content-length`, `last-modified` and an `etag`
 * (size and modification time, the same recipe nginx uses). Then, in this order:
 *  1. `If-None-Match` / `If-Modified-Since` that still match → 304 with no body (RFC 9110 §13.2.2);
 *  2. a single `Range: bytes=a-b` (also `a-` and `-n`), honoured unless `If-Range` names another
 *     version or the file is empty → 206 with `content-range`; a range that starts past the end → 416 with
 *     `content-range: bytes *\/size`; multiple ranges or bad syntax → the whole file (allowed by RFC 9110 §14.2);
 *  3. otherwise the whole file: through the server's `http.response.pathsend` extension when it has
 *     one, else streamed in 64 KiB chunks.
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Receive, Send } from '../../protocol/app.js';
import type { HeaderList, HttpScope } from '../../protocol/scope.js';
import { HTTPException } from '../errors.js';
import { findHeader } from '../headers.js';
import { mediaTypeFor } from './media-types.js';
import { Response, type ResponseInit } from './response.js';

/** Options of a file response. */
export interface FileResponseInit extends ResponseInit {
  /** Sets `content-disposition: attachment; filename="..."`. */
  filename?: string;
  /** Overrides the media type guessed from the extension. */
  mediaType?: string;
  /** A stat result the caller already has (saves one system call). */
  stat?: Stats;
}

const CHUNK_SIZE = 64 * 1024;

/** A byte range, inclusive at both ends. */
interface ByteRange {
  start: number;
  end: number;
}

/**
 * A response that sends a file from disk (via `http.response.pathsend` when the server offers it).
 *
 * @example
 * ```ts
 * app.get('/report', () => new FileResponse('/srv/report.pdf', { filename: 'report.pdf' }));
 * ```
 */
export class FileResponse extends Response {
  constructor(
    /** The file to send; read when the response is sent, not when it is built. */
    readonly path: string,
    private readonly init: FileResponseInit = {},
  ) {
    super('', init);
  }

  override async send(scope: HttpScope, _receive: Receive, send: Send): Promise<void> {
    const info = this.init.stat ?? (await statFile(this.path));
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const headers: HeaderList = [
      ...this.headers,
      ['content-type', this.init.mediaType ?? mediaTypeFor(this.path)],
      ['etag', etag],
      ['last-modified', lastModified],
      ['accept-ranges', 'bytes'],
    ];
    if (this.init.filename !== undefined) headers.push(['content-disposition', attachmentDisposition(this.init.filename)]);
    if (notModified(scope.headers, etag, info.mtimeMs)) {
      await send({ type: 'http.response.start', status: 304, headers: headers.filter((h) => h[0] !== 'content-type') });
      await send({ type: 'http.response.body', body: '' });
      return;
    }
    const range = requestedRange(scope.headers, etag, lastModified, info.size);
    if (range === 'unsatisfiable') {
      await send({ type: 'http.response.start', status: 416, headers: [['content-range', `bytes */${info.size}`]] });
      await send({ type: 'http.response.body', body: '' });
      return;
    }
    const { start, end } = range ?? { start: 0, end: info.size - 1 };
    const length = Math.max(0, end - start + 1);
    headers.push(['content-length', String(length)]);
    if (range !== null) headers.push(['content-range', `bytes ${start}-${end}/${info.size}`]);
    await send({ type: 'http.response.start', status: range === null ? this.status : 206, headers });
    if (scope.method === 'HEAD' || length === 0) {
      await send({ type: 'http.response.body', body: '' });
    } else if (range === null && scope.extensions?.['http.response.pathsend'] !== undefined) {
      await send({ type: 'http.response.pathsend', path: this.path });
    } else {
      await streamFile(this.path, start, end, send);
    }
  }
}

/**
 * `attachment; filename="..."` for a download name. A header value holds only latin-1, so a name
 * with other characters (`报告.pdf`) also goes in RFC 6266's `filename*=UTF-8''...`, percent-encoded,
 * which browsers prefer; the plain `filename` then carries an ASCII stand-in for old clients.
 * Quotes, backslashes and control characters never reach the header.
 */
export function attachmentDisposition(filename: string): string {
  // Lone surrogates too: `encodeURIComponent` throws on them.
  const safe = filename.replace(/[\x00-\x1f\x7f"\\]|\p{Cs}/gu, '_');
  const plain = safe.replace(/[^\x20-\x7e]/g, '_');
  if (plain === safe) return `attachment; filename="${plain}"`;
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}

async function statFile(path: string): Promise<Stats> {
  try {
    const info = await stat(path);
    if (info.isFile()) return info;
  } catch {
    // Missing or unreadable: the same answer as "not a file", without saying which.
  }
  throw new HTTPException(404, `File not found: ${basename(path)}`);
}

async function streamFile(path: string, start: number, end: number, send: Send): Promise<void> {
  const stream = createReadStream(path, { start, end, highWaterMark: CHUNK_SIZE });
  try {
    for await (const chunk of stream) {
      await send({ type: 'http.response.body', body: chunk as Buffer, moreBody: true });
    }
  } finally {
    stream.destroy();
  }
  await send({ type: 'http.response.body', body: '', moreBody: false });
}

/** RFC 9110 §13.1.2–13.1.3: `If-None-Match` wins over `If-Modified-Since` when both are present. */
function notModified(headers: HeaderList, etag: string, mtimeMs: number): boolean {
  const ifNoneMatch = findHeader(headers, 'if-none-match');
  if (ifNoneMatch !== null) {
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const ifModifiedSince = findHeader(headers, 'if-modified-since');
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/** The single range asked for; `null` means "send everything". */
function requestedRange(headers: HeaderList, etag: string, lastModified: string, size: number): ByteRange | null | 'unsatisfiable' {
  const header = findHeader(headers, 'range');
  if (header === null) return null;
  const ifRange = findHeader(headers, 'if-range');
  if (ifRange !== null && ifRange !== etag && ifRange !== lastModified) return null;
  return parseRange(header, size);
}

/** Parses `bytes=a-b`, `bytes=a-`, `bytes=-n`; anything else (including several ranges) → `null`. */
export function parseRange(header: string, size: number): ByteRange | null | 'unsatisfiable' {
  // An empty file has no byte to point at (`bytes=-5` would give `0--1`): send it whole.
  if (size === 0) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
