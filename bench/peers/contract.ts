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

/** A signed decimal integer, nothing else (`12`, `-3`; not `1.5`, `1e3`, ` 7`). */
const INTEGER_TEXT = /^-?\d{1,15}$/;

/** Answers `GET /items/{id}?q=...`: 200 with the id as a number, 422 when the id is not an integer. */
export function answerItem(idText: string, q: string | null): ContractAnswer {
  if (!INTEGER_TEXT.test(idText)) {
    return unprocessable(['path', 'item_id'], 'Input should be a valid integer', 'int_parsing');
  }
  return { status: 200, body: JSON.stringify({ item_id: Number(idText), q }) };
}

/** Answers `POST /echo`: the same object back, 400 on malformed JSON, 422 on a missing or non-string field. */
export function answerEcho(bodyText: string): ContractAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
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
