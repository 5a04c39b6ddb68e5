/**
 * Near-duplicate groups and folds that keep each group on one side of the split.
 */
import t from 'tap';
import { groupedStratifiedKFold, jaccard, leakedTestRows, nearDuplicateGroups } from '../../../src/classifier/training/near-duplicates.js';

const projects = [
  { title: 'Object detection with YOLO', description: 'Detect cars in images.' },
  { title: 'Sentiment analysis', description: 'Classify tweets by sentiment.' },
  { title: 'Object detection with YOLO!', description: 'Detect cars in images' },
  { title: 'Model serving', description: 'Deploy models behind an API.' },
  { title: 'Sentiment analysis', description: 'Classify tweets by their sentiment.' },
  { title: 'Graph learning', description: 'Embeddings of nodes.' },
];

t.test('Jaccard similarity is shared tokens over all tokens', async (t) => {
  t.equal(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd'])), 0.5);
  t.equal(jaccard(new Set(), new Set()), 1);
});

t.test('groups rows whose cleaned tokens overlap above the threshold under the first row', async (t) => {
  t.same(nearDuplicateGroups(projects, 0.8), [0, 1, 0, 3, 1, 5]);
  t.same(nearDuplicateGroups(projects, 1), [0, 1, 0, 3, 4, 5]);
});

t.test('grouped folds put every group in exactly one test part and count no leaks', async (t) => {
  const groups = nearDuplicateGroups(projects, 0.8);
  const folds = groupedStratifiedKFold([0, 1, 0, 2, 1, 3], groups, 2, 2, 5);
  t.equal(folds.length, 4);
  for (const fold of folds) {
    t.same([...fold.train, ...fold.test].sort(), [0, 1, 2, 3, 4, 5]);
    t.equal(fold.test.includes(0), fold.test.includes(2));
    t.equal(fold.test.includes(1), fold.test.includes(4));
  }
  t.equal(leakedTestRows(folds, groups), 0);
});

t.test('counts a test row whose near-duplicate is in the training part as leaked', async (t) => {
  const groups = nearDuplicateGroups(projects, 0.8);
  t.equal(leakedTestRows([{ repeat: 0, fold: 0, train: [0, 1, 3, 5], test: [2, 4] }], groups), 2);
});
