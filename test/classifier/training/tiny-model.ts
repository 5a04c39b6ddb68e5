/**
 * Trains a small model on the tiny fixture dataset, for tests that need a real trained model
 * (export, predictor, determinism) without touching the real training data. Takes well under a second.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, type Dataset } from '../../../src/classifier/training/dataset.js';
import { charBlock, wordBlock } from '../../../src/classifier/training/search-space.js';
import { trainTagifai, type TrainedTagifai } from '../../../src/classifier/training/train.js';
import { TermCache } from '../../../src/classifier/training/cross-validation.js';
import type { VariationContext } from '../../../src/classifier/training/variation-harness.js';
import { tinyCsv } from './tiny-dataset.js';

/** Writes the fixture CSV into a fresh temporary directory and loads it. */
export function tinyDataset(): Dataset {
  const dir = mkdtempSync(join(tmpdir(), 'tagifai-fixture-'));
  const path = join(dir, 'tiny.csv');
  writeFileSync(path, tinyCsv());
  return loadDataset(path);
}

/** Trains on the fixture with two candidates and 2-fold CV. */
export function trainTiny(dataset: Dataset, seed = 7): TrainedTagifai {
  const blocks = [wordBlock(1, 2, { minDf: 1 }), charBlock(3, 4, { minDf: 1 })];
  return trainTagifai({
    projects: dataset.projects,
    candidates: [
      { name: 'tiny', blocks, l2: 1e-2, classWeight: 'none' },
      { name: 'tiny', blocks, l2: 1e-3, classWeight: 'balanced' },
    ],
    seed,
    folds: 2,
    repeats: 2,
    maxIterations: 200,
  });
}

/** The label order every variation test uses. */
export const TINY_LABELS = ['computer-vision', 'mlops', 'natural-language-processing', 'other'];

/**
 * A variation context on the tiny fixture (seed 3, 2 inner folds), for the variation tests.
 * `groups` maps a row to its near-duplicate group; by default every row is its own group.
 */
export function tinyVariationContext(dataset: Dataset, groups: (row: number) => number = (row) => row): VariationContext {
  const classes = dataset.projects.map((p) => TINY_LABELS.indexOf(p.tag));
  return {
    projects: dataset.projects,
    classes,
    labels: TINY_LABELS,
    terms: new TermCache(dataset.projects),
    seed: 3,
    maxIterations: 100,
    innerFolds: 2,
    groups: dataset.projects.map((_, row) => groups(row)),
  };
}
