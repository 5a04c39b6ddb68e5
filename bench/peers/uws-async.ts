/**
 * Peer `uws-async`: the `uws` peer made to pay what any `scope / receive / send` layer on uWS must
 * pay, and nothing else — the floor under `tsgi-raw`.
 *
 * Two costs are unavoidable for such a layer, whatever its code:
 * - **The request head is copied.** uWS's `req` lives on the C++ stack and dies when the handler
 *   returns, while a scope outlives it: method, URL, query and every header (one `forEach`
 *   callback each) become JavaScript strings.
 * - **The response is written after an `await`.** An app written as `await send(start);
 *   await send(body)` resumes in a microtask, after uWS's handler returned. uWS then insists on an
 *   abort handler (it terminates the process otherwise) and the writes need a `cork` of their own.
 *
 * The answers are computed exactly as the `uws` peer computes them (its routing, `contract.ts`), so
 * `uws-async ÷ uws` is what those two costs take on this machine, and `tsgi-raw ÷ uws-async` is what
 * the tsgi server adds on top of them.
 */
import uWS from 'uWebSockets.js';
import { ROOT_BODY, answerEcho, answerItem, type ContractAnswer } from './contract.js';
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
  aborted: boolean;
  head: CopiedHead;
}

const ROOT_ANSWER: ContractAnswer = { status: 200, body: ROOT_BODY };

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export function listen(port: number): Promise<number> {
  const app = uWS.App();
  app.get('/', (res, req) => {
    void answerAfterAwait(track(res, req), ROOT_ANSWER);
  });
  app.get('/items/:id', (res, req) => {
    const q = req.getQuery('q');
    const answer = answerItem(req.getParameter(0), q === undefined ? null : q);
    void answerAfterAwait(track(res, req), answer);
  });
  app.post('/echo', (res, req) => {
    const pending = track(res, req);
    readBody(res, (text) => void answerAfterAwait(pending, answerEcho(text)));
  });
  return echoAndListen(app, port, 'uws-async');
}

/** Copies the head and puts the abort handler on: both before the handler returns. */
function track(res: uWS.HttpResponse, req: uWS.HttpRequest): Pending {
  const headers: Array<[string, string]> = [];
  req.forEach((name, value) => {
    headers.push([name, value]);
  });
  const pending: Pending = { res, aborted: false, head: { method: req.getCaseSensitiveMethod(), url: req.getUrl(), query: req.getQuery() ?? '', headers } };
  res.onAborted(() => {
    pending.aborted = true;
  });
  return pending;
}

/** Writes `answer` one microtask later, in a cork, as a protocol layer's `send` would. */
async function answerAfterAwait(pending: Pending, answer: ContractAnswer): Promise<void> {
  await undefined;
  if (pending.aborted) return;
  pending.res.cork(() => write(pending.res, answer));
}

/** The same native calls as the `uws` peer makes: `GET /` without a status line (uWS writes "200 OK"), the rest with one. */
function write(res: uWS.HttpResponse, answer: ContractAnswer): void {
  if (answer === ROOT_ANSWER) res.writeHeader('content-type', 'application/json').end(ROOT_BODY);
  else reply(res, answer);
}
