/**
 * The block counter: one feature block's term counts for one project, turned into its TF-IDF
 * weights — the inner loop of featurization, written so a prediction allocates almost nothing.
 *
 * Counting happens in typed arrays the counter keeps between calls: `counts[i]` is term i's count
 * and `touched` lists the terms seen, so clearing after a project costs one write per term seen,
 * not one per vocabulary entry. Serving walks the project's tokens directly (`countTokens`): the
 * kept tokens are copied, as UTF-16 code units, into one buffer joined by single spaces and padded
 * with one space on each side, which makes every word n-gram *and* every space-padded character
 * n-gram a slice of that buffer; each slice is hashed incrementally and probed in the `TermTable`,
 * so no n-gram string is built. A character block also remembers, per token, the term indices its
 * n-grams found (a token's character n-grams depend on the token alone, and text reuses the same
 * words all the time), so a word seen before costs one map lookup instead of a dozen probes. A word
 * block with a domain lexicon also counts the concept terms of the lexicon's hits
 * (lexicon-matcher.ts). Training hands over term strings it extracted once (`countTerms`).
 * Both routes count the same terms as `extractTerms`, and `emitWeights` turns counts into exactly
 * the numbers the previous Map-based code produced (same operations in the same order), so a
 * model's features are bit-identical whichever route built them.
 */
import type { NgramBlockConfig } from './ngrams.js';
import { STOPWORDS } from './stopwords.js';
import type { FeatureBuffer } from './feature-buffer.js';
import { copyCodeUnits, EMPTY_HASH, extendHash, TermTable } from './term-table.js';
import { conceptTerm, matcherFor, type LexiconMatcher } from './lexicon-matcher.js';

const SPACE = 0x20;
/**
 * How many distinct tokens a character block remembers before it forgets them all and starts
 * again: tokens of at most `LONGEST_REMEMBERED_TOKEN` characters, so a few hundred bytes each and
 * some megabytes at most, and far more than the words of
 * everyday traffic (the whole training set has about 20,000).
 */
export const REMEMBERED_TOKENS = 50_000;
/**
 * Longer tokens are probed every time instead of remembered, so the memory the memo holds stays
 * bounded by size and not only by count: a client sending unique 10,000-character "words" must
 * not be able to fill it with megabytes each. Everyday words are far shorter.
 */
export const LONGEST_REMEMBERED_TOKEN = 32;

/** Counts one block's terms and weights them; one instance per block of a `Featurizer`. */
export class BlockCounter {
  private readonly block: NgramBlockConfig;
  private readonly table: TermTable;
  private readonly idf: Float64Array;
  private readonly dropped: ReadonlySet<string>;
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly weights: Float64Array;
  /** " tok1 tok2 … " as UTF-16 code units (grown on demand). */
  private codes = new Uint16Array(1024);
  /** Start and end offsets of each kept token in `codes` (grown on demand). */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private keptCount = 0;
  /** Character blocks: token → the term indices of its space-padded n-grams, with repeats. */
  private readonly tokenTerms = new Map<string, Int32Array>();
  /** Scratch list of the term indices found for one token. */
  private found = new Int32Array(64);
  /** Word blocks with a lexicon: its matcher, and each of its labels' concept-term index (-1: not in the vocabulary). */
  private readonly lexicon: LexiconMatcher | undefined;
  private readonly conceptIndices: Int32Array;

  constructor(block: NgramBlockConfig, terms: readonly string[], idf: readonly number[]) {
    this.block = block;
    this.table = new TermTable(terms);
    this.idf = Float64Array.from(idf);
    this.dropped = new Set(block.dropWords ?? []);
    this.counts = new Int32Array(terms.length);
    this.touched = new Int32Array(terms.length);
    this.weights = new Float64Array(terms.length);
    this.lexicon = block.kind === 'word' && block.lexicon !== undefined ? matcherFor(block.lexicon) : undefined;
    this.conceptIndices = Int32Array.from(this.lexicon?.labels ?? [], (label) => this.table.indexOf(conceptTerm(label)));
  }

  /** Counts already-extracted term strings (the training route). */
  countTerms(terms: readonly string[]): void {
    for (let i = 0; i < terms.length; i++) {
      const index = this.table.indexOf(terms[i]!);
      if (index >= 0) this.add(index);
    }
  }

  /** Counts the block's n-grams of a project's tokens without building them (the serving route). */
  countTokens(tokens: readonly string[]): void {
    if (this.block.kind === 'char') {
      this.countCharNgrams(tokens);
      return;
    }
    this.joinKept(tokens);
    this.countWordNgrams();
    if (this.lexicon !== undefined) this.countConcepts(tokens);
  }

