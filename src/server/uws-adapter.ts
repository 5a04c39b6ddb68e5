/**
 * The one door to uWebSockets.js: every other server file reaches the native library through here.
 *
 * uWebSockets.js is fast because it hands JavaScript views into C++ memory and trusts the caller
 * to follow its rules. Breaking one crashes the process or corrupts a response, so the rules are
 * written down once, here, and every file that touches a `res` follows them:
 *
 * 1. **Abort handler before uWS looks.** A response not finished when uWS gets control back
 *    from its request handler needs `res.onAborted`; otherwise uWS terminates the process (at
 *    once, or when the client leaves). uWS looks *after* the microtask queue drained:
 *    uWebSockets.js calls every request handler through `node::MakeCallback`, whose outermost
 *    call runs the queued microtasks (and `process.nextTick` callbacks) before returning to C++.
 *    Each request is its own outermost call — pipelined requests in one TCP read too, each drained
 *    before the next is parsed — because uWS calls the handler only from its event loop, never
 *    from inside a call JavaScript makes into it (checked: `end`, `cork`, `pause`, `resume`).
 *    So a response finished by a microtask queued during the handler needs no abort handler, and
 *    the exchange registers one from the microtask it queues as the handler returns, only if the
 *    response is still unfinished then (http-exchange.ts, `drainEnded`). Anything later —
 *    a timer, I/O, `setImmediate` — is too late. `endWithoutBody()` counts as an answer when
 *    called bare; with an explicit `undefined` length it does not (uWS reads 2^63).
 * 2. **Request data is valid only synchronously.** `req` lives on the C++ stack: the URL, method,
 *    query and headers are copied into strings inside the handler, never read after an `await`.
 * 3. **`onData` chunks are neutered on return.** The `ArrayBuffer` handed to `onData` becomes zero
 *    length when the callback returns, so a chunk that is kept must be copied first.
 * 4. **Cork writes made outside uWS's cork.** Inside the handler, and in the microtask drain right
 *    after it, uWS has the socket corked already; anywhere else, status, headers and body go out
 *    inside one `res.cork(...)` so they leave in one syscall.
 * 5. **Never touch `res` after it ended or was aborted.** Doing so is a use-after-free in C++;
 *    every exchange keeps a `done` flag and checks it before each call.
 *
 * The package also ships a pure-JavaScript imitation it loads silently when the native binary
 * does not match the Node ABI. That imitation lacks most of the API and all of the speed, so
 * `loadUws()` refuses to go on with it and says why.
 */
import { createRequire } from 'node:module';
import type * as Uws from 'uWebSockets.js';
import { ServerStartError } from './errors.js';

export type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, us_listen_socket, us_socket_context_t } from 'uWebSockets.js';
/** The module's namespace type. */
export type UwsModule = typeof Uws;

const require = createRequire(import.meta.url);
let loaded: UwsModule | undefined;

/**
 * Loads the native uWebSockets.js module once, refusing the pure-JS fallback.
 *
 * The fallback is recognised two ways: the loader module's children (a native load requires a
 * `.node` file, the fallback requires `dist/index.js`) and the exported surface (the fallback has
 * no `SSLApp`).
 */
export function loadUws(): UwsModule {
  if (loaded) return loaded;
  const entry = require.resolve('uWebSockets.js');
  const module = require('uWebSockets.js') as UwsModule;
  const children = require.cache[entry]?.children ?? [];
  const native = children.some((child) => child.id.endsWith('.node'));
  if (!native || typeof (module as { SSLApp?: unknown }).SSLApp !== 'function') {
    const expected = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
    throw new ServerStartError(
      'uws-fallback',
      `uWebSockets.js loaded its pure-JavaScript fallback instead of the native binary (expected ${expected} ` +
        `for Node ${process.version}${process.env.UWS_USE_FALLBACK ? ', and UWS_USE_FALLBACK is set' : ''}); ` +
        'the fallback lacks TLS, backpressure and most of the speed, so tsgi refuses to run on it',
    );
  }
  loaded = module;
  return module;
}

/** TLS files for an SSL app. */
export interface TlsFiles {
  keyFile: string;
  certFile: string;
}

/** Creates a plain or TLS uWS app. */
export function createUwsApp(tls: TlsFiles | undefined): Uws.TemplatedApp {
  const uws = loadUws();
  return tls ? uws.SSLApp({ key_file_name: tls.keyFile, cert_file_name: tls.certFile }) : uws.App();
}

/**
 * Listens on a TCP host and port (0 picks a free port) or a Unix socket path. On Linux uWS sets
 * SO_REUSEPORT on its listen sockets by default, which is what lets worker processes share a port.
 */
export function listen(app: Uws.TemplatedApp, where: { host: string; port: number } | { uds: string }): Promise<{ socket: Uws.us_listen_socket; port: number | null }> {
  const uws = loadUws();
  return new Promise((resolve, reject) => {
    const done = (socket: Uws.us_listen_socket | false): void => {
      if (!socket) {
        const place = 'uds' in where ? where.uds : `${where.host}:${where.port}`;
        reject(new ServerStartError('listen-failed', `could not listen on ${place} (address in use, or not permitted)`));
        return;
      }
      resolve({ socket, port: 'uds' in where ? null : uws.us_socket_local_port(socket as unknown as Uws.us_socket) });
    };
    if ('uds' in where) app.listen_unix(done, where.uds);
    else app.listen(where.host, where.port, done);
  });
}

/** Closes a listen socket: no new connections; open ones are untouched. */
export function closeListenSocket(socket: Uws.us_listen_socket): void {
  loadUws().us_listen_socket_close(socket);
}

/**
 * Reads uWS's text form of a remote address (an ArrayBuffer of ASCII) as a string. Addresses are
 * at most 45 bytes, where building the string from char codes beats a TextDecoder call.
 */
export function addressText(buffer: ArrayBuffer): string {
  return String.fromCharCode.apply(null, new Uint8Array(buffer) as unknown as number[]);
}
