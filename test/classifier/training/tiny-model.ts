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
