/**
 * Which Content-Type values mean "this body is JSON".
 *
 * `application/json` with any parameters (`; charset=utf-8`) and any structured-syntax `+json`
 * type (RFC 6839: `application/merge-patch+json`, `application/problem+json`) are JSON; anything
 * else sent to a JSON route is answered with 415.
 */

/** True when `contentType` names a JSON media type. */
export function isJsonContentType(contentType: string): boolean {
  if (contentType === 'application/json') return true;
  const semicolon = contentType.indexOf(';');
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (media === 'application/json') return true;
  const slash = media.indexOf('/');
  return slash > 0 && media.endsWith('+json') && media.indexOf('/', slash + 1) === -1 && media.length > slash + 6;
}
