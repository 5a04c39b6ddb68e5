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
 * time: featurization is on every request's path.
 */
import { BlockCounter } from './block-counter.js';
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

/** Sparse vectors of a batch padded to one width, laid out as the ONNX graph's two inputs. */
export interface PaddedBatch {
  rows: number;
  /** Features per row: the largest count in the batch (at least 1); short rows pad with (0, 0). */
  width: number;
  ids: BigInt64Array;
  values: Float32Array;
}

/** Turns text into the model's sparse input, using fitted vocabularies. */
export class Featurizer {
  readonly blocks: readonly NgramBlockConfig[];
  /** Total number of features: the rows of the model's weight matrix. */
  readonly size: number;
  private readonly counters: BlockCounter[];
  private readonly offsets: number[];
  private readonly readsTitle: boolean;

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
    const ids: number[] = [];
    const values: number[] = [];
    for (let b = 0; b < this.counters.length; b++) {
      this.counters[b]!.countTerms(termsPerBlock[b]!);
      this.counters[b]!.emitWeights(this.offsets[b]!, ids, values);
    }
    return { ids, values };
  }

  /**
   * Text → sparse vector: the serving route. Equal, bit for bit, to
   * `vectorize(extract(title, description))`, but counts n-grams without building them.
   */
  transform(title: string, description = ''): SparseVector {
    const text = preprocess(joinFields(title, description));
    const titleOnly = this.readsTitle ? preprocess(title) : text;
    const ids: number[] = [];
    const values: number[] = [];
    for (let b = 0; b < this.counters.length; b++) {
      this.counters[b]!.countTokens(this.blocks[b]!.field === 'title' ? titleOnly : text);
      this.counters[b]!.emitWeights(this.offsets[b]!, ids, values);
    }
    return { ids, values };
  }
}

/** Whether this machine stores the low 32 bits of an int64 first (x64 and arm64 do). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Pads sparse vectors to a common width for one onnxruntime run.
 *
 * Padding uses id 0 with value 0: it gathers a real weight row but multiplies it by zero, so the
 * graph needs no mask. A batch of empty vectors still gets width 1 (ONNX dislikes zero-size dims).
 * Ids are written through a 32-bit view of the int64 buffer (low word = id, high word = 0 on a
 * little-endian machine), which avoids creating one BigInt per feature.
 */
export function padBatch(vectors: readonly SparseVector[]): PaddedBatch {
  let width = 1;
  for (const vector of vectors) width = Math.max(width, vector.ids.length);
  const ids = new BigInt64Array(vectors.length * width);
  const values = new Float32Array(vectors.length * width);
  const words = new Int32Array(ids.buffer);
  for (let row = 0; row < vectors.length; row++) {
    const vector = vectors[row]!;
    const base = row * width;
    for (let i = 0; i < vector.ids.length; i++) {
      if (LITTLE_ENDIAN) words[2 * (base + i)] = vector.ids[i]!;
      else ids[base + i] = BigInt(vector.ids[i]!);
      values[base + i] = vector.values[i]!;
    }
  }
  return { rows: vectors.length, width, ids, values };
}
