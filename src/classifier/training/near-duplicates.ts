/**
 * Near-duplicate projects, and cross-validation folds that keep them together.
 *
 * A project posted twice (same blurb, a word changed) lets a model "recognise" a test row it has
 * effectively trained on when the copies fall into different folds: cross-validation then
 * overstates how well the model does on genuinely new projects. Two rows are near-duplicates when
 * the sets of their preprocessed tokens overlap by at least a Jaccard threshold; groups are the
 * connected components (union-find). Grouped folds assign whole groups, stratified by the class of
 * the group's first row, which is the honest split when duplicates exist.
 */
import { joinFields, preprocess } from '../model/preprocess.js';
import { repeatedStratifiedKFold, type Fold } from './stratified-k-fold.js';

/** Jaccard similarity |A ∩ B| / |A ∪ B| of two token sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** `group[row]`: the smallest row index of the row's near-duplicate group (itself when unique). */
export function nearDuplicateGroups(projects: readonly { title: string; description: string }[], threshold: number): number[] {
  const sets = projects.map((p) => new Set(preprocess(joinFields(p.title, p.description))));
  const parent = projects.map((_, row) => row);
  const root = (row: number): number => (parent[row] === row ? row : (parent[row] = root(parent[row]!)));
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      if (jaccard(sets[a]!, sets[b]!) >= threshold) {
        const [ra, rb] = [root(a), root(b)];
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  return parent.map((_, row) => root(row));
}

/** Repeated stratified k-fold over groups: every group lies wholly in one fold's test part. */
export function groupedStratifiedKFold(classes: readonly number[], groups: readonly number[], k: number, repeats: number, seed: number): Fold[] {
  const leaders = [...new Set(groups)].sort((a, b) => a - b);
  const members = new Map<number, number[]>();
  groups.forEach((group, row) => members.set(group, [...(members.get(group) ?? []), row]));
  const leaderFolds = repeatedStratifiedKFold(leaders.map((leader) => classes[leader]!), k, repeats, seed);
  return leaderFolds.map((fold) => {
    const expand = (ids: number[]) => ids.flatMap((i) => members.get(leaders[i]!)!).sort((a, b) => a - b);
    return { ...fold, train: expand(fold.train), test: expand(fold.test) };
  });
}

/** How many test rows of the folds have a near-duplicate among the same fold's training rows. */
export function leakedTestRows(folds: readonly Fold[], groups: readonly number[]): number {
  let leaked = 0;
  for (const fold of folds) {
    const trainGroups = new Set(fold.train.map((row) => groups[row]!));
    leaked += fold.test.filter((row) => trainGroups.has(groups[row]!)).length;
  }
  return leaked;
}
