/**
 * Token dropout: seeded, drops about the asked share of tokens, never leaves a copy empty.
 */
import t from 'tap';
import { dropoutCopies, dropTokens } from '../../../src/classifier/training/token-dropout.js';
import { seededRandom } from '../../../src/classifier/training/random.js';

const words = Array.from({ length: 200 }, (_, i) => `w${i}`);

t.test('the same seed gives the same copies, another seed other copies', async (t) => {
  const lists = [words.slice(0, 20), words.slice(20, 40)];
  const first = dropoutCopies(lists, { rate: 0.3, copies: 3, seed: 5 });
  t.same(dropoutCopies(lists, { rate: 0.3, copies: 3, seed: 5 }), first);
  t.notSame(dropoutCopies(lists, { rate: 0.3, copies: 3, seed: 6 }), first);
});

t.test('copies come list by list, each a subsequence of its list in the original order', async (t) => {
  const lists = [['a', 'b', 'c', 'd'], ['x', 'y', 'z']];
  const copies = dropoutCopies(lists, { rate: 0.5, copies: 2, seed: 1 });
  t.equal(copies.length, 4);
  copies.forEach((copy, i) => {
    const source = lists[Math.floor(i / 2)]!;
    const positions = copy.map((token) => source.indexOf(token));
    t.ok(positions.every((p, k) => p >= 0 && (k === 0 || p > positions[k - 1]!)), `copy ${i}: ${copy.join(' ')}`);
  });
});

t.test('about the given rate of tokens is dropped', async (t) => {
  const kept = dropoutCopies([words], { rate: 0.2, copies: 20, seed: 3 }).reduce((sum, copy) => sum + copy.length, 0);
  const share = 1 - kept / (20 * words.length);
  t.ok(share > 0.17 && share < 0.23, `dropped ${share}`);
  t.same(dropoutCopies([words], { rate: 0, copies: 1, seed: 3 }), [words]);
});

t.test('a copy keeps one token even when every draw drops it; an empty list stays empty', async (t) => {
  t.equal(dropTokens(['a', 'b', 'c'], 0.999999, seededRandom(9)).length, 1);
  t.same(dropTokens([], 0.5, seededRandom(9)), []);
});

t.test('a rate outside [0, 1) is refused', async (t) => {
  t.throws(() => dropoutCopies([words], { rate: 1, copies: 1, seed: 1 }), RangeError);
  t.throws(() => dropoutCopies([words], { rate: -0.1, copies: 1, seed: 1 }), RangeError);
});
