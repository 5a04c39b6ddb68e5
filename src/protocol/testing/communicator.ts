/**
 * The raw conversation: drive one app call event by event, without a server or sockets.
 *
 * After asgiref's ApplicationCommunicator. The test plays the server: it builds the scope, `send`s
 * the events the server would deliver, and `receive`s what the app sends back, or asserts that the
 * app sends nothing for a while. Every wait is bounded, so a stuck app fails the test with a
 * message instead of hanging it. The convenient `TestClient` is built on this class.
 */
import type { App } from '../app.js';
import type { Scope } from '../scope.js';
import type { ReceiveEvent, SendEvent } from '../events.js';
import { ConversationError } from '../errors.js';
import { EventQueue } from './event-queue.js';

/** How long `receive` waits by default, in milliseconds. */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 1000;
/** How long `expectNothing` watches by default, in milliseconds. */
export const DEFAULT_NOTHING_MS = 100;

/**
 * One running application call, seen from the server's seat.
 *
 * @example
 * ```ts
 * const talk = new Communicator(app, { type: 'lifespan', tsgi, state: {} });
 * talk.send({ type: 'lifespan.startup' });
 * assert.deepEqual(await talk.receive(), { type: 'lifespan.startup.complete' });
 * ```
 */
export class Communicator {
  /** Resolves when the app returns; rejects with the error it threw. */
  readonly finished: Promise<void>;
  private readonly toApp = new EventQueue<ReceiveEvent>();
  private readonly fromApp = new EventQueue<SendEvent>();

  private readonly onAppSend: ((event: SendEvent) => SendEvent) | undefined;

  /**
   * Starts `app` with `scope` at once; its `receive` waits for events given to `send`.
   * `options.onAppSend` sees each event the app sends at the moment it is sent, before the app
   * resumes, and returns the event to queue — for a server part that must act before the app runs
   * on: copy the bytes the app may reuse, or end an HTTP exchange the instant the response completes.
   */
  constructor(
    app: App,
    /** The scope the app was called with; fixed for the whole conversation. */
    readonly scope: Scope,
    options: { onAppSend?: (event: SendEvent) => SendEvent } = {},
  ) {
    this.onAppSend = options.onAppSend;
    this.finished = this.run(app);
    // Nobody may be listening when the app fails: record the failure here, report it on demand.
    this.finished.then(
      () => this.fromApp.end(new ConversationError('TSGI_APP_RETURNED', `the ${scope.type} app returned without sending another event`)),
      (error: unknown) => this.fromApp.end(error),
    );
  }

  private async run(app: App): Promise<void> {
    // Yield once so that the constructor returns before any app code runs, as with a real server.
    await Promise.resolve();
    await app(
      this.scope,
      () => this.toApp.next(Infinity, () => new Error('unreachable')),
      async (event) => {
        this.fromApp.push(this.onAppSend === undefined ? event : this.onAppSend(event));
      },
    );
  }

  /** Delivers one event to the app's `receive()`. */
  send(event: ReceiveEvent): void {
    this.toApp.push(event);
  }

  /**
   * Delivers `event` now and answers every later `receive()` of the app with it, as a server does
   * once a connection is over: an app that keeps listening after a disconnect hears it again.
   * With `dropUnread`, events the app has not read yet are discarded first, so `event` is the very
   * next one (a server drops the unread request body once the response is complete).
   */
  sendFinal(event: ReceiveEvent, options: { dropUnread?: boolean } = {}): void {
    if (options.dropUnread === true) this.toApp.clear();
    this.toApp.pushFinal(event);
  }

  /**
   * The next event the app sent. Rejects with a `ConversationError` (`TSGI_TIMEOUT`) when none
   * arrives in `timeoutMs` (`Infinity` waits forever), with `TSGI_APP_RETURNED` when the app has
   * returned, or with the app's own error when it threw.
   */
  receive(timeoutMs: number = DEFAULT_RECEIVE_TIMEOUT_MS): Promise<SendEvent> {
    return this.fromApp.next(
      timeoutMs,
      () => new ConversationError('TSGI_TIMEOUT', `the ${this.scope.type} app sent no event within ${timeoutMs} ms`),
    );
  }

  /**
   * Resolves if the app sends nothing within `ms` (returning or throwing counts as nothing: check
   * `finished` for that); rejects with a `ConversationError` (`TSGI_UNEXPECTED_EVENT`) otherwise.
   * An unexpected event stays queued for the next `receive`.
   */
  async expectNothing(ms: number = DEFAULT_NOTHING_MS): Promise<void> {
    let event: SendEvent;
    try {
      event = await this.fromApp.next(ms, () => new ConversationError('TSGI_TIMEOUT', 'nothing arrived'));
    } catch {
      return;
    }
    this.fromApp.unshift(event);
    throw new ConversationError('TSGI_UNEXPECTED_EVENT', `expected no event within ${ms} ms, but the app sent ${event.type}`);
  }

  /** Waits for the app to return, at most `timeoutMs`; rethrows its error. */
  async waitFinished(timeoutMs: number = DEFAULT_RECEIVE_TIMEOUT_MS): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ConversationError('TSGI_TIMEOUT', `the ${this.scope.type} app did not return within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.finished, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
