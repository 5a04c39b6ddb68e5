/**
 * Behavioural test cases for tagifai (after Ribeiro et al., 2020, "Beyond Accuracy: CheckList").
 *
 * Written by hand and committed before the final training run, so the model was not tuned to
 * them. Three kinds:
 * - minimum functionality: one plain sentence per class that any usable model must get right;
 * - invariance: changing a word that says nothing about the field must not change the label;
 * - directional: changing the domain word must move the label to that domain.
 */

/** A project and the label a sane model must give it. */
export interface LabelledSentence {
  title: string;
  description?: string;
  label: string;
}

/** Plain one-line descriptions of each class. */
export const MINIMUM_FUNCTIONALITY: LabelledSentence[] = [
  { title: 'Real-time object detection in images', label: 'computer-vision' },
  { title: 'Semantic segmentation of satellite images', label: 'computer-vision' },
  { title: 'Face recognition with convolutional neural networks', label: 'computer-vision' },
  { title: 'Pose estimation from video frames', label: 'computer-vision' },
  { title: 'Sentiment analysis of product reviews', label: 'natural-language-processing' },
  { title: 'A transformer language model for text summarization', label: 'natural-language-processing' },
  { title: 'Named entity recognition in news articles', label: 'natural-language-processing' },
  { title: 'Machine translation between English and German', label: 'natural-language-processing' },
  { title: 'Monitoring machine learning models in production', label: 'mlops' },
  { title: 'Deploying ML models with Docker and Kubernetes', label: 'mlops' },
  { title: 'Experiment tracking and model versioning for ML teams', label: 'mlops' },
  { title: 'Graph neural networks for node classification', label: 'other' },
  { title: 'Reinforcement learning agents that play Atari games', label: 'other' },
  { title: 'Time series forecasting of sales', label: 'other' },
];

/** Sentence templates with a slot `{}` for an irrelevant word, and the fillers to swap in. */
export const INVARIANCE: { template: string; fillers: string[] }[] = [
  { template: 'A {} library for object detection in images', fillers: ['fast', 'simple', 'new', 'small'] },
  { template: '{} built a sentiment classifier for movie reviews', fillers: ['Alice', 'Bob', 'Priya', 'Wei'] },
  { template: 'Deploy and monitor models in production with {}', fillers: ['ease', 'confidence', 'little effort'] },
  { template: 'Image segmentation tutorial in {}', fillers: ['PyTorch', 'TensorFlow', 'JAX'] },
  { template: 'Text classification with BERT, part {}', fillers: ['1', '2', 'three'] },
];

/** One template, the domain word swapped in, and the label each word must lead to. */
export const DIRECTIONAL: { template: string; expectations: Record<string, string> }[] = [
  {
    template: 'Pretrained transformer models for {}',
    expectations: { 'image classification': 'computer-vision', 'text classification': 'natural-language-processing' },
  },
  {
    template: 'Data augmentation library for {}',
    expectations: { images: 'computer-vision', 'text and sentences': 'natural-language-processing' },
  },
  {
    template: 'A tutorial on {} with deep learning',
    expectations: {
      'object detection': 'computer-vision',
      'machine translation': 'natural-language-processing',
      'graph neural networks': 'other',
    },
  },
  {
    template: 'Open-source tool for {}',
    expectations: {
      'model monitoring and deployment': 'mlops',
      'video object tracking': 'computer-vision',
      'question answering': 'natural-language-processing',
    },
  },
];
