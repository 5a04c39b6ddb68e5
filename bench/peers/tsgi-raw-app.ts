/**
 * The benchmark contract as one raw TSGI application: no framework, just `scope`, `receive` and
 * `send` (docs/protocol.md), routing and checks by hand with the same `contract.ts` functions as the
 * raw uWS peer — so the gap between `uws` and `tsgi-raw` is what the tsgi server's protocol layer costs.
 *
 * A response leaves in two sends (start, then the whole body as a string, which the protocol allows so
 * that JSON skips an encode-and-copy); the server is expected to write both in one cork.
 *
 * The app awaits each send, as an app written against the protocol would; it is not bent to suit the
 * server. What the server does instead (src/server/http-exchange.ts, uws-adapter.ts rule 1): each
 * await resumes in the microtask drain Node runs right after uWS's request handler, before uWS looks
 * at the response again, so the body is written inside uWS's own cork and the finished response needs
 * no abort handler — the same price to uWS as an answer given inside the handler.
 */
import type { App, Receive, Send } from '../../src/protocol/app.js';
import type { HttpScope } from '../../src/protocol/scope.js';
import type { HeaderList } from '../../src/protocol/scope.js';
import { ROOT_BODY, answerEcho, answerItem, type ContractAnswer } from './contract.js';
import { queryValue } from './query-value.js';

const JSON_HEADERS: HeaderList = [['content-type', 'application/json']];
const NOT_FOUND: ContractAnswer = { status: 404, body: '{"detail":"Not Found"}' };
const ROOT_ANSWER: ContractAnswer = { status: 200, body: ROOT_BODY };

/** The raw TSGI app serving `GET /`, `GET /items/{id}`, `POST /echo` and the `/ws` echo. */
export const rawContractApp: App = async (scope, receive, send) => {
  if (scope.type === 'http') {
    // Only POST /echo has a body to wait for; the GET answers are computed without an await.
    const answer = scope.method === 'POST' && scope.path === '/echo' ? answerEcho(await readText(receive)) : answerGet(scope);
    await send({ type: 'http.response.start', status: answer.status, headers: JSON_HEADERS });
    await send({ type: 'http.response.body', body: answer.body });
    return;
  }
  if (scope.type === 'websocket') return scope.path === '/ws' ? echoMessages(receive, send) : refuseWebSocket(receive, send);
  // Lifespan: nothing to set up, but a well-behaved app acknowledges both phases.
  for (;;) {
    const event = await receive();
    if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
    else if (event.type === 'lifespan.shutdown') return send({ type: 'lifespan.shutdown.complete' });
  }
};

function answerGet(scope: HttpScope): ContractAnswer {
  const { method, path } = scope;
  if (method === 'GET' && path === '/') return ROOT_ANSWER;
  // `/items/` with nothing after it has no id segment, so no route: 404 as in the other hand-written peers.
  if (method === 'GET' && path.length > 7 && path.startsWith('/items/') && path.indexOf('/', 7) === -1) {
    const q = scope.queryString === '' ? null : queryValue(scope.queryString, 'q');
    return answerItem(path.slice(7), q);
  }
  return NOT_FOUND;
}

/** Reads `http.request` events until `moreBody` is false; one chunk (the usual case) is decoded in place. */
async function readText(receive: Receive): Promise<string> {
  const first = await receive();
  if (first.type !== 'http.request') return '';
  if (!first.moreBody) return utf8(first.body);
  const chunks: Uint8Array[] = [first.body];
  for (;;) {
    const event = await receive();
    if (event.type !== 'http.request') return '';
    chunks.push(event.body);
    if (!event.moreBody) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

const UTF8 = new TextDecoder();
/**
 * UTF-8 text of `bytes` without copying them first. A decoder reads the view as it is; going through
 * `bytes.buffer` (as `Buffer.from(buffer, offset, length)` must) would move a small body that V8
 * keeps inside its heap out to a backing store of its own.
 */
function utf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** A WebSocket on any path but `/ws`: closed before the accept, which the server answers with 403. */
async function refuseWebSocket(receive: Receive, send: Send): Promise<void> {
  const event = await receive();
  if (event.type === 'websocket.connect') await send({ type: 'websocket.close' });
}

async function echoMessages(receive: Receive, send: Send): Promise<void> {
  for (;;) {
    const event = await receive();
    if (event.type === 'websocket.connect') await send({ type: 'websocket.accept' });
    else if (event.type === 'websocket.receive') await send(event.text !== undefined ? { type: 'websocket.send', text: event.text } : { type: 'websocket.send', bytes: event.bytes! });
    else return;
  }
}
