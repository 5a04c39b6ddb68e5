/**
 * Lifespan: resources opened once before the first request and closed after the last.
 *
 * The framework offers one form: an async generator function. Code before `yield` is startup, the
 * yielded object becomes the lifespan state (copied by the server into every request, so handlers
 * read it as `request.state`), and code after `yield` is shutdown:
 *
 * ```ts
 * const app = new App({
 *   lifespan: async function* () {
 *     const db = await openDb();
 *     yield { db };
 *     await db.close();
 *   },
 * });
 * ```
 *
 * Apps mounted inside an app start after it and stop before it (reverse order), so a child can rely
 * on its parent's resources. A mounted raw TSGI app is driven through its own lifespan conversation;
 * one that does not speak lifespan (returns or throws at once) is simply skipped, as uvicorn's
 * `lifespan: auto` does.
 */
import type { App as TsgiApp } from '../protocol/app.js';
import type { LifespanSendEvent, ReceiveEvent, SendEvent } from '../protocol/events.js';
import type { State } from '../protocol/scope.js';
import type { Receive, Send } from '../protocol/app.js';
import type { ErrorLogger } from './exception-handlers.js';

/** The one lifespan hook form: yield the state once. */
export type Lifespan<S extends object, A = unknown> = (app: A) => AsyncGenerator<S, void, unknown>;

/** Runs a generator lifespan up to its `yield`; the returned function runs the rest. */
export async function startGenerator<S extends object, A>(lifespan: Lifespan<S, A>, app: A, state: State): Promise<() => Promise<void>> {
  const generator = lifespan(app);
  const first = await generator.next();
  if (first.done) throw new TypeError('the lifespan generator returned without yielding its state');
  Object.assign(state, first.value);
  return async () => {
    const rest = await generator.next();
    if (!rest.done) throw new TypeError('the lifespan generator yielded more than once');
  };
}

/** Drives a raw TSGI app's lifespan; resolves to `null` when the app does not support lifespan. */
export async function startRawApp(app: TsgiApp, state: State): Promise<(() => Promise<void>) | null> {
  let sentStartup = false;
  let requestShutdown!: () => void;
  const shutdownRequested = new Promise<void>((resolve) => (requestShutdown = resolve));
  const startup = deferred<boolean>();
  const shutdown = deferred<void>();
  const receive = async (): Promise<ReceiveEvent> => {
    if (!sentStartup) {
      sentStartup = true;
      return { type: 'lifespan.startup' };
    }
    await shutdownRequested;
    return { type: 'lifespan.shutdown' };
  };
  const send = async (event: SendEvent): Promise<void> => {
    const e = event as LifespanSendEvent;
    if (e.type === 'lifespan.startup.complete') startup.resolve(true);
    else if (e.type === 'lifespan.startup.failed') startup.reject(new Error(e.message ?? 'mounted app failed to start'));
    else if (e.type === 'lifespan.shutdown.complete') shutdown.resolve();
    else if (e.type === 'lifespan.shutdown.failed') shutdown.reject(new Error(e.message ?? 'mounted app failed to shut down'));
  };
  const running = app({ type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state }, receive, send);
  // An app that returns or throws before answering startup does not speak lifespan.
  running.then(
    () => {
      startup.resolve(false);
      shutdown.resolve();
    },
    (error: unknown) => {
      startup.resolve(false);
      shutdown.reject(error);
    },
  );
  if (!(await startup.promise)) return null;
  return async () => {
    requestShutdown();
    await shutdown.promise;
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed startup is never followed by a wait for shutdown: without a handler attached here,
  // the shutdown promise that an app throwing at once rejects would be an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * An app's side of the lifespan scope: startup → complete/failed, then shutdown → complete/failed.
 * A failure is logged and reported to the server with its message, which then refuses to serve.
 */
export async function runLifespanConversation(state: State, receive: Receive, send: Send, logger: ErrorLogger, startup: (state: State) => Promise<void>, shutdown: () => Promise<void>): Promise<void> {
  await receive();
  try {
    await startup(state);
  } catch (error) {
    logger.error('tsgi: lifespan startup failed', error);
    await send({ type: 'lifespan.startup.failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  await send({ type: 'lifespan.startup.complete' });
  await receive();
  try {
    await shutdown();
  } catch (error) {
    logger.error('tsgi: lifespan shutdown failed', error);
    await send({ type: 'lifespan.shutdown.failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  await send({ type: 'lifespan.shutdown.complete' });
}
