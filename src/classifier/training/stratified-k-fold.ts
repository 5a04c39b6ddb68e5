/**
 * Repeated stratified k-fold splits: how hyper-parameters are judged on the training data alone.
 *
 * Stratified: each class's rows are shuffled and dealt round-robin into the k folds, so every fold
 * has the class mix of the whole set (mlops, the rarest class, has ~63 rows: ~13 per fold at k=5).
 * Repeated: the whole split is redone with a different shuffle, so a score's spread reflects how
 * much it depends on which projects land in the test fold, not just on one lucky split.
 */
import { seededRandom, shuffled } from './random.js';

/** One train/test split: row indices into the dataset. */
export interface Fold {
  repeat: number;
  fold: number;
  train: number[];
  test: number[];
}

/**
 * Builds `repeats × k` folds over rows labelled `classes` (class index per row).
 *
 * @example
 * repeatedStratifiedKFold([0, 0, 1, 1], 2, 1, 7) // → two folds, each testing one row of each class
 */
export function repeatedStratifiedKFold(classes: readonly number[], k: number, repeats: number, seed: number): Fold[] {
  const folds: Fold[] = [];
  const byClass = new Map<number, number[]>();
  classes.forEach((c, row) => byClass.set(c, [...(byClass.get(c) ?? []), row]));
  const classOrder = [...byClass.keys()].sort((a, b) => a - b);
  for (let repeat = 0; repeat < repeats; repeat++) {
    const random = seededRandom(seed + 1000003 * repeat);
    const assignment = new Array<number>(classes.length);
    let next = 0;
    for (const c of classOrder) {
      // Continue the round-robin across classes so small classes do not all start at fold 0.
      for (const row of shuffled(byClass.get(c)!, random)) assignment[row] = next++ % k;
    }
    for (let fold = 0; fold < k; fold++) {
      const train: number[] = [];
      const test: number[] = [];
      assignment.forEach((f, row) => (f === fold ? test : train).push(row));
      folds.push({ repeat, fold, train, test });
    }
  }
  return folds;
}
