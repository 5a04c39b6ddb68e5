/**
 * Token dropout: training-set augmentation by random deletion of words.
 *
 * Each training project is copied a few times with every token kept only with probability 1 − rate
 * (at least one token always survives), and the copies are fitted alongside the originals with the
 * same label. On a few hundred short texts this is a regulariser of another kind than L2: the model
 * cannot rest a decision on any single word, because in some copies that word is missing (the
 * "word dropout" of Iyyer et al., 2015, and the random deletion of Wei & Zou's EDA, 2019). Only
 * training uses it; a served project is featurized whole.
 */
import { seededRandom } from './random.js';

/** How many dropout copies of each training project, and how many of their tokens to drop. */
export interface TokenDropoutOptions {
  /** Probability that a token is removed from a copy, in [0, 1). */
  rate: number;
  /** Copies per training project (the original is kept as well). */
  copies: number;
  seed: number;
}

/** `tokens` with each one kept with probability 1 − rate; never empty when `tokens` is not. */
export function dropTokens(tokens: readonly string[], rate: number, random: () => number): string[] {
  const kept = tokens.filter(() => random() >= rate);
  if (kept.length > 0 || tokens.length === 0) return kept;
  return [tokens[Math.floor(random() * tokens.length)]!];
}

/**
 * The dropout copies of every given token list, `copies` per list, in order (all copies of the
 * first list, then of the second, …). Deterministic for a given seed.
 */
export function dropoutCopies(tokenLists: readonly (readonly string[])[], options: TokenDropoutOptions): string[][] {
  if (!(options.rate >= 0 && options.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${options.rate}`);
  const random = seededRandom(options.seed);
  const copies: string[][] = [];
  for (const tokens of tokenLists) {
    for (let k = 0; k < options.copies; k++) copies.push(dropTokens(tokens, options.rate, random));
  }
  return copies;
}
