/**
 * The fifth round of model variations (docs/model.md, "Fifth round"): regularisers and a tokeniser
 * change that the earlier rounds had not tried, each a small change of v1 scored on v1's folds by
 * `npm run variations`.
 *
 * - token dropout: the fold's training rows plus seeded copies with random words deleted;
 * - bagging: the average of the probabilities of softmax models fitted on bootstrap samples of
 *   the fold's training rows (one shared vocabulary, so it would export as one ONNX graph with the
 *   members' weight matrices side by side);
 * - label smoothing in the cross-entropy;
 * - an L1 penalty beside the L2 (elastic net, fitted by the OWL-QN mode of L-BFGS);
 * - compound splitting ("PyTorch" → py torch) as extra word-block unigrams.
 */
import { extractTerms, type NgramBlockConfig } from '../model/ngrams.js';
import { joinFields, preprocess } from '../model/preprocess.js';
import { GENERIC_ML_WORDS, STOPWORDS } from '../model/stopwords.js';
import { compoundParts } from './camel-case.js';
import { argmax } from './cross-validation.js';
import { seededRandom } from './random.js';
import { probabilitiesOf } from './softmax-regression.js';
import { dropoutCopies } from './token-dropout.js';
import { fitFeatures, fitWeights, linearVariation, memo, type AugmentedRows, type LinearSpec, type Variation, type VariationContext } from './variation-harness.js';

/** The cleaned tokens of every project: what both blocks build their n-grams from. */
const tokensOf = memo((context) => context.projects.map((p) => preprocess(joinFields(p.title, p.description))));

/** Training rows' dropout copies, turned into terms of the given blocks, each with its row's class. */
function dropoutAugment(blocks: readonly NgramBlockConfig[], rate: number, copies: number) {
  return (rows: readonly number[], context: VariationContext): AugmentedRows => {
    const tokens = tokensOf(context);
    const copied = dropoutCopies(rows.map((row) => tokens[row]!), { rate, copies, seed: context.seed + 101 });
    return {
      terms: copied.map((kept) => blocks.map((block) => extractTerms(kept, block))),
      classes: rows.flatMap((row) => new Array<number>(copies).fill(context.classes[row]!)),
    };
  };
}

/** v1 fitted on its training rows plus `copies` token-dropout copies of each. */
function dropoutSpec(v1: LinearSpec, rate: number, copies: number): LinearSpec {
  return { ...v1, augment: dropoutAugment(v1.blocks, rate, copies) };
}

/** A bootstrap sample: `rows.length` rows drawn from `rows` with replacement. */
export function bootstrapSample(rows: readonly number[], random: () => number): number[] {
  return rows.map(() => rows[Math.floor(random() * rows.length)]!);
}

/**
 * The average of the class probabilities of `members` models of `spec`, each fitted on a bootstrap
 * sample (rows drawn with replacement, as many as the fold has) of the fold's training rows. The
 * vocabulary and idf are fitted once on all of the fold's training rows and shared.
 */
export function baggingVariation(id: string, spec: LinearSpec, members: number): Variation {
  return {
    id,
    description: `average of ${members} bootstrap softmax models (shared vocabulary)`,
    predict: (train, test, context) => {
      const { featurizer, terms } = fitFeatures(spec, train, context);
      const random = seededRandom(context.seed + 202);
      const models = Array.from({ length: members }, () => {
        const sample = bootstrapSample(train, random);
        return fitWeights(spec, featurizer, sample.map((row) => terms[row]!), sample.map((row) => context.classes[row]!), context);
      });
      return test.map((row) => {
        const vector = featurizer.vectorize(terms[row]!);
        const mean = new Float64Array(context.labels.length);
        for (const model of models) probabilitiesOf(model, vector).forEach((p, c) => (mean[c]! += p / members));
        return argmax(mean);
      });
    },
  };
}

/**
 * Terms of every project for v1's [word, char] blocks with the parts of compound tokens added:
 * as word unigrams, and with `inCharBlock` also as char n-grams. Parts that are stop words,
 * domain-generic words or a single character ("v", "5" of "YOLOv5") are left out.
 */
function compoundTerms(v1: LinearSpec, inCharBlock: boolean): (context: VariationContext) => string[][][] {
  return memo((context) => {
    const standard = context.terms.termsFor(v1.blocks);
    const dropped = new Set([...GENERIC_ML_WORDS, ...STOPWORDS]);
    return context.projects.map((p, row) => {
      const parts = compoundParts(joinFields(p.title, p.description)).filter((part) => part.length > 1 && !dropped.has(part));
      const [word, char] = standard[row]!;
      return [[...word!, ...parts], inCharBlock ? [...char!, ...extractTerms(parts, v1.blocks[1]!)] : char!];
    });
  });
}

/** The fifth round's variations of `v1` (the released spec: [word 1-2, char 3-5] blocks). */
export function fifthRoundVariations(v1: LinearSpec): Variation[] {
  return [
    linearVariation('dropout-0.1x2', 'token dropout: + 2 copies of each training row, 10% of tokens dropped', dropoutSpec(v1, 0.1, 2)),
    linearVariation('dropout-0.2x3', 'token dropout: + 3 copies, 20% dropped', dropoutSpec(v1, 0.2, 3)),
    linearVariation('dropout-0.3x4', 'token dropout: + 4 copies, 30% dropped', dropoutSpec(v1, 0.3, 4)),
    // Dropout regularises on top of L2, so the best L2 with it may be weaker than v1's.
    linearVariation('dropout-0.2x3-l2-5e-5', 'token dropout (+ 3 copies, 20% dropped), L2 5e-5', { ...dropoutSpec(v1, 0.2, 3), l2: 5e-5 }),
    linearVariation('dropout-0.2x6', 'token dropout: + 6 copies, 20% dropped', dropoutSpec(v1, 0.2, 6)),
    linearVariation('smooth-0.05', 'label smoothing ε 0.05', { ...v1, labelSmoothing: 0.05 }),
    linearVariation('smooth-0.1', 'label smoothing ε 0.1', { ...v1, labelSmoothing: 0.1 }),
    baggingVariation('bagging-10', v1, 10),
    linearVariation('elastic-l1-1e-5', 'elastic net: L1 1e-5 beside the L2 1e-4 (OWL-QN)', { ...v1, l1: 1e-5 }),
    linearVariation('elastic-l1-1e-4', 'elastic net: L1 1e-4 beside the L2 1e-4 (OWL-QN)', { ...v1, l1: 1e-4 }),
    linearVariation('compound-split', 'compound parts (PyTorch → py torch) as extra word unigrams', { ...v1, terms: compoundTerms(v1, false) }),
    linearVariation('compound-split-both', 'compound parts in the word and the char block', { ...v1, terms: compoundTerms(v1, true) }),
  ];
}
