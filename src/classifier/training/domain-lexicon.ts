/**
 * A hand-written domain lexicon: for each of the task's four classes, words and short phrases that
 * name that field of machine learning, written from general knowledge of the field — not read off
 * the training data, and never tuned on cross-validation errors (docs/model.md, "Seventh round").
 *
 * A word block that carries it (`NgramBlockConfig.lexicon`, the "lexicon" feature sets of
 * search-space.ts) scans a project's cleaned tokens for the entries, and every hit becomes a concept
 * term (`__lex_<class>__`, model/lexicon-matcher.ts, the one matcher of training and serving), so
 * all the field's words share one weight, including words too rare in the 764 training projects to
 * reach the vocabulary. The trainer writes the lexicon into `metadata.json` with the block, so a
 * model version carries the lexicon it was trained with; changing this file changes only models
 * trained after the change.
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
