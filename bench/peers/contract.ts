/**
 * The benchmark contract, answered by hand: what every peer must reply on `GET /`, `GET /items/{id}`
 * and `POST /echo`.
 *
 * Peers without a validator of their own (raw uWebSockets.js, node:http, the raw TSGI app) call these
 * functions, so all of them compute the same bytes the same way and differ only in the server under
 * them. Error bodies follow FastAPI's shape (`{"detail": ...}`) so every peer answers alike.
 */

/** A computed answer: status code and JSON text. */
export interface ContractAnswer {
  status: number;
  body: string;
}

/** The body of `GET /`, serialised once. */
export const ROOT_BODY = '{"api":"fastit"}';

/** The common case, read without the slower rules below: an optional minus and up to 15 digits. */
const PLAIN_INTEGER = /^-?\d{1,15}$/;

/**
 * What else Pydantic v2 (so FastAPI, and the tsgi framework) reads as an integer from text: an
 * optional sign, digits with single `_` between groups, then at most a fraction of zeros
 * (`+5`, `1_000`, `4.0`), surrounded by whitespace or not. Not `1.5`, `1.`, `1e3`, `0x10`, `_1`.
 */
const INTEGER = /^([+-]?)(\d+(?:_\d+)*)(?:\.0+)?$/;

/** Unicode White_Space at either end, which Pydantic trims (it includes U+0085, and not U+FEFF). */
const EDGE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** The largest body `/echo` reads, as the tsgi server and Fastify default to: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

/** The answer to any path outside the contract, in FastAPI's words. */
export const NOT_FOUND: ContractAnswer = { status: 404, body: '{"detail":"Not Found"}' };

/** The answer to a body over {@link BODY_LIMIT}. */
export const TOO_LARGE: ContractAnswer = { status: 413, body: `{"detail":"Request body is larger than ${BODY_LIMIT} bytes"}` };

/**
 * Answers `GET /items/{id}?q=...` (`idText` already percent-decoded): 200 with the id as a number,
 * 422 when it is not an integer or not one JavaScript holds exactly (beyond ±(2^53 − 1), as the
 * tsgi framework refuses it too).
 */
export function answerItem(idText: string, q: string | null): ContractAnswer {
  const id = PLAIN_INTEGER.test(idText) ? Number(idText) : readInteger(idText);
  if (id === undefined) return unprocessable(['path', 'item_id'], 'Input should be a valid integer', 'int_parsing');
  if (!Number.isSafeInteger(id)) return unprocessable(['path', 'item_id'], `Input should be an integer between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`, 'int_too_big');
  return { status: 200, body: JSON.stringify({ item_id: id, q }) };
}

/** The integer in `text` by the Pydantic rules above, or `undefined`. */
function readInteger(text: string): number | undefined {
  const match = INTEGER.exec(text.replace(EDGE_SPACE, ''));
  if (match === null) return undefined;
  const value = Number(match[2]!.replaceAll('_', ''));
  // -0 is 0, as Python has it.
  return match[1] === '-' && value !== 0 ? -value : value;
}

/**
 * Answers `POST /echo`: the same object back, 400 on malformed JSON, 422 on a missing or non-string
 * field — and 422 for no body at all, which FastAPI reads as a missing body, not as bad JSON. A UTF-8
 * byte-order mark is skipped, as Python's `json.loads` on bytes and a `TextDecoder` skip it.
 */
export function answerEcho(bodyText: string): ContractAnswer {
  if (bodyText === '') return unprocessable(['body'], 'Field required', 'missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText.charCodeAt(0) === 0xfeff ? bodyText.slice(1) : bodyText);
  } catch {
    return { status: 400, body: '{"detail":"There was an error parsing the body"}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return unprocessable(['body'], 'Input should be an object', 'model_attributes_type');
  }
  const fields = parsed as Record<string, unknown>;
  for (const name of ['title', 'description']) {
    if (!(name in fields)) return unprocessable(['body', name], 'Field required', 'missing');
    if (typeof fields[name] !== 'string') return unprocessable(['body', name], 'Input should be a string', 'string_type');
  }
  // Echo only the declared fields, as a validating framework with a response model would.
  return { status: 200, body: JSON.stringify({ title: fields.title, description: fields.description }) };
}

function unprocessable(loc: string[], msg: string, type: string): ContractAnswer {
  return { status: 422, body: JSON.stringify({ detail: [{ loc, msg, type }] }) };
}
