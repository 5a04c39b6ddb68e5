/**
 * N-gram extraction: turns a project's tokens into the terms the vocabulary counts.
 *
 * Two kinds of block, as in the classic TF-IDF baselines for this task: word n-grams ("object
 * detection" as one term) and character n-grams taken inside each word with a space on both sides,
 * so prefixes and suffixes ("trans", "former ") become terms. Character n-grams make the model
 * robust to spelling variants and unseen compound names ("YOLOv5", "DistilBERT").
 */
import { STOPWORDS } from './stopwords.js';
import { matcherFor, type DomainLexicon } from './lexicon-matcher.js';

/** One block of features: which n-grams, how they are counted and weighted. */
export interface NgramBlockConfig {
  /** `word`: n consecutive tokens; `char`: n consecutive characters inside one space-padded token. */
  kind: 'word' | 'char';
  /**
   * Which text the block reads: `text` (title + description) or `title` alone. A title-only block
   * lets the model weigh the title's words on their own — a title says what a project is, a
   * description often wanders.
   */
  field: 'text' | 'title';
  minN: number;
  maxN: number;
  /** Word blocks only: drop English function words before building n-grams. */
  removeStopwords: boolean;
  /** A term enters the vocabulary only if it occurs in at least this many training projects. */
  minDf: number;
  /** Keep at most this many terms (the most frequent by document frequency). */
  maxFeatures: number;
  /** Use 1 + ln(count) instead of the raw count (a word repeated five times is not five times as telling). */
  sublinearTf: boolean;
  /** The block's L2-normalised vector is multiplied by this before the blocks are concatenated. */
  weight: number;
  /**
   * Tokens dropped before any n-gram is built, in word and char blocks alike (absent: none). Meant
   * for words that are generic in this domain ("machine", "learning", "deep"): every class uses
   * them, but their uneven frequency lets a model lean on them ("machine" → mlops) instead of on
   * the words that name a field. Optional so metadata written before it existed still loads.
   */
  dropWords?: string[];
  /**
   * Word blocks only: a domain lexicon (class label → entries). Each entry found in the project's
   * tokens — all of them, before `dropWords` and stop words are removed — adds that class's concept
   * term (`__lex_<label>__`, lexicon-matcher.ts) to the block's terms, where it is counted and
   * weighted like any word. Absent: no concept terms (models trained before it existed).
   */
  lexicon?: DomainLexicon;
}

/** Every term (with repeats) the block extracts from the tokens of one project. */
export function extractTerms(tokens: readonly string[], block: NgramBlockConfig): string[] {
  const kept = block.dropWords && block.dropWords.length > 0 ? withoutWords(tokens, block.dropWords) : tokens;
  if (block.kind === 'char') return charNgrams(kept, block);
  const terms = wordNgrams(kept, block);
  if (block.lexicon !== undefined) terms.push(...matcherFor(block.lexicon).hits(tokens));
  return terms;
}

function withoutWords(tokens: readonly string[], words: readonly string[]): string[] {
  const dropped = new Set(words);
  return tokens.filter((token) => !dropped.has(token));
}

function wordNgrams(tokens: readonly string[], block: NgramBlockConfig): string[] {
  const words = block.removeStopwords ? tokens.filter((token) => !STOPWORDS.has(token)) : tokens;
  const terms: string[] = [];
  for (let n = block.minN; n <= block.maxN; n++) {
    for (let start = 0; start + n <= words.length; start++) {
      terms.push(n === 1 ? words[start]! : words.slice(start, start + n).join(' '));
    }
  }
  return terms;
}

function charNgrams(tokens: readonly string[], block: NgramBlockConfig): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = block.minN; n <= block.maxN; n++) {
      // A padded word shorter than n has no n-gram of that length (" ai " has none of length 5).
      if (padded.length < n) break;
      for (let start = 0; start + n <= padded.length; start++) terms.push(padded.slice(start, start + n));
    }
  }
  return terms;
}
