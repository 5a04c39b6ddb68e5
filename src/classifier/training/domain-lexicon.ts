/**
 * A hand-written domain lexicon: for each of the task's four classes, words and short phrases that
 * name that field of machine learning, written from general knowledge of the field — not read off
 * the training data, and never tuned on cross-validation errors (docs/model.md, "Seventh round").
 *
 * It sits beside the n-gram blocks of a model variation: a project's cleaned tokens are scanned for
 * the entries, and every hit becomes a concept term (`__lex_<class>__`), so all the field's words
 * share one weight, including words too rare in the 764 training projects to reach the vocabulary.
 *
 * Entries are lower-case, in the tokens `preprocess` produces (letters and digits only; "k8s",
 * "ci cd"), singular; a token also matches an entry with an "s" or "es" appended. Words that name
 * more than one field ("transformer", "recognition", "tracking", "edge", "speech", "semantic",
 * "attention", "lstm", "gan") are left out on purpose: a concept term should point one way.
 */

/** The lexicon: class label → entries (one or more words each). */
export const DOMAIN_LEXICON: Readonly<Record<string, readonly string[]>> = {
  'computer-vision': [
    'image', 'photo', 'picture', 'pixel', 'video', 'camera', 'webcam', 'frame', 'visual', 'vision',
    'computer vision', 'segmentation', 'semantic segmentation', 'instance segmentation', 'detection',
    'object detection', 'detector', 'bounding box', 'pose', 'pose estimation', 'keypoint', 'face',
    'facial', 'face recognition', 'landmark', 'convolutional', 'convolution', 'cnn', 'resnet', 'vgg',
    'yolo', 'unet', 'mask rcnn', 'faster rcnn', 'rcnn', 'efficientnet', 'mobilenet', 'vit',
    'vision transformer', 'opencv', 'imagenet', 'coco', 'cifar', 'mnist', 'optical flow',
    'depth estimation', 'super resolution', 'denoising', 'inpainting', 'style transfer', 'ocr',
    'lidar', 'point cloud', 'stereo', '3d reconstruction', 'nerf', 'mesh', 'satellite', 'x ray',
    'mri', 'radiology', 'self driving', 'autonomous driving', 'stylegan', 'cyclegan', 'pix2pix',
    'deepfake', 'gesture', 'handwriting', 'sketch', 'selfie', 'thermal', 'image classification',
  ],
  mlops: [
    'mlops', 'devops', 'deployment', 'deploy', 'production', 'monitoring', 'monitor', 'pipeline',
    'serving', 'inference server', 'kubernetes', 'k8s', 'docker', 'container', 'feature store',
    'mlflow', 'kubeflow', 'airflow', 'dvc', 'tfx', 'feast', 'bentoml', 'seldon', 'sagemaker',
    'experiment tracking', 'reproducibility', 'reproducible', 'versioning', 'version control',
    'continuous integration', 'continuous delivery', 'continuous deployment', 'ci cd', 'orchestration',
    'workflow', 'infrastructure', 'scalable', 'scalability', 'latency', 'throughput', 'microservice',
    'rest api', 'fastapi', 'endpoint', 'cloud', 'aws', 'gcp', 'azure', 'serverless', 'drift',
    'data drift', 'data validation', 'data quality', 'great expectations', 'unit test', 'testing',
    'logging', 'observability', 'prometheus', 'grafana', 'terraform', 'registry', 'model registry',
    'artifact', 'lifecycle', 'governance', 'onnx', 'tensorrt', 'model serving', 'batch inference',
  ],
  'natural-language-processing': [
    'nlp', 'nlu', 'nlg', 'natural language', 'language', 'language model', 'text', 'textual',
    'text classification', 'text generation', 'translation', 'translate', 'machine translation',
    'sentiment', 'sentiment analysis', 'token', 'tokenizer', 'tokenization', 'corpus', 'corpora',
    'word embedding', 'word2vec', 'glove', 'fasttext', 'bert', 'roberta', 'distilbert', 'albert',
    'xlnet', 'electra', 'gpt', 'gpt2', 'gpt3', 't5', 'elmo', 'seq2seq', 'summarization', 'summarize',
    'question answering', 'chatbot', 'dialogue', 'dialog', 'conversational', 'named entity', 'ner',
    'part of speech', 'pos tagging', 'parsing', 'parser', 'syntax', 'grammar', 'spelling',
    'lemmatization', 'stemming', 'stopword', 'nltk', 'spacy', 'huggingface', 'hugging face',
    'sentence', 'paragraph', 'vocabulary', 'linguistic', 'multilingual', 'entity linking',
    'relation extraction', 'coreference', 'paraphrase', 'topic modeling', 'keyword extraction',
    'lexical', 'morphology', 'transliteration', 'word',
  ],
  other: [
    'reinforcement', 'reinforcement learning', 'agent', 'reward', 'policy gradient', 'q learning',
    'gym', 'atari', 'game', 'chess', 'graph', 'gnn', 'graph neural', 'node embedding',
    'knowledge graph', 'molecule', 'molecular', 'protein', 'drug', 'chemistry', 'time series',
    'forecasting', 'forecast', 'stock', 'trading', 'finance', 'financial', 'tabular',
    'recommendation', 'recommender', 'collaborative filtering', 'anomaly', 'anomaly detection',
    'fraud', 'clustering', 'audio', 'music', 'sound', 'physics', 'robotics', 'robot',
    'evolutionary', 'genetic algorithm', 'bayesian', 'probabilistic', 'causal', 'causality',
    'survival analysis', 'weather', 'climate', 'energy', 'xgboost', 'lightgbm', 'catboost',
    'gradient boosting', 'decision tree', 'random forest', 'quantum', 'sports', 'healthcare',
    'epidemiology', 'optimization', 'bandit', 'markov',
  ],
};

