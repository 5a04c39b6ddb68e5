/**
 * `metadata.json`: everything beside `model.onnx` needed to turn raw text into the graph's input,
 * and to say where the model came from and how good cross-validation found it.
 *
 * Written by the trainer, read by the `Predictor` (and the service's `/models` endpoints). The
 * vocabularies live here rather than in the graph so the one featurizer implementation can be
 * shared by training and serving; `parseModelMetadata` checks the fields serving depends on so a
 * damaged file fails at load time with a message, not at the first request.
 */
import type { BlockVocabulary } from './featurizer.js';
import type { NgramBlockConfig } from './ngrams.js';

/** A score's mean and standard deviation over cross-validation folds. */
export interface MetricSpread {
  mean: number;
  std: number;
}

/** The cross-validation record of the trained configuration. */
export interface CvMetrics {
  folds: number;
  repeats: number;
  seed: number;
  weightedF1: MetricSpread;
  macroF1: MetricSpread;
  accuracy: MetricSpread;
  perClassF1: Record<string, MetricSpread>;
  /** Top-label expected calibration error of out-of-fold probabilities, before and after temperature scaling. */
  eceBeforeCalibration: number;
  eceAfterCalibration: number;
  /** Every candidate tried: its hyper-parameters and weighted F1 spread. */
  candidates: { name: string; l2: number; classWeight: string; weightedF1: MetricSpread }[];
}

/** The parsed contents of `metadata.json`. */
export interface ModelMetadata {
  schemaVersion: 1;
  name: string;
  version: string;
  createdAt: string;
  /** Output order of the `probabilities` tensor. */
  labels: string[];
  preprocessing: { steps: string[] };
  features: { blocks: NgramBlockConfig[]; size: number };
  vocabularies: BlockVocabulary[];
  model: {
    kind: 'softmax-regression';
    l2: number;
    classWeight: 'none' | 'balanced';
    temperature: number;
    opset: number;
    inputs: { featureIds: string; featureValues: string };
    output: string;
  };
  trainingData: { file: string; sha256: string; rows: number; labelCounts: Record<string, number> };
  metrics: { cv: CvMetrics };
  tools: Record<string, string>;
}

/** Raised by `parseModelMetadata` with the field that is missing or wrong. */
export class MetadataFormatError extends Error {
  override readonly name = 'MetadataFormatError';
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new MetadataFormatError(message);
}

/** Parses and checks metadata JSON text: the fields the featurizer and predictor rely on. */
export function parseModelMetadata(text: string): ModelMetadata {
  const data = JSON.parse(text) as ModelMetadata;
  expect(typeof data === 'object' && data !== null, 'metadata is not a JSON object');
  expect(data.schemaVersion === 1, `unsupported schemaVersion ${String(data.schemaVersion)}`);
  expect(Array.isArray(data.labels) && data.labels.length > 1, 'labels must list at least two classes');
  expect(Array.isArray(data.features?.blocks), 'features.blocks is missing');
  expect(Array.isArray(data.vocabularies), 'vocabularies is missing');
  expect(data.vocabularies.length === data.features.blocks.length, 'one vocabulary per feature block expected');
  for (const [b, block] of data.features.blocks.entries()) {
    if (block.lexicon === undefined) continue;
    expect(block.kind === 'word', `features.blocks[${b}]: a lexicon belongs to a word block`);
    expect(typeof block.lexicon === 'object' && block.lexicon !== null && !Array.isArray(block.lexicon), `features.blocks[${b}].lexicon must map labels to entries`);
    for (const [label, entries] of Object.entries(block.lexicon)) {
      expect(Array.isArray(entries) && entries.every((entry) => typeof entry === 'string'), `features.blocks[${b}].lexicon["${label}"] must be a list of strings`);
    }
  }
  for (const [b, vocabulary] of data.vocabularies.entries()) {
    expect(Array.isArray(vocabulary.terms) && Array.isArray(vocabulary.idf), `vocabularies[${b}] needs terms and idf`);
    expect(vocabulary.terms.length === vocabulary.idf.length, `vocabularies[${b}]: terms and idf differ in length`);
  }
  expect(typeof data.model?.inputs?.featureIds === 'string', 'model.inputs is missing');
  return data;
}
