/**
 * The term table: a fitted vocabulary as an open-addressing hash table that can be probed with a
 * *slice* of a string, so serving never builds the n-gram strings it looks up.
 *
 * Serving is the featurizer's hot path (a profile of the service put it at about a third of the
 * JavaScript time when it counted terms in a `Map<string, number>`): every character n-gram of a
 * project was a fresh substring, hashed by V8 and then thrown away. Here the caller walks the text
 * once (as UTF-16 code units in a typed array), extends a 32-bit FNV-1a hash one code unit at a
 * time, and asks the table "which term is `codes[start, end)`, whose hash is h?". The table
 * compares the stored hash first and the characters only on a hash match, so a lookup allocates
 * nothing. Terms are the same strings the trainer counted, so a slice matches a term exactly when
 * the substring would have matched it.
 */

/**
 * FNV-1a's 32-bit offset basis: the hash of the empty string. Hashes are kept as *signed* 32-bit
 * integers (`| 0`, not `>>> 0`): V8 stores those unboxed, while an unsigned value above 2^31 that
 * crosses a call boundary becomes a heap number — hundreds of garbage objects per project.
 */
export const EMPTY_HASH = 0x811c9dc5 | 0;

/**
 * Extends a FNV-1a hash by one UTF-16 code unit.
 *
 * @example
 * let h = EMPTY_HASH;
 * for (const c of 'cat') h = extendHash(h, c.charCodeAt(0)); // h === hashOf('cat')
 */
export function extendHash(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x01000193) | 0;
}

/** The hash of a whole string: `extendHash` over its code units. */
export function hashOf(text: string): number {
  let hash = EMPTY_HASH;
  for (let i = 0; i < text.length; i++) hash = extendHash(hash, text.charCodeAt(i));
  return hash;
}

/**
 * Maps each term of a vocabulary to its index (its position in the list).
 *
 * Lookups read only typed arrays: each slot holds the term's hash beside its index, so a probe
 * touches one cache line, and the terms' characters sit end to end in one `Uint16Array` pool, so
 * confirming a hash match compares numbers instead of following pointers to string objects spread
 * over the heap. With ~11,000 character n-grams probed a few hundred times per project, those
 * pointer chases were most of the featurizer's time.
 */
export class TermTable {
  readonly size: number;
  /** Slot s: `slots[2s]` = the term's hash, `slots[2s + 1]` = term index + 1 (0: empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Every term's UTF-16 code units, term after term. */
  private readonly pool: Uint16Array;
  /** Term i occupies `pool[starts[i], starts[i + 1])`. */
  private readonly starts: Int32Array;
  /** Scratch for `indexOf`, which receives a string and probes like `find`. */
  private scratch = new Uint16Array(64);

  constructor(terms: readonly string[]) {
    this.size = terms.length;
    this.starts = new Int32Array(terms.length + 1);
    for (let index = 0; index < terms.length; index++) this.starts[index + 1] = this.starts[index]! + terms[index]!.length;
    this.pool = new Uint16Array(this.starts[terms.length]!);
    for (let index = 0; index < terms.length; index++) copyCodeUnits(terms[index]!, this.pool, this.starts[index]!);
    // At most half full, so a miss ends at an empty slot after a probe or two.
    let capacity = 8;
    while (capacity < 2 * terms.length) capacity *= 2;
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
    for (let index = 0; index < terms.length; index++) {
      const hash = hashOf(terms[index]!);
      let slot = hash & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = index + 1;
    }
  }

  /** The index of `term`, or −1 when it is not in the vocabulary. */
  indexOf(term: string): number {
    if (this.scratch.length < term.length) this.scratch = new Uint16Array(2 * term.length);
    copyCodeUnits(term, this.scratch, 0);
    return this.find(hashOf(term), this.scratch, 0, term.length);
  }

  /** The index of the term whose code units are `codes[start, end)` and whose hash is `hash`; −1 when absent. */
  find(hash: number, codes: Uint16Array, start: number, end: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1]!;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] === hash && this.matches(entry - 1, codes, start, end)) return entry - 1;
    }
  }

  private matches(index: number, codes: Uint16Array, start: number, end: number): boolean {
    const from = this.starts[index]!;
    if (this.starts[index + 1]! - from !== end - start) return false;
    for (let i = start; i < end; i++) if (this.pool[from + i - start] !== codes[i]) return false;
    return true;
  }
}

/** Writes `text`'s UTF-16 code units into `codes` from `at` (the caller made room). */
export function copyCodeUnits(text: string, codes: Uint16Array, at: number): void {
  for (let i = 0; i < text.length; i++) codes[at + i] = text.charCodeAt(i);
}
