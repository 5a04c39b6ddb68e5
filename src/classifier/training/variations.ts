/**
 * The named model variations `npm run variations` scores against the released model (docs/model.md
 * has the tables). Each is a small change of v1 — word 1-2 + char 3-5 n-grams, domain-generic
 * words dropped, sublinear tf·idf, L2 per block, softmax regression with L2 1e-4 and balanced
 * classes — so the per-fold difference says what that one change is worth.
 *
 * Variations from earlier rounds that need code outside the project's pipeline (NB scaling, hinge
 * loss, fastText-style embeddings, k-NN, χ² selection, other tokenisers) are described in
 * docs/model.md and not repeated here; those expressible with the project's own blocks are.
 */
import type { BlockVocabulary } from '../model/featurizer.js';
import { extractTerms, type NgramBlockConfig } from '../model/ngrams.js';
import { joinFields, preprocess } from '../model/preprocess.js';
import { GENERIC_ML_WORDS, STOPWORDS } from '../model/stopwords.js';
import { argmax } from './cross-validation.js';
import { stem } from './light-stemmer.js';
import { charBlock, wordBlock } from './search-space.js';
import {
  fitLinear,
  innerOutOfFold,
  linearVariation,
  logSoftmax,
  memo,
  tuneClassOffsets,
  type LinearSpec,
  type Variation,
  type VariationContext,
} from './variation-harness.js';
import { fitSoftmaxRegression, logitsOf } from './softmax-regression.js';
import { toCsr } from './sparse-matrix.js';
import { fifthRoundVariations } from './variations-round-5.js';
import { sixthRoundVariations } from './variations-round-6.js';
import { seventhRoundVariations } from './variations-round-7.js';

const GENERIC = { dropWords: [...GENERIC_ML_WORDS] };
const WORD_1_2 = wordBlock(1, 2, GENERIC);
const CHAR_3_5 = charBlock(3, 5, GENERIC);

/** The released v1 configuration. */
export const V1_SPEC: LinearSpec = { blocks: [WORD_1_2, CHAR_3_5], l2: 1e-4 };

/** v1 with some blocks replaced (same L2 unless given). */
function v1With(blocks: NgramBlockConfig[], l2 = V1_SPEC.l2): LinearSpec {
  return { blocks, l2 };
}

/**
 * Terms of every project for [word block, char 3-5 block], the word block read from stemmed tokens
 * (generic and stop words dropped before stemming, so "models" cannot slip through as "model").
 */
function stemmedWordTerms(wordBlockConfig: NgramBlockConfig): (context: VariationContext) => string[][][] {
  return (context) => {
    const standard = context.terms.termsFor(V1_SPEC.blocks);
    const dropped = new Set([...GENERIC_ML_WORDS, ...STOPWORDS]);
    const plainWords: NgramBlockConfig = { ...wordBlockConfig, removeStopwords: false, dropWords: [] };
    return context.projects.map((p, row) => {
      const tokens = preprocess(joinFields(p.title, p.description)).filter((token) => !dropped.has(token)).map(stem);
      return [extractTerms(tokens, plainWords), standard[row]![1]!];
    });
  };
}

/** Terms of every project with each char n-gram counted once per project (binary tf: 1 + ln 1 = 1). */
function binaryCharTerms(context: VariationContext): string[][][] {
  return context.terms.termsFor(V1_SPEC.blocks).map(([word, char]) => [word!, [...new Set(char)]]);
}

/** The char block's idf set to 1: its values are plain (sublinear) term frequencies. */
function withoutCharIdf(fitted: BlockVocabulary[]): BlockVocabulary[] {
  return [fitted[0]!, { terms: fitted[1]!.terms, idf: fitted[1]!.idf.map(() => 1) }];
}

/**
 * v1 plus per-class offsets on the log-probabilities, tuned for weighted F1 on inner out-of-fold
 * predictions of the training rows (nested: the outer test rows are never seen). At serving time
 * the offsets would fold into the model's bias.
 */
function classOffsetVariation(): Variation {
  return {
    id: 'v1-class-offsets',
    description: 'v1 + per-class log-prior offsets tuned for weighted F1 (nested, inner k-fold)',
    predict: (train, test, context) => {
      const inner = innerOutOfFold((rows) => fitLinear(V1_SPEC, rows, context), train, context);
      const offsets = tuneClassOffsets(train.map((row) => logSoftmax(inner.get(row)!)), train.map((row) => context.classes[row]!), context.labels);
      const model = fitLinear(V1_SPEC, train, context);
      return test.map((row) => argmax(logSoftmax(model(row)).map((v, c) => v + offsets[c]!)));
    },
  };
}

/**
 * A word model and a char model, their log-probabilities stacked by a small softmax regression (8
 * inputs → 4 classes) fitted on inner out-of-fold predictions of the training rows; the base
 * models are then refitted on all training rows. Folds into one linear model at serving time only
 * approximately (the meta-model reads log-softmax outputs), so it would cost a second graph stage.
 */
