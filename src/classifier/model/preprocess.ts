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
  const cleaned = text.normalize('NFKC').toLowerCase().replace(URL, ' ').replace(NON_ALPHANUMERIC, ' ');
  return cleaned.split(' ').filter((token) => token.length > 0);
}
