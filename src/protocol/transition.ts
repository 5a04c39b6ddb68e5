/**
 * The vocabulary shared by the three state machines: a transition, and which scope owns which
 * event type.
 *
 * Each machine (response-state.ts, websocket-state.ts, lifespan-state.ts) is a table
 * `state × input → transition`, in the manner of h11: reading one table tells you every ordering
 * rule of a scope (spec §4). A cell either names the next state or names the rule that the input
 * would break in that state. The cells are frozen objects built once, so stepping a machine
 * allocates nothing on the legal path.
 */
import { ProtocolError, type ProtocolRule } from './errors.js';
import type { ScopeType } from './scope.js';
import type { SendEvent } from './events.js';

/** One cell of a transition table: where the machine goes, or which rule the input breaks. */
export type Transition<State extends string> =
  | {
      /** The state the machine moves to. */
      readonly next: State;
    }
  | {
      /** The rule the input breaks in this state; the machine stays put and throws. */
      readonly violates: ProtocolRule;
    };

/** Builds a legal cell. */
export function to<State extends string>(next: State): Transition<State> {
  return Object.freeze({ next });
}

/** Builds an illegal cell. */
export function breaks(rule: ProtocolRule): { readonly violates: ProtocolRule } {
  return Object.freeze({ violates: rule });
}

/** The scope each send event type belongs to; a type missing here is not a send event at all. */
const SEND_EVENT_SCOPE: Readonly<Record<SendEvent['type'], ScopeType>> = {
  'http.response.start': 'http',
  'http.response.body': 'http',
  'http.response.pathsend': 'http',
  'websocket.accept': 'websocket',
  'websocket.send': 'websocket',
  'websocket.close': 'websocket',
  'websocket.http.response.start': 'websocket',
  'websocket.http.response.body': 'websocket',
  'lifespan.startup.complete': 'lifespan',
  'lifespan.startup.failed': 'lifespan',
  'lifespan.shutdown.complete': 'lifespan',
  'lifespan.shutdown.failed': 'lifespan',
};

/**
 * Throws the right error for an event type a machine has no column for: `wrong-scope-event` when
 * it is a send event of another scope (an HTTP app sending `websocket.accept`), `unknown-event`
 * otherwise (a typo, or a server → app event such as `http.request` sent the wrong way).
 */
export function rejectForeignEvent(scopeType: ScopeType, state: string, type: string): never {
  // hasOwn, not a plain lookup: a type such as "toString" must not find Object.prototype.
  const owner = Object.hasOwn(SEND_EVENT_SCOPE, type) ? SEND_EVENT_SCOPE[type as SendEvent['type']] : undefined;
  if (owner !== undefined && owner !== scopeType) {
    throw new ProtocolError('wrong-scope-event', state, type, `${type} belongs to the ${owner} scope, not ${scopeType}`);
  }
  throw new ProtocolError('unknown-event', state, type, `${type} is not an event a ${scopeType} application can send`);
}

/**
 * A transition table made ready for lookups on every event: the same cells, in one flat array
 * indexed by (state, input) positions. Why not index the frozen table directly: `table[state][input]`
 * with a different state or input string from call to call is a *megamorphic keyed load* in V8
 * (a property lookup by a name only known at run time), which showed up at about 2% of a
 * request's CPU under load. Nested `Map`s replaced it first; finding a state or input by `===`
 * over a list of three to five names is cheaper still — the names are string literals, which V8
 * interns, so each comparison is a pointer comparison, with no hashing — measured at ~11 ns
 * per lookup against ~22 ns for two `Map.get` calls (same process, Node 20, min of 15 x 1M).
 * The table stays the one source of truth: this is built from it once, when the module loads.
 *
 * @example
 * ```ts
 * const cells = new TransitionLookup(HTTP_RESPONSE_TRANSITIONS);
 * cells.cell('idle', 'start'); // { next: 'started' }
 * ```
 */
export class TransitionLookup<State extends string, Input extends string> {
  private readonly states: readonly State[];
  private readonly inputs: readonly Input[];
  /** Row-major: the cell for states[s] × inputs[i] is at `s * inputs.length + i`. */
  private readonly cells: ReadonlyArray<Transition<State>>;

  constructor(table: Readonly<Record<State, Readonly<Record<Input, Transition<State>>>>>) {
    const states = Object.keys(table) as State[];
    const inputs = Object.keys(table[states[0]!]) as Input[];
    const cells: Array<Transition<State>> = [];
    for (const state of states) {
      for (const input of inputs) cells.push(table[state][input]);
    }
    this.states = states;
    this.inputs = inputs;
    this.cells = cells;
  }

  /**
   * The cell for `input` in `state`. The types promise both are a row and a column of the table,
   * but a state can arrive from plain JavaScript or through a cast, and a position of -1 would
   * index outside its row and answer with a neighbouring cell, silently. So a name that is not
   * found throws instead: `unknown-state` for a state the machine does not have, `unknown-event`
   * for an input it has no column for. The throw sits where the search ends without a match, so
   * the legal path pays nothing for it.
   */
  cell(state: State, input: Input): Transition<State> {
    const row = positionOf(this.states, 'state', state, input);
    return this.cells[row * this.inputs.length + positionOf(this.inputs, 'input', state, input)]!;
  }
}

/**
 * Where the state or the input (`of` says which) stands in `names`: a handful of interned literals,
 * so a loop of `===`, no hashing. Throws when it is not there (see `TransitionLookup.cell`).
 */
function positionOf(names: readonly string[], of: 'state' | 'input', state: string, input: string): number {
  const name = of === 'state' ? state : input;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === name) return i;
  }
  const rule = of === 'state' ? 'unknown-state' : 'unknown-event';
  throw new ProtocolError(rule, state, input, `${name} is not ${of === 'state' ? 'a state' : 'an input'} of this machine (its ${of}s: ${names.join(', ')})`);
}

/**
 * Applies a looked-up cell: returns the next state, or throws the rule it breaks, explained by
 * `explanations[rule]`. (A lookup table rather than a callback, so the legal path creates no
 * closure.)
 */
export function follow<State extends string>(
  cell: Transition<State>,
  state: State,
  type: string,
  explanations: Readonly<Partial<Record<ProtocolRule, string>>>,
): State {
  if ('next' in cell) return cell.next;
  throw new ProtocolError(cell.violates, state, type, explanations[cell.violates] ?? cell.violates);
}
