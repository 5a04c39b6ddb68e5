/**
 * multipart/form-data parsing (RFC 7578) over a body already read under the size limit.
 *
 * The body is a sequence of parts separated by `--boundary` lines; each part has its own headers
 * (`Content-Disposition: form-data; name="..."; filename="..."`, optionally `Content-Type`), a blank
 * line, and content that ends at the next `CRLF--boundary`. Parts with a filename become
 * `UploadFile`s. Any deviation from that shape is a 400 naming what was expected; a file over
 * `maxFileSize` or more than `maxFiles` files is a 413.
 */
import { HTTPException } from './errors.js';
import { FormData, UploadFile, type FormValue } from './form-data.js';

/** Limits applied while parsing. */
export interface MultipartLimits {
  /** Largest single file, in bytes (default 1 MiB). */
  maxFileSize?: number;
  /** Most files in one form (default 100). */
  maxFiles?: number;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Extracts the boundary from a `Content-Type: multipart/form-data; boundary=...` value. */
export function multipartBoundary(contentType: string): string | null {
  const params = parseHeaderParams(contentType);
  const boundary = params.get('boundary');
  return boundary === undefined || boundary.length === 0 || boundary.length > 70 ? null : boundary;
}

/** Parses a multipart body into form data. */
export function parseMultipart(body: Uint8Array, boundary: string, limits: MultipartLimits = {}): FormData {
  const maxFileSize = limits.maxFileSize ?? 1024 * 1024;
  const maxFiles = limits.maxFiles ?? 100;
  const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let position = data.indexOf(opening);
  if (position === -1) throw malformed('the opening boundary line');
  position += opening.length;
  const entries: Array<[string, FormValue]> = [];
  let files = 0;
  for (;;) {
    if (data[position] === 45 && data[position + 1] === 45) break; // `--`: the closing boundary
    if (!data.subarray(position, position + 2).equals(CRLF)) throw malformed('CRLF after a boundary');
    const headersEnd = data.indexOf(HEADER_END, position + 2);
    if (headersEnd === -1) throw malformed('a blank line after the part headers');
    const headers = parsePartHeaders(headerText(data.subarray(position + 2, headersEnd)));
    const contentStart = headersEnd + 4;
    const contentEnd = data.indexOf(delimiter, contentStart);
    if (contentEnd === -1) throw malformed('a boundary after the part content');
    entries.push(toEntry(headers, data.subarray(contentStart, contentEnd)));
    if (entries[entries.length - 1]![1] instanceof UploadFile) {
      files += 1;
      if (files > maxFiles) throw new HTTPException(413, `Too many files in the form (limit ${maxFiles})`);
      if (contentEnd - contentStart > maxFileSize) {
        throw new HTTPException(413, `Uploaded file is larger than the limit of ${maxFileSize} bytes`);
      }
    }
    position = contentEnd + delimiter.length;
  }
  return new FormData(entries);
}

function toEntry(headers: Array<[string, string]>, content: Buffer): [string, FormValue] {
  const disposition = headers.find((h) => h[0] === 'content-disposition')?.[1];
  if (disposition === undefined) throw malformed('a Content-Disposition header in every part');
  const params = parseHeaderParams(disposition);
  const name = params.get('name');
  if (name === undefined) throw malformed('a name in Content-Disposition');
  // RFC 7578 §4.2 forbids `filename*`, but some clients send it (alone, or beside `filename`):
  // either way the part is a file, and the extended form carries the real name.
  const filename = extendedValue(params.get('filename*')) ?? params.get('filename');
  if (filename === undefined) return [name, content.toString('utf8')];
  const contentType = headers.find((h) => h[0] === 'content-type')?.[1] ?? 'application/octet-stream';
  // Copy: the file must outlive the request body buffer it was cut from.
  return [name, new UploadFile(filename, contentType, new Uint8Array(content), headers)];
}

/** An RFC 8187 `UTF-8''percent-encoded` value, decoded; `undefined` when absent or not in that form. */
function extendedValue(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^utf-8'[^']*'(.*)$/i.exec(value);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * Part headers as text. Browsers write a file or field name as raw UTF-8 (`filename="报告.pdf"`),
 * so the bytes are read as UTF-8 — as latin-1 the name would arrive garbled ("æŠ¥å‘Š.pdf") —
 * and as latin-1 only when they are not valid UTF-8 (an old client's latin-1 name).
 */
function headerText(bytes: Buffer): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function parsePartHeaders(text: string): Array<[string, string]> {
  return text.split('\r\n').map((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('"Name: value" part header lines');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
}

/** Parameters of a header value like `form-data; name="a"; filename="b.txt"` (names lower-cased). */
export function parseHeaderParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const piece of splitParams(value).slice(1)) {
    const eq = piece.indexOf('=');
    if (eq === -1) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    let v = piece.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(key, v);
  }
  return params;
}

/** Splits on `;` outside double quotes, so `filename="a;b.txt"` stays whole. */
function splitParams(value: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && quoted) {
      current += c + (value[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ';' && !quoted) {
      pieces.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  pieces.push(current);
  return pieces;
}

function malformed(expected: string): HTTPException {
  return new HTTPException(400, `Malformed multipart body: expected ${expected}`, undefined, { code: 'malformed_multipart' });
}
