/**
 * The progress bar: redraws in place on a terminal, prints tenths in a log.
 */
import t from 'tap';
import { ProgressBar } from '../../../src/classifier/training/progress-bar.js';

t.test('on a terminal every tick redraws the same line', async (t) => {
  const writes: string[] = [];
  const bar = new ProgressBar('cv', 4, { isTTY: true, write: (text: string) => writes.push(text) });
  bar.tick(1, 'first');
  bar.tick(3);
  bar.finish();
  t.equal(writes.length, 3);
  t.match(writes[0]!, /^\rcv \[######-+\] 1\/4 25% .* first/);
  t.match(writes[1]!, /4\/4 100%/);
  t.equal(writes[2], '\n');
});

t.test('in a log it prints one line per tenth of progress', async (t) => {
  const writes: string[] = [];
  const bar = new ProgressBar('fit', 100, { write: (text: string) => writes.push(text) });
  for (let i = 0; i < 100; i++) bar.tick();
  // The first tick (0%) and then each of the ten tenths.
  t.equal(writes.length, 11);
  t.match(writes.at(-1)!, /100\/100 100%/);
  t.ok(writes.every((line) => line.endsWith('\n')));
});

t.test('never counts past the total', async (t) => {
  const bar = new ProgressBar('x', 2, { write: () => undefined });
  bar.tick(5);
  t.match(bar.render(), /2\/2 100%/);
});
