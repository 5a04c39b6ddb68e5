/**
 * MODEL_CARD.md: the human-readable account of a model version (after Mitchell et al., 2019).
 *
 * Rendered from the same metadata that is written to `metadata.json`, so the card's numbers are the
 * recorded ones: intended use, training data, the cross-validation procedure and per-class scores
 * with their spread, calibration, and the limitations a user should know before relying on it.
 */
import type { ModelMetadata } from '../model/metadata.js';

const pct = (x: number) => (100 * x).toFixed(1);
const spread = (s: { mean: number; std: number }) => `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`;

function candidateTable(metadata: ModelMetadata): string {
  const rows = metadata.metrics.cv.candidates.map(
    (c) => `| ${c.name} | ${c.l2} | ${c.classWeight} | ${spread(c.weightedF1)} |`,
  );
  return ['| features | L2 | class weight | weighted F1 (mean ± std) |', '|---|---|---|---|', ...rows].join('\n');
}

function perClassTable(metadata: ModelMetadata): string {
  const { perClassF1 } = metadata.metrics.cv;
  const counts = metadata.trainingData.labelCounts;
  const rows = metadata.labels.map((label) => `| ${label} | ${counts[label] ?? 0} | ${spread(perClassF1[label]!)} |`);
  return ['| label | training rows | F1 (mean ± std over folds) |', '|---|---|---|', ...rows].join('\n');
}

/** "64 computer-vision, 70 mlops, … entries": the size of each class's list. */
function lexiconSize(lexicon: Readonly<Record<string, readonly string[]>>): string {
  return `${Object.entries(lexicon).map(([label, entries]) => `${entries.length} ${label}`).join(', ')} entries, in metadata.json`;
}

/** What a card says of a model whose word block reads a hand-written domain lexicon. */
const LEXICON_LIMITS = `
- The domain lexicon was written by hand, once, from general knowledge of the field and before any
  score was computed with it; its author cannot prove that the public Made With ML projects had no
  part in that knowledge. A project in a field's words the lexicon does not list gains nothing from
  it, and a listed word used in another sense ("pipeline" in a vision project) pulls towards its class.`;

/** Renders the card for a model version. */
export function renderModelCard(metadata: ModelMetadata): string {
  const cv = metadata.metrics.cv;
  const hasLexicon = metadata.features.blocks.some((block) => block.lexicon !== undefined);
  const blocks = metadata.features.blocks
    .map((b) => `${b.kind} ${b.minN}-${b.maxN}-grams (min df ${b.minDf}, ≤ ${b.maxFeatures} terms${b.removeStopwords ? ', stop words removed' : ''}${b.dropWords?.length ? `, generic words dropped: ${b.dropWords.join(' ')}` : ''}${b.lexicon ? `, plus one concept term per hit of a hand-written domain lexicon (${lexiconSize(b.lexicon)})` : ''})`)
    .join('; ');
  return `# Model card: ${metadata.name} ${metadata.version}

Created ${metadata.createdAt}. Files: \`model.onnx\` (the graph), \`metadata.json\` (labels, preprocessing,
feature configuration, vocabularies, metrics, tool versions), this card.

## Intended use
Tags a machine-learning project from its title and (optional) description as one of
${metadata.labels.map((l) => `\`${l}\``).join(', ')}. Meant for short English blurbs of the kind
posted to Made With ML (papers, repositories, tutorials, tools). The probabilities are calibrated
(temperature scaling), so a threshold on the top probability can route unsure projects to \`other\`
or to a human. Not meant for long documents, other languages, or any decision about people.

## Model
TF-IDF features — ${blocks} — each block L2-normalised, ${metadata.features.size} features in all,
fed to a softmax (multinomial logistic) regression with L2 penalty λ = ${metadata.model.l2} and
${metadata.model.classWeight === 'balanced' ? 'balanced class weights' : 'unweighted classes'},
fitted with L-BFGS, then calibrated with temperature T = ${metadata.model.temperature.toFixed(3)}
folded into the weights. The ONNX graph (opset ${metadata.model.opset}) takes the featurizer's padded
sparse output (\`${metadata.model.inputs.featureIds}\`, \`${metadata.model.inputs.featureValues}\`) and
returns \`${metadata.model.output}\`.

## Training data
\`${metadata.trainingData.file}\`: ${metadata.trainingData.rows} projects from the public Made With ML
dataset (MIT licence), sha256 \`${metadata.trainingData.sha256}\`. Text = title + " " + description.

${perClassTable(metadata)}

## Evaluation (cross-validation on the training data only)
Repeated stratified ${cv.folds}-fold cross-validation, ${cv.repeats} repeats (seed ${cv.seed}): every
fold refits vocabulary, idf and weights on its training part. Chosen configuration: the simplest one
whose mean weighted F1 lies within one standard error (std / √folds) of the best.

| metric | mean ± std over ${cv.folds * cv.repeats} folds |
|---|---|
| weighted F1 | ${spread(cv.weightedF1)} |
| macro F1 | ${spread(cv.macroF1)} |
| accuracy | ${spread(cv.accuracy)} |
| expected calibration error (out-of-fold) | ${cv.eceBeforeCalibration.toFixed(3)} before, ${cv.eceAfterCalibration.toFixed(3)} after temperature scaling |

Candidates tried in this run:

${candidateTable(metadata)}

The wider search (richer character n-gram feature sets), the behavioural test suite every
released model must pass, and why this configuration was released are in \`docs/model.md\`.

## Limitations
- Small training set (${metadata.trainingData.rows} rows); \`mlops\` has the fewest examples and the lowest
  F1 (${pct(cv.perClassF1['mlops']?.mean ?? 0)}%). Scores on new data can fall anywhere in the spread above.
- \`other\` is a catch-all (graphs, reinforcement learning, time series, ...): a project from a field
  absent from the training data is likely to be forced into one of the three named fields.
- A bag of n-grams: it reads words, not meaning. Negations ("not a vision model") and sarcasm are
  invisible to it; a single strong domain word can dominate a short description.
- English only; words never seen in training contribute only through shared character n-grams${hasLexicon ? ' or\n  the domain lexicon' : ''}.
- Data from 2020–2021 posts: new names (model families, tools) may be unknown.${hasLexicon ? LEXICON_LIMITS : ''}
`;
}
