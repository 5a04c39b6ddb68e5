/**
 * What the response writer needs to know about a response's head before it writes it: the status
 * line's text, which of the app's headers it handles itself instead of passing them on, and which
 * statuses carry no body.
 *
 * Where it sits: read by the response writer (response-writer.ts) for every response, so each
 * check here is shaped for the hot path (a cached status line, header names compared by length and
 * first letter before any lower-casing).
 */
import { statusPhrase } from '../protocol/index.js';

const statusLines = new Map<number, string>();
/** "200 OK", built once per status code. */
export function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `${status} ${statusPhrase(status)}`;
    statusLines.set(status, line);
  }
  return line;
}

/** What `specialHeader` says a name is: none of the five, or which one. */
export const SPECIAL_NONE = 0;
export const SPECIAL_CONTENT_LENGTH = 1;
export const SPECIAL_REQUEST_ID = 2;
export const SPECIAL_SERVER = 3;
export const SPECIAL_TRANSFER_ENCODING = 4;
export const SPECIAL_CONNECTION = 5;

/**
 * Which of the five response headers the writer treats specially `name` is, in any letter case.
 * A name is lower-cased only when its length and first letter match one of them ('c' 14, 'x' 12,
 * 's' 6, 't' 17, 'c' 10), so `content-type` (12 letters, but a 'c') costs two comparisons and no
 * string scan.
 */
export function specialHeader(name: string): number {
  const length = name.length;
  if (length !== 14 && length !== 12 && length !== 6 && length !== 17 && length !== 10) return SPECIAL_NONE;
  // `| 0x20` folds an ASCII capital onto its small letter.
  const first = name.charCodeAt(0) | 0x20;
  if (length === 14 && first === 0x63) return name.toLowerCase() === 'content-length' ? SPECIAL_CONTENT_LENGTH : SPECIAL_NONE;
  if (length === 12 && first === 0x78) return name.toLowerCase() === 'x-request-id' ? SPECIAL_REQUEST_ID : SPECIAL_NONE;
  if (length === 6 && first === 0x73) return name.toLowerCase() === 'server' ? SPECIAL_SERVER : SPECIAL_NONE;
  if (length === 17 && first === 0x74) return name.toLowerCase() === 'transfer-encoding' ? SPECIAL_TRANSFER_ENCODING : SPECIAL_NONE;
  if (length === 10 && first === 0x63) return name.toLowerCase() === 'connection' ? SPECIAL_CONNECTION : SPECIAL_NONE;
  return SPECIAL_NONE;
}

/** Statuses whose responses never carry a body (RFC 9110 §6.4.1). */
export function bodyless(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}
