/**
 * A seeded pseudo-random generator, so every shuffle in training is reproducible.
 *
 * mulberry32: a 32-bit state, one multiply-xorshift per draw. Not for cryptography; plenty for
 * shuffling a few hundred rows into folds. The same seed gives the same sequence on every platform
 * because it uses only 32-bit integer arithmetic (`Math.imul`).
 */

/** Returns a function drawing uniform numbers in [0, 1) from the given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy of `items`, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