  /**
   * Appends the counted terms to the buffer's current row as (offset + index, weight) pairs in
   * ascending index order, each weight tf·idf scaled so the block's vector has L2 norm
   * `block.weight`; then clears the counts. A block with no known term appends nothing.
   */
  emitWeights(offset: number, out: FeatureBuffer): void {
    const local = this.touched.subarray(0, this.touchedCount).sort();
    let squares = 0;
    for (let i = 0; i < local.length; i++) {
      const index = local[i]!;
      const count = this.counts[index]!;
      // 1 + ln(1) is exactly 1: most terms occur once, so most skip the logarithm (same bits).
      const weight = (this.block.sublinearTf && count > 1 ? 1 + Math.log(count) : count) * this.idf[index]!;
      this.weights[i] = weight;
      squares += weight * weight;
      this.counts[index] = 0;
    }
    this.touchedCount = 0;
    const norm = Math.sqrt(squares);
    if (norm === 0) return;
    const scale = this.block.weight / norm;
    for (let i = 0; i < local.length; i++) out.push(offset + local[i]!, this.weights[i]! * scale);
  }

  private add(index: number): void {
    if (this.counts[index]++ === 0) this.touched[this.touchedCount++] = index;
  }

  /** " tok1 tok2 … " over the tokens this block keeps into `codes`, recording where each token sits. */
  private joinKept(tokens: readonly string[]): void {
    if (this.starts.length < tokens.length) {
      this.starts = new Int32Array(2 * tokens.length);
      this.ends = new Int32Array(2 * tokens.length);
    }
    let room = 1;
    for (let i = 0; i < tokens.length; i++) room += tokens[i]!.length + 1;
    if (this.codes.length < room) this.codes = new Uint16Array(2 * room);
    const stopwords = this.block.kind === 'word' && this.block.removeStopwords;
    let kept = 0;
    let position = 1;
    this.codes[0] = SPACE;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (this.dropped.has(token) || (stopwords && STOPWORDS.has(token))) continue;
      copyCodeUnits(token, this.codes, position);
      this.starts[kept] = position;
      position += token.length;
      this.ends[kept++] = position;
      this.codes[position++] = SPACE;
    }
    this.keptCount = kept;
  }

  /** Word n-grams: tokens i..j joined by single spaces are exactly `codes[starts[i], ends[j])`. */
  private countWordNgrams(): void {
    const { minN, maxN } = this.block;
    const codes = this.codes;
    for (let i = 0; i < this.keptCount; i++) {
      let hash = EMPTY_HASH;
      for (let j = i; j < this.keptCount && j - i < maxN; j++) {
        if (j > i) hash = extendHash(hash, SPACE);
        for (let c = this.starts[j]!; c < this.ends[j]!; c++) hash = extendHash(hash, codes[c]!);
        if (j - i + 1 < minN) continue;
        const index = this.table.find(hash, codes, this.starts[i]!, this.ends[j]!);
        if (index >= 0) this.add(index);
      }
    }
  }

  /** The lexicon's concept terms, read from all the tokens (as `extractTerms` does). */
  private countConcepts(tokens: readonly string[]): void {
    const hits = this.lexicon!.hitLabels(tokens);
    for (let i = 0; i < hits.length; i++) {
      const index = this.conceptIndices[hits[i]!]!;
      if (index >= 0) this.add(index);
    }
  }

  /** Character n-grams of each kept token, from the remembered term indices when it was seen before. */
  private countCharNgrams(tokens: readonly string[]): void {
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      if (this.dropped.has(token)) continue;
      if (token.length > LONGEST_REMEMBERED_TOKEN) {
        this.probeToken(token, false);
        continue;
      }
      const indices = this.tokenTerms.get(token) ?? this.rememberToken(token);
      for (let i = 0; i < indices.length; i++) this.add(indices[i]!);
    }
  }

  /** Probes a short token's n-grams and remembers the indices found. */
  private rememberToken(token: string): Int32Array {
    const count = this.probeToken(token, true);
    if (this.tokenTerms.size >= REMEMBERED_TOKENS) this.tokenTerms.clear();
    const indices = this.found.slice(0, count);
    // The key is copied: a token cut from the request text may be a view that keeps the whole
    // text alive, and the memo outlives the request. Concatenating, then slicing, makes V8 flatten
    // the pair into a string of the token's own size.
    this.tokenTerms.set((' ' + token).slice(1), indices);
    return indices;
  }

  /**
   * Probes the n-grams of `" token "` (each a slice of `codes`): into `found` when `collect` is
   * set (returning how many), else straight into the counts.
   */
  private probeToken(token: string, collect: boolean): number {
    const { minN, maxN } = this.block;
    const spanEnd = token.length + 2;
    if (this.codes.length < spanEnd) this.codes = new Uint16Array(2 * spanEnd);
    if (collect && this.found.length < spanEnd * maxN) this.found = new Int32Array(2 * spanEnd * maxN);
    const codes = this.codes;
    codes[0] = SPACE;
    copyCodeUnits(token, codes, 1);
    codes[spanEnd - 1] = SPACE;
    let count = 0;
    for (let start = 0; start < spanEnd; start++) {
      let hash = EMPTY_HASH;
      for (let end = start + 1; end <= spanEnd && end - start <= maxN; end++) {
        hash = extendHash(hash, codes[end - 1]!);
        if (end - start < minN) continue;
        const index = this.table.find(hash, codes, start, end);
        if (index < 0) continue;
        if (collect) this.found[count++] = index;
        else this.add(index);
      }
    }
    return count;
  }
}
