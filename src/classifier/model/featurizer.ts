/**
 * The featurizer: raw project text → sparse TF-IDF vector, the model's input.
 *
 * One implementation serves training and serving: the trainer builds a `Featurizer` from the
 * vocabulary it has just fitted, the `Predictor` builds one from `metadata.json`. Each block (word
 * n-grams, character n-grams) is a bag of terms weighted by tf·idf and L2-normalised on its own, so
 * a long description cannot drown the title's few words; the blocks are then laid side by side
 * (block b's term i gets id offset_b + i). The result is sparse — a project touches a few hundred
 * of tens of thousands of features — which is why the ONNX graph takes (id, value) pairs and gathers
 * weight rows instead of multiplying a dense vector.
 */
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
  private readonly lookups: Map<string, number>[];
  private readonly idf: Float64Array[];
  private readonly offsets: number[];

  constructor(blocks: readonly NgramBlockConfig[], vocabularies: readonly BlockVocabulary[]) {
    if (blocks.length !== vocabularies.length) {
      throw new Error(`featurizer: ${blocks.length} block configs but ${vocabularies.length} vocabularies`);
    }
    this.blocks = blocks;
    this.lookups = vocabularies.map((vocabulary) => new Map(vocabulary.terms.map((term, index) => [term, index])));
    this.idf = vocabularies.map((vocabulary) => Float64Array.from(vocabulary.idf));
    this.offsets = [];
    let offset = 0;
    for (const vocabulary of vocabularies) {
      this.offsets.push(offset);
      offset += vocabulary.terms.length;
    }
    this.size = offset;
  }

  /** The terms of every block for one project (the expensive, vocabulary-free part). */
  extract(title: string, description = ''): string[][] {
    const text = preprocess(joinFields(title, description));
    const titleOnly = this.blocks.some((block) => block.field === 'title') ? preprocess(title) : [];
    return this.blocks.map((block) => extractTerms(block.field === 'title' ? titleOnly : text, block));
  }

  /** Weights already-extracted terms: tf·idf per block, L2 per block, then concatenated. */
  vectorize(termsPerBlock: readonly (readonly string[])[]): SparseVector {
    const ids: number[] = [];
    const values: number[] = [];
    termsPerBlock.forEach((terms, b) => this.vectorizeBlock(b, terms, ids, values));
    return { ids, values };
  }

  /** `vectorize(extract(title, description))`. */
  transform(title: string, description = ''): SparseVector {
    return this.vectorize(this.extract(title, description));
  }

  private vectorizeBlock(b: number, terms: readonly string[], ids: number[], values: number[]): void {
    const block = this.blocks[b]!;
    const lookup = this.lookups[b]!;
    const counts = new Map<number, number>();
    for (const term of terms) {
      const index = lookup.get(term);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const local = [...counts.keys()].sort((x, y) => x - y);
    const weights = local.map((index) => {
      const count = counts.get(index)!;
      return (block.sublinearTf ? 1 + Math.log(count) : count) * this.idf[b]![index]!;
    });
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    if (norm === 0) return;
    const scale = block.weight / norm;
    local.forEach((index, i) => {
      ids.push(this.offsets[b]! + index);
      values.push(weights[i]! * scale);
    });
  }
}

/**
 * Pads sparse vectors to a common width for one onnxruntime run.
 *
 * Padding uses id 0 with value 0: it gathers a real weight row but multiplies it by zero, so the
 * graph needs no mask. A batch of empty vectors still gets width 1 (ONNX dislikes zero-size dims).
 */
export function padBatch(vectors: readonly SparseVector[]): PaddedBatch {
  const width = Math.max(1, ...vectors.map((vector) => vector.ids.length));
  const ids = new BigInt64Array(vectors.length * width);
  const values = new Float32Array(vectors.length * width);
  vectors.forEach((vector, row) => {
    for (let i = 0; i < vector.ids.length; i++) {
      ids[row * width + i] = BigInt(vector.ids[i]!);
      values[row * width + i] = vector.values[i]!;
    }
  });
  return { rows: vectors.length, width, ids, values };
}
