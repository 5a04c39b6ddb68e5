/**
 * The lifespan runner: starts the app's lifespan conversation before the port opens and ends it
 * after the last connection closed (docs/protocol.md §3.3, §5.3).
 *
 * Where it sits: `serve()` calls `startup()` before listening and `shutdown()` at the end of a
 * graceful shutdown. The app is called once with a `lifespan` scope and talks through a tiny
 * queue; every event in both directions goes through the protocol's lifespan state machine.
 *
 * Outcomes, as uvicorn's `lifespan=auto`:
 * - `lifespan.startup.complete` → serve, and copy `scope.state` into every connection scope.
 * - `lifespan.startup.failed` → throw `ServerStartError` with the app's message (the CLI exits 1).
 * - the app throws or returns before answering startup → it does not speak lifespan: log once,
 *   serve without state. (With `lifespan: 'on'` that is a startup failure instead.)
 * - no answer yet → the server keeps waiting (no startup timeout, as in uvicorn), logging a
 *   warning every 10 s; if nothing is left that could ever answer (the event loop ran empty), it
 *   is a failed startup instead of a silent exit 0.
 */
import type { App, LifespanReceiveEvent, LifespanScope, LifespanSendEvent, SendEvent, State, Extensions } from '../protocol/index.js';
import { stepLifespan, INITIAL_LIFESPAN_STATE, type LifespanState } from '../protocol/index.js';
import { ServerStartError } from './errors.js';
import type { Logger } from './logger.js';

/** How often a startup that has not answered is reported (it is never cut short: loading a model may take long). */
const STARTUP_WARNING_MS = 10_000;

type Answer = { ok: true } | { ok: false; message: string } | { unsupported: true; error: unknown };

/** Runs one app's lifespan. */
export class LifespanRunner {
  private state: LifespanState = INITIAL_LIFESPAN_STATE;
  private readonly inbox: LifespanReceiveEvent[] = [];
  private inboxWaiter: ((event: LifespanReceiveEvent) => void) | undefined;
  private answerWaiter: ((answer: Answer) => void) | undefined;
  private appDone: Promise<void> | undefined;
  private supported = false;
  readonly scopeState: State = {};

  constructor(
    private readonly app: App,
    private readonly mode: 'auto' | 'on' | 'off',
    private readonly extensions: Extensions,
    private readonly log: Logger,
  ) {}

  /**
   * Runs startup. Resolves with the state to copy into connection scopes (`undefined` when the app
   * does not speak lifespan), or throws `ServerStartError` when startup failed.
   */
  async startup(): Promise<State | undefined> {
    if (this.mode === 'off') return undefined;
    const scope: LifespanScope = { type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state: this.scopeState, extensions: this.extensions };
    const answered = this.nextAnswer();
    this.deliver({ type: 'lifespan.startup' });
    this.appDone = Promise.resolve()
      .then(() => this.app(scope, this.receive, this.send))
      .then(
        () => this.answerWaiter?.({ unsupported: true, error: new Error('the app returned during lifespan') }),
        (error: unknown) => this.answerWaiter?.({ unsupported: true, error }),
      );
    const answer = await this.whileWaiting(answered);
    if ('unsupported' in answer) {
      if (this.mode === 'on') throw new ServerStartError('lifespan-startup-failed', `lifespan startup failed: ${describe(answer.error)}`);
      this.log.info('the app does not support the lifespan protocol; serving without it', { reason: describe(answer.error) });
      return undefined;
    }
    if (!answer.ok) throw new ServerStartError('lifespan-startup-failed', `lifespan startup failed: ${answer.message}`);
    this.supported = true;
    return this.scopeState;
  }

  /** Runs shutdown; resolves `true` when it completed, `false` when it failed (logged). */
  async shutdown(timeoutMs: number): Promise<boolean> {
    if (!this.supported) return true;
    const answered = this.nextAnswer();
    this.deliver({ type: 'lifespan.shutdown' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, message: `no answer within ${timeoutMs} ms` }), timeoutMs);
    });
    const answer = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    if ('unsupported' in answer) {
      this.log.error('the app failed during lifespan shutdown', { error: answer.error });
      return false;
    }
    if (!answer.ok) this.log.error('lifespan shutdown failed', { reason: answer.message });
    return answer.ok;
  }

  /**
   * Waits for the startup answer, warning every `STARTUP_WARNING_MS` that it has not come (there
   * is no timeout: loading a model may take long). If Node's event loop runs empty meanwhile, the
   * app is awaiting something nothing can settle any more — without this, Node would exit 0
   * without ever listening or saying why — so startup fails, naming the cause.
   */
  private async whileWaiting(answered: Promise<Answer>): Promise<Answer> {
    const began = Date.now();
    const timer = setInterval(() => {
      this.log.warning('still waiting for the app to answer lifespan.startup', { seconds: Math.round((Date.now() - began) / 1000) });
    }, STARTUP_WARNING_MS);
    timer.unref();
    let onEmptyLoop: (() => void) | undefined;
    const stalled = new Promise<Answer>((resolve) => {
      onEmptyLoop = () => resolve({ ok: false, message: 'the app never answered lifespan.startup and is awaiting something that can no longer happen (no timer, socket or other work is left)' });
      process.once('beforeExit', onEmptyLoop);
    });
    try {
      return await Promise.race([answered, stalled]);
    } finally {
      clearInterval(timer);
      process.off('beforeExit', onEmptyLoop!);
    }
  }

  private nextAnswer(): Promise<Answer> {
    return new Promise((resolve) => {
      this.answerWaiter = resolve;
    });
  }

  private deliver(event: LifespanReceiveEvent): void {
    this.state = stepLifespan(this.state, event, 'server');
    const waiter = this.inboxWaiter;
    this.inboxWaiter = undefined;
    if (waiter) waiter(event);
    else this.inbox.push(event);
  }

  private readonly receive = (): Promise<LifespanReceiveEvent> => {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.inboxWaiter = resolve;
    });
  };

  private readonly send = async (event: SendEvent): Promise<void> => {
    this.state = stepLifespan(this.state, event, 'app');
    const answer = answerOf(event as LifespanSendEvent);
    const waiter = this.answerWaiter;
    this.answerWaiter = undefined;
    waiter?.(answer);
  };
}

function answerOf(event: LifespanSendEvent): Answer {
  switch (event.type) {
    case 'lifespan.startup.complete':
    case 'lifespan.shutdown.complete':
      return { ok: true };
    case 'lifespan.startup.failed':
    case 'lifespan.shutdown.failed':
      return { ok: false, message: event.message ?? '(no message)' };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
