/**
 * The lexicon matcher: finds the entries of a domain lexicon in a project's tokens and names the
 * concept term each hit adds to a word block (`__lex_<class>__`).
 *
 * Why concept terms: 764 training projects cannot put every word of a field into the vocabulary
 * (a term needs two projects), and each word that does get in carries its own, weakly estimated
 * weight. A lexicon written from knowledge of the field (training/domain-lexicon.ts) makes all of
 * one field's words share a single term, so "pix2pix" or "inpainting", never or rarely seen in
 * training, still point to computer vision. The lexicon itself is data: the trainer writes it into
 * the block configuration in `metadata.json`, so a model version carries the lexicon it was
 * trained with, and this one implementation serves training and serving alike (ngrams.ts,
 * block-counter.ts).
 *
 * Matching rules: entries are lower-case words as `preprocess` produces them; a phrase matches
 * consecutive tokens; a token also matches an entry word with "s" or "es" appended (plurals); every
 * entry starting at a position counts, so "object detection" hits twice ("object detection" and
 * "detection"), more evidence than "detection" alone. Hits are read from the project's tokens
 * before the block drops any word, so a phrase with a stop word in it ("part of speech") matches.
 */

/** A domain lexicon: class label → entries (each one or more words). */
export type DomainLexicon = Readonly<Record<string, readonly string[]>>;

/** The term a hit of `label`'s lexicon adds to the block: `__lex_computer-vision__`. */
export function conceptTerm(label: string): string {
  return `__lex_${label}__`;
}

/** One entry split into words, with the index of the label it names. */
interface Entry {
  words: readonly string[];
  label: number;
}

/** A token matches an entry word when equal to it, or to it with "s" or "es" appended. */
function matches(token: string, word: string): boolean {
  if (token.length === word.length) return token === word;
  if (!token.startsWith(word)) return false;
  const rest = token.length - word.length;
  return (rest === 1 && token.endsWith('s')) || (rest === 2 && token.endsWith('es'));
}

/** Scans tokens for one lexicon's entries. */
export class LexiconMatcher {
  /** The lexicon's labels, in its key order: `hitLabels` returns indices into this list. */
  readonly labels: readonly string[];
  /** Entries by their first word and its plural forms, so a token finds its entries in one lookup. */
  private readonly byFirstWord = new Map<string, Entry[]>();

  constructor(lexicon: DomainLexicon) {
    this.labels = Object.keys(lexicon);
    this.labels.forEach((label, index) => {
      for (const text of lexicon[label]!) {
        const words = text.split(' ').filter((word) => word.length > 0);
        if (words.length === 0) continue;
        for (const key of [words[0]!, `${words[0]}s`, `${words[0]}es`]) {
          const list = this.byFirstWord.get(key);
          if (list === undefined) this.byFirstWord.set(key, [{ words, label: index }]);
          else list.push({ words, label: index });
        }
      }
    });
  }

  /** The label index of every hit in `tokens`, in token order (one per entry found). */
  hitLabels(tokens: readonly string[]): number[] {
    const found: number[] = [];
    for (let start = 0; start < tokens.length; start++) {
      const entries = this.byFirstWord.get(tokens[start]!);
      if (entries === undefined) continue;
      for (const entry of entries) if (this.matchesAt(tokens, start, entry.words)) found.push(entry.label);
    }
    return found;
  }

  /** The concept term of every hit in `tokens` (what the block counts). */
  hits(tokens: readonly string[]): string[] {
    return this.hitLabels(tokens).map((label) => conceptTerm(this.labels[label]!));
  }

  private matchesAt(tokens: readonly string[], start: number, words: readonly string[]): boolean {
    if (start + words.length > tokens.length) return false;
    for (let k = 0; k < words.length; k++) if (!matches(tokens[start + k]!, words[k]!)) return false;
    return true;
  }
}

/** One matcher per lexicon object: blocks share their configuration's lexicon, so it is built once. */
const matchers = new WeakMap<DomainLexicon, LexiconMatcher>();

/** The matcher for `lexicon`, built on first use. */
export function matcherFor(lexicon: DomainLexicon): LexiconMatcher {
  let matcher = matchers.get(lexicon);
  if (matcher === undefined) {
    matcher = new LexiconMatcher(lexicon);
    matchers.set(lexicon, matcher);
  }
  return matcher;
}