/** The concept term a hit of `label`'s lexicon adds: `__lex_computer-vision__`. */
export function conceptTerm(label: string): string {
  return `__lex_${label}__`;
}

/** One lexicon entry split into its words, with the class it names. */
interface Entry {
  words: string[];
  label: string;
}

/** A token matches an entry word when equal to it, or to it with "s" or "es" appended. */
function matches(token: string, word: string): boolean {
  return token === word || (token.length === word.length + 1 && token === `${word}s`) || (token.length === word.length + 2 && token === `${word}es`);
}

/**
 * Scans tokens for lexicon entries and returns one concept term per hit, in token order. At each
 * position every entry that starts there counts (a phrase and its first word both hit: "object
 * detection" gives two computer-vision hits, more evidence than "detection" alone).
 */
export class LexiconMatcher {
  private readonly byFirstWord = new Map<string, Entry[]>();

  constructor(lexicon: Readonly<Record<string, readonly string[]>> = DOMAIN_LEXICON) {
    for (const [label, entries] of Object.entries(lexicon)) {
      for (const entry of entries) {
        const words = entry.split(' ').filter((word) => word.length > 0);
        // Index under the first word and its plural forms, so a token finds its entries in one lookup.
        for (const key of [words[0]!, `${words[0]}s`, `${words[0]}es`]) {
          const list = this.byFirstWord.get(key) ?? [];
          list.push({ words, label });
          this.byFirstWord.set(key, list);
        }
      }
    }
  }

  /** Concept terms of every entry found in `tokens`. */
  hits(tokens: readonly string[]): string[] {
    const found: string[] = [];
    tokens.forEach((token, start) => {
      for (const entry of this.byFirstWord.get(token) ?? []) {
        if (start + entry.words.length > tokens.length) continue;
        if (entry.words.every((word, k) => matches(tokens[start + k]!, word))) found.push(conceptTerm(entry.label));
      }
    });
    return found;
  }
}
