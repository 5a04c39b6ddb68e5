import t from 'tap';
import { breaks, follow, rejectForeignEvent, to, TransitionLookup } from '../../src/protocol/transition.js';
import { HTTP_RESPONSE_TRANSITIONS, stepHttpResponse } from '../../src/protocol/response-state.js';
import { WEBSOCKET_TRANSITIONS } from '../../src/protocol/websocket-state.js';
import { throwsRule } from './expect-rule.js';

t.test('a legal cell gives its next state', async (t) => {
  t.equal(follow(to('open'), 'handshake', 'websocket.accept', {}), 'open');
});

t.test('an illegal cell throws its rule with the explanation', async (t) => {
  const error = throwsRule(t, () => follow(breaks('second-start'), 'started', 'http.response.start', { 'second-start': 'only one start' }), 'second-start');
  t.match(error?.message, /^only one start \[rule second-start, state started, event http\.response\.start\]$/);
});

t.test('an illegal cell without an explanation falls back to the rule name', async (t) => {
  const error = throwsRule(t, () => follow(breaks('close-after-close'), 'closed', 'websocket.close', {}), 'close-after-close');
  t.match(error?.message, /^close-after-close /);
});

t.test('cells are frozen', async (t) => {
  t.ok(Object.isFrozen(to('x')));
  t.ok(Object.isFrozen(breaks('second-accept')));
});

t.test('a send event of another scope is a wrong-scope event naming its owner', async (t) => {
  const error = throwsRule(t, () => rejectForeignEvent('lifespan', 'starting', 'websocket.send'), 'wrong-scope-event');
  t.match(error?.message, /websocket\.send belongs to the websocket scope, not lifespan/);
});

t.test('any other type is an unknown event', async (t) => {
  throwsRule(t, () => rejectForeignEvent('http', 'idle', 'http.request'), 'unknown-event');
  throwsRule(t, () => rejectForeignEvent('http', 'idle', 'constructor'), 'unknown-event');
});

t.test('a transition lookup answers every cell of its table with that very cell', async (t) => {
  for (const table of [HTTP_RESPONSE_TRANSITIONS, WEBSOCKET_TRANSITIONS] as Array<Record<string, Record<string, unknown>>>) {
    const cells = new TransitionLookup(table as never) as unknown as { cell(state: string, input: string): unknown };
    for (const [state, row] of Object.entries(table)) {
      for (const [input, cell] of Object.entries(row)) t.equal(cells.cell(state, input), cell, `${state} × ${input}`);
    }
  }
});

t.test('a transition lookup rejects a state outside its table instead of reading a neighbouring cell', async (t) => {
  const cells = new TransitionLookup(HTTP_RESPONSE_TRANSITIONS) as unknown as { cell(state: string, input: string): unknown };
  const error = throwsRule(t, () => cells.cell('streaming', 'start'), 'unknown-state');
  t.match(error?.message, /^streaming is not a state of this machine \(its states: idle, started, complete\)/);
});

t.test('a transition lookup rejects an input it has no column for instead of reading a neighbouring cell', async (t) => {
  const cells = new TransitionLookup(HTTP_RESPONSE_TRANSITIONS) as unknown as { cell(state: string, input: string): unknown };
  // 'started' is the second row: a missing column used to land on the last cell of the first row.
  const error = throwsRule(t, () => cells.cell('started', 'trailers'), 'unknown-event');
  t.match(error?.message, /^trailers is not an input of this machine/);
});

t.test('stepping a machine from a state it does not have is a typed protocol error', async (t) => {
  const step = stepHttpResponse as (state: string, event: unknown) => string;
  const error = throwsRule(t, () => step('sending', { type: 'http.response.start', status: 200 }), 'unknown-state');
  t.equal(error?.code, 'TSGI_UNKNOWN_STATE');
});
