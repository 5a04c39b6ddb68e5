/**
 * Example 04 — lifespan and shared state: set up once, use in every request.
 *
 * What it teaches: the lifespan scope runs once per server process, before the first request and
 * after the last. At `lifespan.startup` the app opens what its requests will share (here a small
 * in-memory store; in a real app a database pool or a loaded model) and puts it in `scope.state`.
 * The server then gives every request scope a *shallow copy* of that state: the store object is
 * shared by all requests, but a key a request adds to its own `scope.state` stays with that request.
 * If setup fails, the app answers `lifespan.startup.failed` and the server refuses to start.
 *
 * Routes: `GET /hits` counts visits in the shared store and reports them; `GET /state` lists
 * what a request sees in its state.
 *
 * Read beside: docs/protocol.md §2.3 (the lifespan scope), §3.3 (events), §5.2 (state).
 * Try it: `npm run build && node dist/src/server/cli.js serve dist/examples/04-lifespan-state.js --port 8000`,
 * then `curl http://127.0.0.1:8000/hits` a few times.
 */
import type { App, HttpScope, LifespanScope, Receive, Send } from '../src/protocol/index.js';

/** The shared store: one per process, created at startup, closed at shutdown. */
export class HitStore {
  private readonly counts = new Map<string, number>();
  closed = false;

  hit(key: string): number {
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next;
  }
}

/** How the example is set up; `failStartup` shows what a failed startup looks like. */
export interface LifespanExampleOptions {
  failStartup?: boolean;
}

async function lifespan(scope: LifespanScope, receive: Receive, send: Send, options: LifespanExampleOptions): Promise<void> {
  await receive(); // lifespan.startup
  if (options.failStartup) return send({ type: 'lifespan.startup.failed', message: 'the store could not be opened' });
  const store = new HitStore();
  scope.state.store = store;
  scope.state.startedAt = new Date().toISOString();
  await send({ type: 'lifespan.startup.complete' });
  await receive(); // lifespan.shutdown: the last request has finished
  store.closed = true;
  await send({ type: 'lifespan.shutdown.complete' });
}

async function json(send: Send, status: number, value: unknown): Promise<void> {
  await send({ type: 'http.response.start', status, headers: [['content-type', 'application/json']] });
  await send({ type: 'http.response.body', body: JSON.stringify(value) });
}

async function handle(scope: HttpScope, send: Send): Promise<void> {
  const state = scope.state;
  if (!(state?.store instanceof HitStore)) return json(send, 503, { error: 'the lifespan has not run' });
  // Request-local: this key lands in this request's copy of the state only.
  state.requestPath = scope.path;
  if (scope.path === '/hits') return json(send, 200, { hits: state.store.hit('hits'), startedAt: state.startedAt });
  if (scope.path === '/state') return json(send, 200, { keys: Object.keys(state).sort() });
  return json(send, 404, { error: `no route for ${scope.path}` });
}

/** Builds the lifespan example app. */
export function createApp(options: LifespanExampleOptions = {}): App {
  return async (scope, receive, send) => {
    if (scope.type === 'lifespan') return lifespan(scope, receive, send, options);
    if (scope.type === 'http') return handle(scope, send);
    await receive();
    return send({ type: 'websocket.close' });
  };
}

/** The lifespan example app, as served. */
export const app: App = createApp();
