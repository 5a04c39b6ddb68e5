/**
 * The lifespan state machine: the order of the startup/shutdown conversation, both directions.
 *
 * Theory of operation (spec §4.3). The lifespan is a strict call-and-answer: the server says
 * `lifespan.startup`, the app answers `lifespan.startup.complete` (or `.failed`); much later the
 * server says `lifespan.shutdown` and the app answers `lifespan.shutdown.complete` (or `.failed`).
 * Unlike HTTP and WebSocket, the order of the server's half matters to the app's half (an answer
 * before the question is a bug), so this machine steps on events in both directions.
 *
 * ```
 *   waiting-startup ──startup──▶ starting ──startup.complete──▶ started ──shutdown──▶ stopping
 *                                   │                                                    │
 *                                   └──startup.failed──▶ startup-failed   shutdown.*  ──▶ stopped
 * ```
 */
import { checkSendEventFields, asEvent } from './event-fields.js';
import { ProtocolError, type ProtocolRule } from './errors.js';
import { breaks, follow, rejectForeignEvent, to, type Transition } from './transition.js';
import type { LifespanReceiveEvent, LifespanSendEvent } from './events.js';

/** Where the lifespan conversation stands. */
export type LifespanState = 'waiting-startup' | 'starting' | 'started' | 'startup-failed' | 'stopping' | 'stopped';

/** The machine's inputs are the lifespan event types themselves, in both directions. */
export type LifespanInput = LifespanReceiveEvent['type'] | LifespanSendEvent['type'];

/** The state a lifespan begins in. */
export const INITIAL_LIFESPAN_STATE: LifespanState = 'waiting-startup';

/** Every cell of a row that rejects all inputs with one rule. */
function rejectAll(rule: Parameters<typeof breaks>[0]): Readonly<Record<LifespanInput, Transition<LifespanState>>> {
  const cell = breaks(rule);
  return Object.freeze({
    'lifespan.startup': cell,
    'lifespan.shutdown': cell,
    'lifespan.startup.complete': cell,
    'lifespan.startup.failed': cell,
    'lifespan.shutdown.complete': cell,
    'lifespan.shutdown.failed': cell,
  });
}

/** Every ordering rule of the lifespan conversation, as one table. */
export const LIFESPAN_TRANSITIONS: Readonly<Record<LifespanState, Readonly<Record<LifespanInput, Transition<LifespanState>>>>> =
  Object.freeze({
    'waiting-startup': Object.freeze({
      'lifespan.startup': to('starting'),
      'lifespan.shutdown': breaks('shutdown-before-startup'),
      'lifespan.startup.complete': breaks('startup-reply-before-startup'),
      'lifespan.startup.failed': breaks('startup-reply-before-startup'),
      'lifespan.shutdown.complete': breaks('shutdown-reply-before-shutdown'),
      'lifespan.shutdown.failed': breaks('shutdown-reply-before-shutdown'),
    }),
    starting: Object.freeze({
      'lifespan.startup': breaks('duplicate-startup'),
      'lifespan.shutdown': breaks('shutdown-before-startup'),
      'lifespan.startup.complete': to('started'),
      'lifespan.startup.failed': to('startup-failed'),
      'lifespan.shutdown.complete': breaks('shutdown-reply-before-shutdown'),
      'lifespan.shutdown.failed': breaks('shutdown-reply-before-shutdown'),
    }),
    started: Object.freeze({
      'lifespan.startup': breaks('duplicate-startup'),
      'lifespan.shutdown': to('stopping'),
      'lifespan.startup.complete': breaks('startup-answered-twice'),
      'lifespan.startup.failed': breaks('startup-answered-twice'),
      'lifespan.shutdown.complete': breaks('shutdown-reply-before-shutdown'),
      'lifespan.shutdown.failed': breaks('shutdown-reply-before-shutdown'),
    }),
    'startup-failed': rejectAll('event-after-startup-failed'),
    stopping: Object.freeze({
      'lifespan.startup': breaks('duplicate-startup'),
      'lifespan.shutdown': breaks('duplicate-shutdown'),
      'lifespan.startup.complete': breaks('startup-answered-twice'),
      'lifespan.startup.failed': breaks('startup-answered-twice'),
      'lifespan.shutdown.complete': to('stopped'),
      'lifespan.shutdown.failed': to('stopped'),
    }),
    stopped: rejectAll('event-after-shutdown'),
  });

const EXPLANATIONS: Readonly<Partial<Record<ProtocolRule, string>>> = {
  'startup-reply-before-startup': 'the app answered startup before the server sent lifespan.startup; call receive() first',
  'startup-answered-twice': 'lifespan.startup was already answered',
  'shutdown-before-startup': 'lifespan.shutdown arrived before startup completed',
  'shutdown-reply-before-shutdown': 'the app answered shutdown before the server sent lifespan.shutdown',
  'duplicate-startup': 'lifespan.startup was sent twice',
  'duplicate-shutdown': 'lifespan.shutdown was sent twice',
  'event-after-startup-failed': 'startup failed; the lifespan is over',
  'event-after-shutdown': 'shutdown already finished; the lifespan is over',
};

function isLifespanInput(type: string): type is LifespanInput {
  return Object.hasOwn(LIFESPAN_TRANSITIONS['waiting-startup'], type);
}

/** The two events the server sends; the other four are the app's answers. */
function isServerEvent(type: LifespanInput): boolean {
  return type === 'lifespan.startup' || type === 'lifespan.shutdown';
}

/**
 * Refuses an event that came the wrong way: an app that sends `lifespan.startup` (which only a
 * server says) breaks `unknown-event`, as an HTTP app sending `http.request` does; a server that
 * delivers an answer such as `lifespan.startup.complete` breaks `unknown-receive-event`.
 */
function checkDirection(type: LifespanInput, from: 'app' | 'server', state: LifespanState): void {
  if (isServerEvent(type) === (from === 'server')) return;
  if (from === 'app') throw new ProtocolError('unknown-event', state, type, `${type} is an event the server sends; a lifespan app answers with lifespan.*.complete or lifespan.*.failed`);
  throw new ProtocolError('unknown-receive-event', state, type, `${type} is the app's answer; a server delivers only lifespan.startup and lifespan.shutdown`);
}

/**
 * Advances the lifespan conversation by one event, in either direction. Returns the next state,
 * or throws a `ProtocolError` naming the broken rule. Allocation-free when the event is legal.
 * Pass `from` to also check the event came the right way (`'app'` for what the app sends,
 * `'server'` for what it receives); without it either direction is taken.
 *
 * @example
 * ```ts
 * let state = INITIAL_LIFESPAN_STATE;
 * state = stepLifespan(state, { type: 'lifespan.startup' });          // 'starting'
 * state = stepLifespan(state, { type: 'lifespan.startup.complete' }); // 'started'
 * ```
 */
export function stepLifespan(state: LifespanState, event: unknown, from?: 'app' | 'server'): LifespanState {
  const checked = asEvent(event, state);
  if (!isLifespanInput(checked.type)) {
    if (from === 'server') throw new ProtocolError('unknown-receive-event', state, checked.type, `${checked.type} is not an event a server delivers in a lifespan scope`);
    return rejectForeignEvent('lifespan', state, checked.type);
  }
  if (from !== undefined) checkDirection(checked.type, from, state);
  checkSendEventFields(checked, state);
  return follow(LIFESPAN_TRANSITIONS[state][checked.type], state, checked.type, EXPLANATIONS);
}
