/**
 * The featurizer: raw project text → sparse TF-IDF vector, the model's input.
 *
 * One implementation serves training and serving: the trainer builds a `Featurizer` from the
 * vocabulary it has just fitted, the `Predictor` builds one from `metadata.json`. Each block (word
 * n-grams, character n-grams) is a bag of terms weighted by tf·idf and L2-normalised on its own, so
 * a long description cannot drown the title's few words; the blocks are then laid side by side
 * (block b's term i gets id offset_b + i). The result is sparse — a project touches a few hundred
 * of tens of thousands of features — which is why the ONNX graph takes (id, value) pairs and gathers
 * weight rows instead of multiplying a dense vector. Counting and weighting happen in one
 * `BlockCounter` per block, which reuses typed arrays and never builds n-gram strings at serving
 * time; the weights land in a reused `FeatureBuffer`: featurization is on every request's path.
 */
import { BlockCounter } from './block-counter.js';
import { FeatureBuffer, type PaddedBatch } from './feature-buffer.js';
import { extractTerms, type NgramBlockConfig } from './ngrams.js';
import { joinFields, preprocess } from './preprocess.js';

/** A fitted block: its terms in id order and each term's inverse document frequency. */
export interface BlockVocabulary {
  terms: string[];
  idf: number[];
}

/** A sparse vector: `ids[i]` has value `values[i]`; ids ascending, no repeats. */
export interface SparseVector {
  ids: number[];
  values: number[];
}

export type { PaddedBatch } from './feature-buffer.js';

/**
 * One project to classify: what the featurizer reads and the predictor accepts (defined here, the
 * lowest layer that reads it; `predictor.ts` re-exports it).
 */
export interface PredictionInput {
  title: string;
  description?: string;
}

/** Turns text into the model's sparse input, using fitted vocabularies. */
export class Featurizer {
  readonly blocks: readonly NgramBlockConfig[];
  /** Total number of features: the rows of the model's weight matrix. */
  readonly size: number;
  private readonly counters: BlockCounter[];
  private readonly offsets: number[];
  private readonly readsTitle: boolean;
  /** Reused by every call; featurization is synchronous, so calls never interleave. */
  private readonly buffer = new FeatureBuffer();

  constructor(blocks: readonly NgramBlockConfig[], vocabularies: readonly BlockVocabulary[]) {
    if (blocks.length !== vocabularies.length) {
      throw new Error(`featurizer: ${blocks.length} block configs but ${vocabularies.length} vocabularies`);
    }
    this.blocks = blocks;
    this.counters = blocks.map((block, b) => new BlockCounter(block, vocabularies[b]!.terms, vocabularies[b]!.idf));
    this.offsets = [];
    let offset = 0;
    for (const vocabulary of vocabularies) {
      this.offsets.push(offset);
      offset += vocabulary.terms.length;
    }
    this.size = offset;
    this.readsTitle = blocks.some((block) => block.field === 'title');
  }

  /** The terms of every block for one project, as strings (what the vocabulary is fitted on). */
  extract(title: string, description = ''): string[][] {
    const text = preprocess(joinFields(title, description));
    const titleOnly = this.readsTitle ? preprocess(title) : [];
    return this.blocks.map((block) => extractTerms(block.field === 'title' ? titleOnly : text, block));
  }

  /** Weights already-extracted terms: tf·idf per block, L2 per block, then concatenated. */
  vectorize(termsPerBlock: readonly (readonly string[])[]): SparseVector {
    this.buffer.clear();
    this.buffer.startRow();
    for (let b = 0; b < this.counters.length; b++) {
      this.counters[b]!.countTerms(termsPerBlock[b]!);
      this.counters[b]!.emitWeights(this.offsets[b]!, this.buffer);
    }
    return this.buffer.rowAsLists(0);
  }

  /**
   * Text → sparse vector: the serving route. Equal, bit for bit, to
   * `vectorize(extract(title, description))`, but counts n-grams without building them.
   */
  transform(title: string, description = ''): SparseVector {
    this.buffer.clear();
    this.writeRow(title, description);
    return this.buffer.rowAsLists(0);
  }

  /**
   * Projects → the graph's padded input, in one pass: each project's features go straight into
   * the reused buffer, so the two padded arrays are the only allocations besides the tokens.
   * Row r holds what `transform(items[r].title, items[r].description)` gives, padded with (0, 0)
   * to the batch's widest row (see `FeatureBuffer.toPadded`).
   */
  featurizeBatch(items: readonly PredictionInput[]): PaddedBatch {
    this.buffer.clear();
    for (let i = 0; i < items.length; i++) this.writeRow(items[i]!.title, items[i]!.description ?? '');
    return this.buffer.toPadded();
  }

  /** Appends one project's features to the buffer as a new row. */
  private writeRow(title: string, description: string): void {
    const text = preprocess(joinFields(title, description));
    const titleOnly = this.readsTitle ? preprocess(title) : text;
    this.buffer.startRow();
    for (let b = 0; b < this.counters.length; b++) {
      this.counters[b]!.countTokens(this.blocks[b]!.field === 'title' ? titleOnly : text);
      this.counters[b]!.emitWeights(this.offsets[b]!, this.buffer);
    }
  }
}
