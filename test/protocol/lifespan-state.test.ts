import t from 'tap';
import { throwsRule } from './expect-rule.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';
import {
  INITIAL_LIFESPAN_STATE,
  LIFESPAN_TRANSITIONS,
  stepLifespan,
  type LifespanInput,
  type LifespanState,
} from '../../src/protocol/lifespan-state.js';

const INPUTS: LifespanInput[] = [
  'lifespan.startup',
  'lifespan.startup.complete',
  'lifespan.startup.failed',
  'lifespan.shutdown',
  'lifespan.shutdown.complete',
  'lifespan.shutdown.failed',
];

/** Expected outcome of every cell, written independently of the source table, in INPUTS order. */
const EXPECTED: Record<LifespanState, string[]> = {
  'waiting-startup': [
    'starting',
    '!startup-reply-before-startup',
    '!startup-reply-before-startup',
    '!shutdown-before-startup',
    '!shutdown-reply-before-shutdown',
    '!shutdown-reply-before-shutdown',
  ],
  starting: [
    '!duplicate-startup',
    'started',
    'startup-failed',
    '!shutdown-before-startup',
    '!shutdown-reply-before-shutdown',
    '!shutdown-reply-before-shutdown',
  ],
  started: [
    '!duplicate-startup',
    '!startup-answered-twice',
    '!startup-answered-twice',
    'stopping',
    '!shutdown-reply-before-shutdown',
    '!shutdown-reply-before-shutdown',
  ],
  'startup-failed': Array(6).fill('!event-after-startup-failed'),
  stopping: ['!duplicate-startup', '!startup-answered-twice', '!startup-answered-twice', '!duplicate-shutdown', 'stopped', 'stopped'],
  stopped: Array(6).fill('!event-after-shutdown'),
};

t.test('every cell of the table gives the expected next state or named rule', async (t) => {
  t.same(Object.keys(LIFESPAN_TRANSITIONS).sort(), Object.keys(EXPECTED).sort());
  for (const state of Object.keys(LIFESPAN_TRANSITIONS) as LifespanState[]) {
    t.same(Object.keys(LIFESPAN_TRANSITIONS[state]).sort(), [...INPUTS].sort(), `${state} has a cell per input`);
    INPUTS.forEach((input, column) => {
      const expected = EXPECTED[state][column];
      const event = { type: input };
      if (expected.startsWith('!')) {
        throwsRule(t, () => stepLifespan(state, event), expected.slice(1) as ProtocolRule, `${state} × ${input}`);
      } else {
        t.equal(stepLifespan(state, event), expected, `${state} × ${input}`);
      }
    });
  }
});

t.test('a full lifespan walks startup, complete, shutdown, complete', async (t) => {
  let state = INITIAL_LIFESPAN_STATE;
  for (const type of ['lifespan.startup', 'lifespan.startup.complete', 'lifespan.shutdown', 'lifespan.shutdown.complete']) {
    state = stepLifespan(state, { type });
  }
  t.equal(state, 'stopped');
});

t.test('a failure message must be a string', async (t) => {
  t.equal(stepLifespan('starting', { type: 'lifespan.startup.failed', message: 'no database' }), 'startup-failed');
  throwsRule(t, () => stepLifespan('starting', { type: 'lifespan.startup.failed', message: 42 }), 'invalid-failure-message');
});

t.test('an http event in the lifespan is a wrong-scope event', async (t) => {
  throwsRule(t, () => stepLifespan('starting', { type: 'http.response.start', status: 200 }), 'wrong-scope-event');
});

t.test('an event named like an object property is unknown, not a table hit', async (t) => {
  throwsRule(t, () => stepLifespan('starting', { type: 'toString' }), 'unknown-event');
});
