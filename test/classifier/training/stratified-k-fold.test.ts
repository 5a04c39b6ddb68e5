/**
 * Repeated stratified k-fold: every row tested once per repeat, class mix kept, seeded shuffles.
 */
import t from 'tap';
import { repeatedStratifiedKFold } from '../../../src/classifier/training/stratified-k-fold.js';

const classes = [...new Array(20).fill(0), ...new Array(10).fill(1), ...new Array(5).fill(2)];

t.test('each repeat tests every row exactly once, and never trains on a test row', async (t) => {
  const folds = repeatedStratifiedKFold(classes, 5, 2, 1);
  t.equal(folds.length, 10);
  for (const repeat of [0, 1]) {
    const tested = folds.filter((f) => f.repeat === repeat).flatMap((f) => f.test);
    t.same([...tested].sort((a, b) => a - b), classes.map((_, i) => i));
  }
  for (const fold of folds) t.equal(fold.train.filter((row) => fold.test.includes(row)).length, 0);
});

t.test('every fold keeps the class proportions', async (t) => {
  for (const fold of repeatedStratifiedKFold(classes, 5, 1, 1)) {
    t.same([0, 1, 2].map((c) => fold.test.filter((row) => classes[row] === c).length), [4, 2, 1]);
  }
});

t.test('the same seed gives the same folds; repeats and seeds shuffle differently', async (t) => {
  const a = repeatedStratifiedKFold(classes, 5, 2, 1);
  t.same(repeatedStratifiedKFold(classes, 5, 2, 1), a);
  t.not(JSON.stringify(a[0]!.test), JSON.stringify(a[5]!.test));
  t.not(JSON.stringify(repeatedStratifiedKFold(classes, 5, 1, 2)[0]!.test), JSON.stringify(a[0]!.test));
});
