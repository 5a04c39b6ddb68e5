/**
 * Reading a JSON request body, with the status each failure earns:
 *
 *   no or non-JSON Content-Type → 415   (checked first: we will not read a body we cannot parse)
 *   body over the limit         → 413   (the framework stops reading at the limit, chunked or not)
 *   malformed JSON              → 400   (the message says where parsing stopped)
 *
 * Validation of the parsed value (422) comes next, in `input-validation.ts`.
 */
import { HTTPException, type Request } from '../../app/index.js';

/** `application/json` or any `+json` type, parameters (charset) allowed. */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads and parses the body; throws the HTTPException for 415, 413 or 400. */
export async function readJsonBody(request: Request<object>): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  if (!isJsonContentType(contentType)) {
    throw new HTTPException(415, `Expected Content-Type: application/json, got ${contentType === null ? 'none' : JSON.stringify(contentType)}`);
  }
  return request.json();
}
