/**
 * Text preprocessing: the first step between a project's (title, description) and the model.
 *
 * Training and serving both call `preprocess`, so a project is cleaned exactly the same way when the
 * vocabulary is learnt and when a request is answered. The steps are the usual ones for short
 * technical blurbs: join title and description, fold Unicode look-alikes (NFKC) and case, drop URLs
 * (they name hosts, not topics), and turn every run of non-alphanumeric characters into one space.
 * The output is a list of tokens; the n-gram extractors build features from it.
 */

/** The cleaning steps, in order, as recorded in `metadata.json` (documentation for readers). */
export const PREPROCESS_STEPS: readonly string[] = [
  'join title and description with one space',
  'Unicode NFKC normalisation',
  'lower-case',
  'replace URLs (http://, https://, www.) with a space',
  'replace every run of characters that are not letters or digits with one space',
  'split on spaces',
];

const URL = /\b(?:https?:\/\/|www\.)\S+/g;
// Letters and digits of any script survive; everything else (punctuation, symbols, emoji) separates.
const NON_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;

/** The single string the model reads for a project: title first, then description. */
export function joinFields(title: string, description = ''): string {
  return description.length > 0 ? `${title} ${description}` : title;
}

/**
 * Lower-cases, strips URLs and punctuation, and splits into tokens.
 *
 * @example
 * preprocess('BERT: Pre-training of Deep Transformers (https://arxiv.org/abs/1810.04805)')
 * // → ['bert', 'pre', 'training', 'of', 'deep', 'transformers']
 */
export function preprocess(text: string): string[] {
  return isAscii(text) ? asciiTokens(text) : anyTokens(text);
}

/** The steps as written in `PREPROCESS_STEPS`, for text in any script. */
function anyTokens(text: string): string[] {
  const cleaned = text.normalize('NFKC').toLowerCase().replace(URL, ' ').replace(NON_ALPHANUMERIC, ' ');
  return cleaned.split(' ').filter((token) => token.length > 0);
}

/**
 * The same steps for ASCII text, which is most of what the service sees, without the Unicode
 * regular expression and the intermediate strings: NFKC leaves ASCII unchanged, and in ASCII the
 * letters and digits are exactly a–z and 0–9 once lower-cased, so the tokens are the runs of those.
 * Runs on every request (the featurizer's first step); equal to `anyTokens` on ASCII input.
 */
function asciiTokens(text: string): string[] {
  let lower = text.toLowerCase();
  if (lower.includes('http') || lower.includes('www.')) lower = lower.replace(URL, ' ');
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const alphanumeric = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (alphanumeric && start < 0) start = i;
    else if (!alphanumeric && start >= 0) {
      tokens.push(lower.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) tokens.push(lower.slice(start));
  return tokens;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
