/**
 * Where the peers' answers differ, and why — the list the correctness checks consult and the report
 * prints, so that a difference is either fixed or written down, never silent.
 *
 * Every peer answers the contract's requests alike (bench/checks.ts). Beyond them, a hostile request
 * can get another status from a stack that decides differently by design (Pydantic 1's integer
 * rules, Fastify's coercion, a body limit uvicorn does not have). Each such case is listed here with
 * the peers concerned: the check for that request is not run against them, and the report's
 * "Where the answers differ" table shows it. The wording of 422 bodies differs between every stack
 * (each framework's own messages) and is not listed: the checks compare statuses for errors.
 */

/** One request some peers answer differently from the rest. */
export interface KnownDifference {
  /** The request, as the check names it (`GET /items/0x10`). */
  request: string;
  /** What most peers answer. */
  expected: string;
  /** The peers that answer otherwise, and what they answer. */
  peers: Record<string, string>;
  /** Why: inherent to the stack, or a fix still owed (and where). */
  why: string;
}

/** Every known difference on the API contract's paths. */
export const knownDifferences: KnownDifference[] = [
  {
    request: 'GET /items/9007199254740993',
    expected: '422 (not an integer JavaScript holds exactly)',
    peers: { fastapi: '200 with the id' },
    why: 'Python integers have no bound; the Node peers refuse what a JavaScript number would round.',
  },
  {
    request: 'GET /items/4.0',
    expected: '200, id 4 (Pydantic 2 reads a fraction of zeros as an integer)',
    peers: { fastapi: '422' },
    why: 'Debian ships Pydantic 1, whose int() refuses it (Pydantic 2, which the tsgi framework follows, accepts it).',
  },
  {
    request: 'GET /items/0x10',
    expected: '422',
    peers: { fastify: '200, id 16 (also 1e3 → 1000, a blank id → 0, `1.` → 1; `1_000` → 422)' },
    why: "Fastify's ajv coercion reads a path parameter with Number(); that is how Fastify users get integer parameters.",
  },
  {
    request: 'GET /items/1?q=%E9',
    expected: '200, q "\ufffd" (an invalid UTF-8 byte replaced, as URLSearchParams and Python do)',
    peers: { fastify: '200, q "%E9"' },
    why: "Fastify's query parser leaves an escape that is not UTF-8 as written.",
  },
  {
    request: 'GET /items/%zz',
    expected: '422 (a malformed escape stays as sent, and is no integer)',
    peers: { fastify: '400 FST_ERR_BAD_URL' },
    why: 'Fastify refuses a URL whose escapes do not decode before routing.',
  },
  {
    request: 'POST /echo (1.1 MB)',
    expected: '413 (the 1 MiB limit of the tsgi server and Fastify, kept by the hand-written peers)',
    peers: { fastapi: '200' },
    why: 'uvicorn and FastAPI set no body limit.',
  },
  {
    request: 'POST /echo (lone surrogate)',
    expected: '200, the string echoed as \\ud800',
    peers: { fastapi: '500' },
    why: "Python's json accepts a lone surrogate; Starlette's JSONResponse then cannot encode it as UTF-8.",
  },
  {
    request: 'POST /echo (__proto__ key)',
    expected: '200, the declared fields echoed',
    peers: { fastify: '400' },
    why: "Fastify's JSON parser refuses __proto__ keys by default (prototype-poisoning guard).",
  },
  {
    request: 'POST /echo (no Content-Type, or text/plain)',
    expected: 'not part of the contract',
    peers: { tsgi: '415 for both', fastify: '415 / 422', fastapi: '200 / 422', uws: '200', 'uws-async': '200', 'tsgi-raw': '200', 'node-http': '200' },
    why: 'The hand-written peers do not look at Content-Type; each framework has its own rule. The benchmark always sends application/json.',
  },
  {
    request: 'WS /elsewhere (an upgrade to another path)',
    expected: 'not part of the contract',
    peers: { uws: '404', 'uws-async': '404', tsgi: '403', fastapi: '403', 'node-http': 'connection dropped', fastify: 'connection dropped', 'tsgi-raw': '403' },
    why: 'Each stack refuses an unknown WebSocket path its own way.',
  },
  {
    request: 'GET /items/1/ , POST / , GET /echo',
    expected: 'not part of the contract',
    peers: { tsgi: '307 redirect / 405 / 405', fastapi: '307 redirect / 405 / 405' },
    why: 'The frameworks redirect a trailing slash and answer 405 for a known path with another method (Starlette does both); the others answer 404.',
  },
];

/** Whether `peer` is known to answer `request` differently (its check is then not run against it). */
export function differsOn(peer: string, request: string): boolean {
  return knownDifferences.some((difference) => difference.request === request && peer in difference.peers);
}
