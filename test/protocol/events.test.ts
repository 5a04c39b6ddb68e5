import t from 'tap';
import { assertNever } from '../../src/protocol/events.js';

t.test('assertNever throws a TypeError naming the value', async (t) => {
  t.throws(() => assertNever('x' as never, 'event'), /unexpected event: "x"/);
});
