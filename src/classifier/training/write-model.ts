/**
 * Writes a trained model as a version directory: `model.onnx`, `metadata.json`, `MODEL_CARD.md`.
 *
 * The three files are written to a temporary sibling directory and renamed into place, so a
 * crashed run never leaves a half-written version that the service would try to load.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { ModelMetadata } from '../model/metadata.js';
import type { Dataset } from './dataset.js';
import { renderModelCard } from './model-card.js';
import { exportSoftmaxToOnnx, GRAPH_NAMES, OPSET } from './onnx-export.js';
import { PREPROCESS_STEPS } from '../model/preprocess.js';
import type { TrainedTagifai } from './train.js';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Versions of the tools that produced (and will serve) the model. */
export function toolVersions(): Record<string, string> {
  return {
    node: process.version,
    typescript: packageVersion('typescript'),
    'onnxruntime-node': packageVersion('onnxruntime-node'),
    'onnx-proto': packageVersion('onnx-proto'),
    protobufjs: packageVersion('protobufjs'),
  };
}

/** Builds the metadata record for a trained model. */
export function buildMetadata(trained: TrainedTagifai, dataset: Dataset, version: string, createdAt: Date): ModelMetadata {
  const labelCounts = Object.fromEntries(trained.labels.map((label) => [label, dataset.projects.filter((p) => p.tag === label).length]));
  return {
    schemaVersion: 1,
    name: 'tagifai',
    version,
    createdAt: createdAt.toISOString(),
    labels: trained.labels,
    preprocessing: { steps: [...PREPROCESS_STEPS] },
    features: { blocks: trained.blocks, size: trained.featurizer.size },
    vocabularies: trained.vocabularies,
    model: {
      kind: 'softmax-regression',
      l2: trained.candidate.l2,
      classWeight: trained.candidate.classWeight,
      temperature: trained.temperature,
      opset: OPSET,
      inputs: { featureIds: GRAPH_NAMES.featureIds, featureValues: GRAPH_NAMES.featureValues },
      output: GRAPH_NAMES.output,
    },
    trainingData: { file: basename(dataset.path), sha256: dataset.sha256, rows: dataset.projects.length, labelCounts },
    metrics: { cv: trained.cv },
    tools: toolVersions(),
  };
}

/** Writes the version directory `dir` (replacing it if it exists) and returns the metadata written. */
export function writeModelVersion(trained: TrainedTagifai, dataset: Dataset, dir: string, createdAt = new Date()): ModelMetadata {
  const metadata = buildMetadata(trained, dataset, basename(dir), createdAt);
  const staging = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'model.onnx'), exportSoftmaxToOnnx(trained.model, { labels: JSON.stringify(trained.labels), version: metadata.version }));
  writeFileSync(join(staging, 'metadata.json'), `${JSON.stringify(metadata)}\n`);
  writeFileSync(join(staging, 'MODEL_CARD.md'), renderModelCard(metadata));
  if (existsSync(dir)) rmSync(dir, { recursive: true });
  renameSync(staging, dir);
  return metadata;
}