function stackingVariation(): Variation {
  const members: LinearSpec[] = [{ blocks: [WORD_1_2], l2: 1e-4 }, { blocks: [CHAR_3_5], l2: 1e-4 }];
  const metaInput = (logits: Float64Array[]) => {
    const values = logits.flatMap((z) => [...logSoftmax(z)]);
    return { ids: values.map((_, i) => i), values };
  };
  return {
    id: 'stack-word-char',
    description: 'word 1-2 model and char 3-5 model stacked by a meta softmax regression (nested)',
    predict: (train, test, context) => {
      const inner = members.map((spec) => innerOutOfFold((rows) => fitLinear(spec, rows, context), train, context));
      const x = toCsr(train.map((row) => metaInput(inner.map((m) => m.get(row)!))), members.length * context.labels.length);
      const { model: meta } = fitSoftmaxRegression(x, train.map((row) => context.classes[row]!), context.labels.length, {
        l2: 1e-3,
        classWeight: 'balanced',
        maxIterations: context.maxIterations,
      });
      const fitted = members.map((spec) => fitLinear(spec, train, context));
      return test.map((row) => argmax(logitsOf(meta, metaInput(fitted.map((model) => model(row))))));
    },
  };
}

/** v1 fitted on the fold's training rows minus later copies of a near-duplicate group; scored on all test rows. */
function dedupedTrainingVariation(): Variation {
  return {
    id: 'v1-dedup-train',
    description: 'v1 trained with near-duplicates removed (one row per group kept)',
    predict: (train, test, context) => {
      const seen = new Set<number>();
      const kept = train.filter((row) => !seen.has(context.groups[row]!) && seen.add(context.groups[row]!));
      const model = fitLinear(V1_SPEC, kept, context);
      return test.map((row) => argmax(model(row)));
    },
  };
}

/** Every variation, v1 first. */
export function allVariations(): Variation[] {
  return [
    linearVariation('v1', 'released v1: word 1-2 + char 3-5, generic words dropped, L2 1e-4', V1_SPEC),
    // Round 1–3 variations the project's blocks express directly.
    linearVariation('word-1-2', 'word 1-2 block alone', v1With([WORD_1_2])),
    linearVariation('char-3-5', 'char 3-5 block alone', v1With([CHAR_3_5])),
    linearVariation('min-df-1', 'min df 1 in both blocks', v1With([{ ...WORD_1_2, minDf: 1 }, { ...CHAR_3_5, minDf: 1 }])),
    linearVariation('char-3-6', 'char 3-6 instead of 3-5', v1With([WORD_1_2, charBlock(3, 6, GENERIC)])),
    linearVariation('l2-3e-4', 'L2 3e-4', v1With(V1_SPEC.blocks, 3e-4)),
    linearVariation('word-weight-1.5', 'word block weight 1.5', v1With([{ ...WORD_1_2, weight: 1.5 }, CHAR_3_5])),
    // Round 4.
    linearVariation('word-1-3', 'word 1-3 instead of 1-2', v1With([wordBlock(1, 3, GENERIC), CHAR_3_5])),
    linearVariation('char-weight-1.5', 'char block weight 1.5 (≈ weaker L2 on the char block)', v1With([WORD_1_2, { ...CHAR_3_5, weight: 1.5 }])),
    linearVariation('char-weight-0.7', 'char block weight 0.7 (≈ stronger L2 on the char block)', v1With([WORD_1_2, { ...CHAR_3_5, weight: 0.7 }])),
    linearVariation('word-stemmed', 'light suffix stripper on the word block', { ...V1_SPEC, terms: memo(stemmedWordTerms(WORD_1_2)) }),
    linearVariation('char-binary', 'char block: binary tf', { ...V1_SPEC, terms: memo(binaryCharTerms) }),
    linearVariation('char-no-idf', 'char block: no idf', { ...V1_SPEC, vocabularies: withoutCharIdf }),
    linearVariation('char-binary-no-idf', 'char block: binary tf, no idf', { ...V1_SPEC, terms: memo(binaryCharTerms), vocabularies: withoutCharIdf }),
    linearVariation('stemmed-1-3-min-df-1', 'the three small gains together: stemmed word 1-3, min df 1 in both blocks', {
      blocks: [wordBlock(1, 3, { ...GENERIC, minDf: 1 }), { ...CHAR_3_5, minDf: 1 }],
      l2: 1e-4,
      terms: memo(stemmedWordTerms(wordBlock(1, 3))),
    }),
    classOffsetVariation(),
    stackingVariation(),
    dedupedTrainingVariation(),
    { ...linearVariation('v1-grouped', 'v1 on folds that keep near-duplicates (Jaccard ≥ 0.7) together', V1_SPEC), folds: 'grouped' },
    ...fifthRoundVariations(V1_SPEC),
    ...sixthRoundVariations(V1_SPEC),
    ...seventhRoundVariations(V1_SPEC),
  ];
}
