/**
 * Peer `uws-async`: the `uws` peer made to pay what any `scope / receive / send` layer on uWS must
 * pay, and nothing else — the floor under `tsgi-raw`.
 *
 * Two costs are unavoidable for such a layer, whatever its code:
 * - **The request head is copied.** uWS's `req` lives on the C++ stack and dies when the handler
 *   returns, while a scope outlives it: method, URL, query and every header (one `forEach`
 *   callback each) become JavaScript strings.
 * - **The response is written after an `await`.** An app written as `await send(start);
 *   await send(body)` resumes in a microtask, after uWS's handler returned. That microtask still
 *   runs before uWS looks at the response: uWebSockets.js calls the handler through
 *   `node::MakeCallback`, which drains the microtask queue first, with uWS's cork still on (see
 *   src/server/uws-adapter.ts, rules 1 and 4). So an answer written there needs neither a `cork`
 *   nor an abort handler, and this peer pays neither: what it must pay is the resumption, and a
 *   microtask queued as the handler returns that puts the abort handler on if the response is
 *   still unfinished by then (always so for `POST /echo`, whose body arrives after the handler;
 *   never for the `GET`s). uWS's data callback is corked and drained the same way, so the echo
 *   written right after the body's last chunk needs no `cork` either. A write after real waiting
 *   would need its own cork; none happens here.
 *
 * The answers are computed exactly as the `uws` peer computes them (its routing, `contract.ts`), so
 * `uws-async ÷ uws` is what those two costs take on this machine, and `tsgi-raw ÷ uws-async` is what
 * the tsgi server adds on top of them.
 */
import uWS from 'uWebSockets.js';
import { ROOT_BODY, answerEcho, answerItem, type ContractAnswer } from './contract.js';
import { decodeSegment, queryValue } from './query-value.js';
import { echoAndListen, readBody, reply } from './uws.js';

/** What the handler copied out of `req`; kept alive past the handler, as a scope would be. */
interface CopiedHead {
  method: string;
  url: string;
  query: string;
  headers: Array<[string, string]>;
}

/** One response in flight: the client may leave before the write. */
interface Pending {
  res: uWS.HttpResponse;
  done: boolean;
  aborted: boolean;
  head: CopiedHead;
}

const ROOT_ANSWER: ContractAnswer = { status: 200, body: ROOT_BODY };
const RESOLVED = Promise.resolve();

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export function listen(port: number): Promise<number> {
  const app = uWS.App();
  app.get('/', (res, req) => {
    const pending = track(res, req);
    void answerAfterAwait(pending, ROOT_ANSWER);
    guardAfterDrain(pending);
  });
  app.get('/items/:id', (res, req) => {
    const answer = answerItem(decodeSegment(req.getParameter(0) ?? ''), queryValue(req.getQuery() ?? '', 'q'));
    const pending = track(res, req);
    void answerAfterAwait(pending, answer);
    guardAfterDrain(pending);
  });
  app.post('/echo', (res, req) => {
    const pending = track(res, req);
    readBody(res, (text) => {
      // The body's callback is uWS's data callback: corked and drained the same way.
      void answerAfterAwait(pending, answerEcho(text));
      guardAfterDrain(pending);
    });
    guardAfterDrain(pending);
  });
  return echoAndListen(app, port, 'uws-async');
}

/** Copies the head before the handler returns. */
function track(res: uWS.HttpResponse, req: uWS.HttpRequest): Pending {
  const headers: Array<[string, string]> = [];
  req.forEach((name, value) => {
    headers.push([name, value]);
  });
  return { res, done: false, aborted: false, head: { method: req.getCaseSensitiveMethod(), url: req.getUrl(), query: req.getQuery() ?? '', headers } };
}

/**
 * The response whose handler just returned, until the microtask queued then runs: one at a time,
 * since each handler's drain runs before uWS parses the next request (a module variable and one
 * shared function, rather than a closure per request — as the tsgi server does it).
 */
let awaitingDrain: Pending | undefined;
function drainEnded(): void {
  const pending = awaitingDrain;
  if (pending === undefined) return;
  awaitingDrain = undefined;
  if (!pending.done) {
    pending.res.onAborted(() => {
      pending.aborted = true;
    });
  }
}
function guardAfterDrain(pending: Pending): void {
  awaitingDrain = pending;
  void RESOLVED.then(drainEnded);
}

/**
 * Writes `answer` one microtask later, as a protocol layer's `send` would: still inside uWS's cork
 * (the drain after the handler, or after the body's last chunk), in a cork of its own otherwise.
 */
async function answerAfterAwait(pending: Pending, answer: ContractAnswer): Promise<void> {
  await undefined;
  if (pending.aborted) return;
  pending.done = true;
  if (awaitingDrain === pending) write(pending.res, answer);
  else pending.res.cork(() => write(pending.res, answer));
}

/** The same native calls as the `uws` peer makes: `GET /` without a status line (uWS writes "200 OK"), the rest with one. */
function write(res: uWS.HttpResponse, answer: ContractAnswer): void {
  if (answer === ROOT_ANSWER) res.writeHeader('content-type', 'application/json').end(ROOT_BODY);
  else reply(res, answer);
}
