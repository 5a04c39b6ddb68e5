/**
 * The test client's lifespan: the startup/shutdown conversation of spec §3.3, played as a server.
 *
 * `startLifespan` sends `lifespan.startup` and waits for the answer; the returned handle holds the
 * state the app filled in, and `shutdown()` plays the second half. The test client copies that
 * state into each later request scope, as a server does.
 */
import type { App } from '../app.js';
import type { Extensions } from '../extensions.js';
import type { LifespanScope, State } from '../scope.js';
import { ConversationError, LifespanFailed } from '../errors.js';
import { Communicator } from './communicator.js';
import { TSGI_INFO } from './test-scope.js';

/** A lifespan whose startup completed, or an app that does not speak lifespan. */
export interface TestLifespan {
  /**
   * `false` when the app returned without answering `lifespan.startup`: like a server (spec §5.3),
   * the client then runs without a lifespan, and later scopes get no `state`.
   */
  supported: boolean;
  /** The state the app filled in during startup (`{}` and unused when not supported). */
  state: State;
  /** Sends `lifespan.shutdown`, waits for the answer and for the app to return; nothing when not supported. */
  shutdown(): Promise<void>;
}

/** Whether `error` says the app returned instead of answering. */
function returnedInstead(error: unknown): boolean {
  return error instanceof ConversationError && error.code === 'TSGI_APP_RETURNED';
}

async function answer(talk: Communicator, phase: 'startup' | 'shutdown', timeoutMs: number): Promise<void> {
  const event = await talk.receive(timeoutMs);
  if (event.type === `lifespan.${phase}.complete`) return;
  if (event.type === `lifespan.${phase}.failed`) {
    const message = (event as { message?: string }).message;
    // Let the app finish (it usually returns right after failing) so its own error wins if it threw.
    await talk.waitFinished(timeoutMs).catch((error: unknown) => {
      if (!(error instanceof ConversationError)) throw error;
    });
    throw new LifespanFailed(message || `lifespan ${phase} failed`);
  }
  throw new ConversationError('TSGI_UNEXPECTED_EVENT', `expected an answer to lifespan.${phase}, got ${event.type}`);
}

/**
 * Runs lifespan startup; rejects with `LifespanFailed` when the app answers `startup.failed`, and
 * with the app's own error when it throws (a server logs that error and serves without a lifespan;
 * a test should see it). An app that returns without answering does not speak lifespan.
 */
export async function startLifespan(app: App, extensions: Extensions, timeoutMs: number): Promise<TestLifespan> {
  const scope: LifespanScope = { type: 'lifespan', tsgi: TSGI_INFO, state: {}, extensions };
  const talk = new Communicator(app, scope);
  talk.send({ type: 'lifespan.startup' });
  try {
    await answer(talk, 'startup', timeoutMs);
  } catch (error) {
    if (!returnedInstead(error)) throw error;
    return { supported: false, state: scope.state, shutdown: async () => undefined };
  }
  return {
    supported: true,
    state: scope.state,
    async shutdown() {
      talk.send({ type: 'lifespan.shutdown' });
      await answer(talk, 'shutdown', timeoutMs);
      await talk.waitFinished(timeoutMs);
    },
  };
}
