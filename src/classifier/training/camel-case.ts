/**
 * Splitting of compound names by their case and digits: "PyTorch" → py torch, "ImageNet" → image
 * net, "YOLOv5" → yolo v 5, "GPT2" → gpt 2.
 *
 * Project names in this domain are often a known word fused to another ("TensorFlow", "DeepSpeech",
 * "StyleGAN2"). Lower-casing (`model/preprocess.ts`) erases the seam, so "imagenet" and "image"
 * share a word feature only through character n-grams. This step reads the text before
 * lower-casing and, for every token that has a seam, returns its parts, which a word block can
 * count as extra unigrams beside the whole token. A training-side experiment (`variations.ts`); the
 * served featurizer does not do it.
 */

const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const NON_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
// Seams: lower → upper ("yT" in PyTorch); the end of an upper run before a capitalised word
// ("ABCDef" → ABC Def, but "GANs" stays whole); an upper run before a lone lower-case letter and a
// digit ("YOLOv5" → YOLO v5, the version letter); and letter ↔ digit in both directions.
const SEAM = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll}{2})|(?<=\p{Lu}{2})(?=\p{Ll}\p{N})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/** The lower-cased parts of one token, or just the token lower-cased when it has no seam. */
export function splitCompound(token: string): string[] {
  return token
    .split(SEAM)
    .filter((part) => part.length > 0)
    .map((part) => part.toLowerCase());
}

/**
 * The parts of every compound token of a text, in order, lower-cased (tokens without a seam
 * contribute nothing: they are already in the ordinary token list).
 *
 * @example
 * compoundParts('Fine-tuning YOLOv5 with PyTorch') // → ['yolo', 'v', '5', 'py', 'torch']
 */
export function compoundParts(text: string): string[] {
  const tokens = text.normalize('NFKC').replace(URL, ' ').replace(NON_ALPHANUMERIC, ' ').split(' ');
  return tokens.flatMap((token) => {
    const parts = splitCompound(token);
    return parts.length > 1 ? parts : [];
  });
}
