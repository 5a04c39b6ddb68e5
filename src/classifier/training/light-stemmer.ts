/**
 * A light English suffix stripper in the spirit of Porter (1980), for one experiment: does the word
 * block generalise better when "detectors", "detected" and "detecting" share a feature?
 *
 * Only the inflectional steps (Porter's step 1: plurals, -ed, -ing) and a handful of common
 * derivational endings are applied, each only when enough of the word is left to stay
 * recognisable. It is deliberately crude — the character block already shares prefixes between
 * word forms, so a full Porter stemmer would mostly duplicate that. Tokens with digits ("yolov5",
 * "gpt2") and short tokens are returned as they are. Used by `variations.ts`; not on the serving
 * path (a model trained with it would need it there too).
 */

/** Derivational endings and what they become, longest first so "ization" wins over "ation". */
const DERIVATIONAL: readonly (readonly [string, string])[] = [
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ation', 'ate'],
  ['ness', ''],
  ['ment', ''],
  ['ical', 'ic'],
];

const VOWEL = /[aeiouy]/;

/** Whether `stem` is long enough, and has a vowel, to stand on its own after a suffix is removed. */
function viable(stem: string): boolean {
  return stem.length >= 3 && VOWEL.test(stem);
}

/** Porter step 1a: plurals. "classes" → "class", "libraries" → "librari", "models" → "model". */
function stripPlural(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}i`;
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word) && viable(word.slice(0, -1))) return word.slice(0, -1);
  return word;
}

/** Porter step 1b: -ed and -ing, then the clean-up that makes "hopping" and "hop" meet. */
function stripVerbEnding(word: string): string {
  const suffix = word.endsWith('ing') ? 'ing' : word.endsWith('ed') ? 'ed' : undefined;
  if (suffix === undefined || !viable(word.slice(0, -suffix.length))) return word;
  const stem = word.slice(0, -suffix.length);
  if (/(at|bl|iz)$/.test(stem)) return `${stem}e`; // "generated" → "generate", "optimizing" → "optimize"
  if (/([^aeioulsz])\1$/.test(stem)) return stem.slice(0, -1); // "running" → "run"
  return stem;
}

/** Replaces the first matching derivational ending if the rest stays viable. */
function stripDerivational(word: string): string {
  for (const [ending, replacement] of DERIVATIONAL) {
    if (word.endsWith(ending) && viable(word.slice(0, -ending.length))) return word.slice(0, -ending.length) + replacement;
  }
  return word;
}

/**
 * The stem of one lower-case token.
 *
 * @example
 * stem('detectors') // → 'detector'
 * stem('segmenting') // → 'segment'
 * stem('yolov5') // → 'yolov5' (digits: left alone)
 */
export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  return stripDerivational(stripVerbEnding(stripPlural(token)));
}
