import t from 'tap';
import { EventQueue } from '../../../src/protocol/testing/event-queue.js';

const late = () => new Error('late');

t.test('an item pushed before the read is returned at once', async (t) => {
  const queue = new EventQueue<number>();
  queue.push(1);
  queue.push(2);
  t.equal(queue.size, 2);
  t.equal(await queue.next(10, late), 1);
  t.equal(await queue.next(10, late), 2);
});

t.test('a waiting reader gets the next pushed item', async (t) => {
  const queue = new EventQueue<string>();
  const reading = queue.next(1000, late);
  queue.push('x');
  t.equal(await reading, 'x');
  t.equal(queue.size, 0);
});

t.test('a read with nothing to read rejects with the timeout error', async (t) => {
  const queue = new EventQueue<string>();
  await t.rejects(queue.next(10, late), { message: 'late' });
  queue.push('kept');
  t.equal(queue.size, 1, 'the timed-out reader does not swallow a later item');
});

t.test('an ended queue drains its items, then rejects with the end error', async (t) => {
  const queue = new EventQueue<number>();
  queue.push(1);
  queue.end(new Error('over'));
  t.equal(await queue.next(10, late), 1);
  await t.rejects(queue.next(10, late), { message: 'over' });
});

t.test('ending rejects readers that are already waiting', async (t) => {
  const queue = new EventQueue<number>();
  const reading = queue.next(Infinity, late);
  queue.end(new Error('over'));
  await t.rejects(reading, { message: 'over' });
});

t.test('only the first end counts', async (t) => {
  const queue = new EventQueue<number>();
  queue.end(new Error('first'));
  queue.end(new Error('second'));
  await t.rejects(queue.next(10, late), { message: 'first' });
});

t.test('an unshifted item is read before older ones', async (t) => {
  const queue = new EventQueue<number>();
  queue.push(2);
  queue.unshift(1);
  t.equal(await queue.next(10, late), 1);
  t.equal(await queue.next(10, late), 2);
});

t.test('a final item is read after the others and then on every later read', async (t) => {
  const queue = new EventQueue<string>();
  queue.push('a');
  queue.pushFinal('gone');
  t.equal(await queue.next(10, late), 'a');
  t.equal(await queue.next(10, late), 'gone');
  t.equal(await queue.next(10, late), 'gone');
});

t.test('a final item reaches a reader that is already waiting', async (t) => {
  const queue = new EventQueue<string>();
  const reading = queue.next(1000, late);
  queue.pushFinal('gone');
  t.equal(await reading, 'gone');
  t.equal(await queue.next(10, late), 'gone');
});
