/**
 * `npm run variations -- --data <csv> [--only v1,word-1-3] [--folds 5] [--repeats 3] [--seed 42]
 * [--inner-folds 3] [--max-iterations 300] [--jaccard 0.7] [--json <file>]`: scores named model
 * variations (`variations.ts`) by repeated stratified k-fold on the same folds as the released
 * model, and prints each one's weighted F1 (mean ± std over folds), macro F1, and its per-fold
 * difference against v1 (mean ± std, folds won). This is how docs/model.md's tables are rerun.
 *
 * v1 is always scored first (it is the baseline of every difference). Variations marked `grouped`
 * run on folds that keep near-duplicate rows together and are compared with v1 on those folds.
 * CPU-heavy: run it under `nice -n 19` on a shared machine.
 */
import { writeFileSync } from 'node:fs';
import { spreadOf, TermCache } from './cross-validation.js';
import { integerFlag, parseFlags, requireFlag, runCli, UsageError } from './cli-args.js';
import { loadDataset, TAGIFAI_LABELS } from './dataset.js';
import { groupedStratifiedKFold, leakedTestRows, nearDuplicateGroups } from './near-duplicates.js';
import { repeatedStratifiedKFold, type Fold } from './stratified-k-fold.js';
import { scoreVariation, type FoldScores, type Variation, type VariationContext } from './variation-harness.js';
import { allVariations } from './variations.js';

const FLAGS = ['data', 'only', 'folds', 'repeats', 'seed', 'inner-folds', 'max-iterations', 'jaccard', 'json'];

/** One scored variation, as printed and written to `--json`. */
interface VariationResult {
  id: string;
  description: string;
  folds: 'stratified' | 'grouped';
  weightedF1: { mean: number; std: number };
  macroF1: { mean: number; std: number };
  foldWeightedF1: number[];
  /** Mean F1 of each class over the folds. */
  classF1: Record<string, number>;
  pairedVsV1: { mean: number; std: number; wins: number; folds: number };
  seconds: number;
}

function chosenVariations(only: string | undefined): Variation[] {
  const all = allVariations();
  if (only === undefined) return all;
  const ids = only.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !all.some((v) => v.id === id));
  if (unknown.length > 0) throw new UsageError(`unknown variation ${unknown.join(', ')} (known: ${all.map((v) => v.id).join(', ')})`);
  return all.filter((v) => v.id === 'v1' || ids.includes(v.id));
}

function numberFlag(flags: Record<string, string>, name: string, fallback: number): number {
  const value = flags[name] === undefined ? fallback : Number(flags[name]);
  if (!Number.isFinite(value)) throw new UsageError(`flag --${name} must be a number, got "${flags[name]}"`);
  return value;
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`;

function describe(result: VariationResult): string {
  const { weightedF1: w, macroF1: m, pairedVsV1: p } = result;
  const paired = result.id === 'v1' ? '—' : `${signed(p.mean)} ± ${p.std.toFixed(4)} (${p.wins}/${p.folds})`;
  return `${result.id.padEnd(20)} ${w.mean.toFixed(4)} ± ${w.std.toFixed(4)}  macro ${m.mean.toFixed(4)}  paired ${paired.padEnd(26)} ${result.seconds.toFixed(0)}s`;
}

function main(argv: readonly string[]): void {
  const flags = parseFlags(argv, FLAGS);
  const variations = chosenVariations(flags.only);
  const dataset = loadDataset(requireFlag(flags, 'data'));
  const labels = [...TAGIFAI_LABELS];
  const classes = dataset.projects.map((p) => labels.indexOf(p.tag));
  const [k, repeats, seed] = [integerFlag(flags, 'folds', 5), integerFlag(flags, 'repeats', 3), integerFlag(flags, 'seed', 42)];
  const groups = nearDuplicateGroups(dataset.projects, numberFlag(flags, 'jaccard', 0.7));
  const context: VariationContext = {
    projects: dataset.projects,
    classes,
    labels,
    terms: new TermCache(dataset.projects),
    seed,
    maxIterations: integerFlag(flags, 'max-iterations', 300),
    innerFolds: integerFlag(flags, 'inner-folds', 3),
    groups,
  };
  const foldSets: Record<'stratified' | 'grouped', Fold[]> = {
    stratified: repeatedStratifiedKFold(classes, k, repeats, seed),
    grouped: groupedStratifiedKFold(classes, groups, k, repeats, seed),
  };
  const duplicates = dataset.projects.length - new Set(groups).size;
  console.log(`${dataset.projects.length} projects, ${repeats}×${k}-fold, seed ${seed}; ${duplicates} rows are near-duplicates of an earlier row;`);
  console.log(`test rows with a near-duplicate in their fold's training part: ${leakedTestRows(foldSets.stratified, groups)} (stratified folds), ${leakedTestRows(foldSets.grouped, groups)} (grouped)\n`);

  const baselines = new Map<string, FoldScores>();
  const results: VariationResult[] = [];
  const v1 = allVariations()[0]!;
  for (const variation of variations) {
    const scheme = variation.folds ?? 'stratified';
    const started = Date.now();
    const scores = scoreVariation(variation, foldSets[scheme], context);
    const seconds = (Date.now() - started) / 1000;
    if (variation.id === 'v1') baselines.set('stratified', scores);
    if (!baselines.has(scheme)) baselines.set(scheme, scoreVariation(v1, foldSets[scheme], context));
    const difference = scores.weightedF1.map((score, fold) => score - baselines.get(scheme)!.weightedF1[fold]!);
    const result: VariationResult = {
      id: variation.id,
      description: variation.description,
      folds: scheme,
      weightedF1: spreadOf(scores.weightedF1),
      macroF1: spreadOf(scores.macroF1),
      foldWeightedF1: scores.weightedF1,
      classF1: Object.fromEntries(Object.entries(scores.classF1).map(([label, f1]) => [label, spreadOf(f1).mean])),
      pairedVsV1: { ...spreadOf(difference), wins: difference.filter((d) => d > 0).length, folds: difference.length },
      seconds,
    };
    results.push(result);
    console.log(describe(result));
    const notes = variation.notes?.(context);
    if (notes !== undefined) console.log(`  ${notes}`);
  }
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
}


const USAGE = `usage: npm run variations -- --data <csv> [--only v1,word-1-3] [--folds 5] [--repeats 3] [--seed 42]
       [--inner-folds 3] [--max-iterations 300] [--jaccard 0.7] [--json <file>]`;

void runCli('variations', USAGE, main);
