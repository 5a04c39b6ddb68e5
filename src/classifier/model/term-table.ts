/**
 * The term table: a fitted vocabulary as an open-addressing hash table that can be probed with a
 * *slice* of a string, so serving never builds the n-gram strings it looks up.
 *
 * Serving is the featurizer's hot path (a profile of the service put it at about a third of the
 * JavaScript time when it counted terms in a `Map<string, number>`): every character n-gram of a
 * project was a fresh substring, hashed by V8 and then thrown away. Here the caller walks the text
 * once, extends a 32-bit FNV-1a hash one UTF-16 code unit at a time, and asks the table "which term
 * is `text[start, end)`, whose hash is h?". The table compares the stored hash first and the
 * characters only on a hash match, so a lookup allocates nothing. Terms are the same strings the
 * trainer counted, so a slice matches a term exactly when the substring would have matched it.
 */

/** FNV-1a's 32-bit offset basis: the hash of the empty string. */
export const EMPTY_HASH = 0x811c9dc5;

/**
 * Extends a FNV-1a hash by one UTF-16 code unit.
 *
 * @example
 * let h = EMPTY_HASH;
 * for (const c of 'cat') h = extendHash(h, c.charCodeAt(0)); // h === hashOf('cat')
 */
export function extendHash(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x01000193) >>> 0;
}

/** The hash of a whole string: `extendHash` over its code units. */
export function hashOf(text: string): number {
  let hash = EMPTY_HASH;
  for (let i = 0; i < text.length; i++) hash = extendHash(hash, text.charCodeAt(i));
  return hash;
}

/** Maps each term of a vocabulary to its index (its position in the list). */
export class TermTable {
  readonly size: number;
  private readonly terms: readonly string[];
  private readonly hashes: Uint32Array;
  /** Slot → term index + 1 (0 marks an empty slot); linear probing. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(terms: readonly string[]) {
    this.terms = terms;
    this.size = terms.length;
    this.hashes = Uint32Array.from(terms, hashOf);
    // At most half full, so a miss ends at an empty slot after a probe or two.
    let capacity = 8;
    while (capacity < 2 * terms.length) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let index = 0; index < terms.length; index++) {
      let slot = this.hashes[index]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The index of `term`, or −1 when it is not in the vocabulary. */
  indexOf(term: string): number {
    return this.find(hashOf(term), term, 0, term.length);
  }

  /** The index of the term equal to `text[start, end)`, whose hash is `hash`; −1 when absent. */
  find(hash: number, text: string, start: number, end: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.matches(this.terms[entry - 1]!, text, start, end)) return entry - 1;
    }
  }

  private matches(term: string, text: string, start: number, end: number): boolean {
    if (term.length !== end - start) return false;
    for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    return true;
  }
}
