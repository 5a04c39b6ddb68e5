/**
 * Public API of the model layer: loading a trained tagifai version and predicting with it.
 *
 * The service imports from here only; training code lives in `src/classifier/training`.
 */
export { Predictor, FALLBACK_LABEL } from './predictor.js';
export type { Prediction, PredictorOptions } from './predictor.js';
export { listModelVersions, latestModelVersion } from './model-registry.js';
export { ModelLoadError } from './errors.js';
export { Featurizer } from './featurizer.js';
export type { BlockVocabulary, PaddedBatch, PredictionInput, SparseVector } from './featurizer.js';
export type { ModelMetadata, CvMetrics, MetricSpread } from './metadata.js';
export { parseModelMetadata, MetadataFormatError } from './metadata.js';
export type { NgramBlockConfig } from './ngrams.js';
export { preprocess, joinFields } from './preprocess.js';
