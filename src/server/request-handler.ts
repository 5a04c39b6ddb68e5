/**
 * The HTTP request handler uWS calls for every request: the server's checks, in the order they
 * run, before the app sees anything.
 *
 * 1. Read the head (request-head.ts) — synchronously, while `req` is valid.
 * 2. Ambiguous framing (a smuggling attempt) → close the connection at once, no response.
 * 3. A head over `maxHeaderSize` → 431 and close. The head is the request line and the headers
 *    together, so a huge URL meets this limit too (request-head.ts says why 431 and not 414).
 * 4. A declared body over `maxBodySize` → 413 and close, without reading the body.
 * 5. Make the exchange (http-exchange.ts), which registers the data handler.
 * 6. Ask the concurrency gate: run now, wait in the queue, or 503 with `Retry-After`.
 * 7. On the way out, the exchange queues one microtask that runs in the drain Node performs
 *    before uWS looks at the response; it registers the abort handler only if the response is
 *    still unfinished then (uws-adapter.ts rule 1). An app that answers in place, or after
 *    awaiting only settled promises, needs none.
 */
import type { Address } from '../protocol/index.js';
import type { HttpRequest, HttpResponse } from './uws-adapter.js';
import { readRequestHead } from './request-head.js';
import { connectionWithoutPeer, readConnection } from './connection-info.js';
import { HttpExchange } from './http-exchange.js';
import { ServerRejection, headTooLarge } from './errors.js';
import type { ServerRuntime } from './server-runtime.js';

/** Builds the `any('/*')` handler for one server. */
export function createRequestHandler(runtime: ServerRuntime, server: () => Address | null, tls: boolean): (res: HttpResponse, req: HttpRequest) => void {
  const options = runtime.options;
  const retryAfter: Array<[string, string]> = [['retry-after', String(options.retryAfterSeconds)]];
  // Shared by every request whose peer is read lazily: it holds only the server address and scheme.
  let withoutPeer = connectionWithoutPeer(server(), tls);
  return (res, req) => {
    const head = readRequestHead(req);
    if (head.framing === 'ambiguous') {
      // A 400 written here would be dropped by uWS; closing is what stops the smuggled request.
      runtime.counters.rejected += 1;
      runtime.log.warning('closed a connection with ambiguous request framing', { path: head.rawPath });
      res.close();
      return;
    }
    // The peer address costs a system call: read it now only when forwarded headers must be
    // checked against it or the access log will print it; otherwise the scope reads it on demand.
    const address = server();
    if (withoutPeer.server !== address) withoutPeer = connectionWithoutPeer(address, tls);
    const connection = head.forwarded || runtime.log.accessEnabled ? readConnection(res, head.headers, head.forwarded, options, address, tls) : withoutPeer;
    const exchange = new HttpExchange(res, head, connection, runtime);
    try {
      if (head.headerBytes > options.maxHeaderSize) {
        exchange.reject(headTooLarge(head.headerBytes, options.maxHeaderSize), [], true);
      } else if (head.contentLength > options.maxBodySize) {
        exchange.reject(new ServerRejection(413, 'body-too-large', `request body of ${head.contentLength} bytes exceeds the limit of ${options.maxBodySize} bytes`), [], true);
      } else if (!runtime.gate.admit(exchange)) {
        exchange.reject(new ServerRejection(503, 'over-capacity', 'the server is at capacity'), retryAfter, head.framing !== 'none');
      }
    } catch (error) {
      // Node skips the drain after a handler that threw: an unfinished response is guarded now.
      exchange.handlerThrew();
      throw error;
    }
    // Answered in place or in the microtasks right after; otherwise the abort handler goes on then.
    exchange.handlerReturned();
  };
}
