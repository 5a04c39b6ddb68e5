/**
 * A tiny labelled dataset the tests write themselves: four classes, a few projects each, with
 * clearly separable vocabulary so a model trains in milliseconds and its predictions are obvious.
 */
import type { LabelledProject } from '../../../src/classifier/training/dataset.js';

const TEMPLATES: Record<string, [string, string][]> = {
  'computer-vision': [
    ['Object detection with YOLO', 'Detect cars and people in camera images.'],
    ['Image segmentation toolkit', 'Pixel masks for images and video frames.'],
    ['Face recognition demo', 'Recognise faces in photos with a convolutional network.'],
    ['Pose estimation in video', 'Track human keypoints in camera frames.'],
    ['Image classification on CIFAR', 'Classify small images with ResNet.'],
  ],
  mlops: [
    ['Model deployment with Docker', 'Serve models in production containers with monitoring.'],
    ['Experiment tracking server', 'Log metrics and artifacts of training runs for reproducibility.'],
    ['Feature store for pipelines', 'Production data pipelines and model monitoring.'],
    ['Continuous delivery for ML', 'Deploy, monitor and version models in production.'],
    ['Model registry and serving', 'Version, deploy and monitor models behind an API.'],
  ],
  'natural-language-processing': [
    ['Text summarization with transformers', 'Summarize news articles with BERT language models.'],
    ['Named entity recognition', 'Tag entities in sentences with a language model.'],
    ['Machine translation toolkit', 'Translate text between languages with sequence models.'],
    ['Sentiment analysis of tweets', 'Classify the sentiment of text with word embeddings.'],
    ['Question answering over documents', 'Answer questions from text passages with BERT.'],
  ],
  other: [
    ['Graph neural networks', 'Node embeddings for graphs and molecules.'],
    ['Reinforcement learning agents', 'Train agents with policy gradients in games.'],
    ['Time series forecasting', 'Forecast sales with seasonal models.'],
    ['Graph convolution library', 'Message passing on graph structured data.'],
    ['Deep Q learning for Atari', 'Reinforcement learning agents that play games.'],
  ],
};

/** The fixture projects, classes interleaved. */
export function tinyProjects(): LabelledProject[] {
  const projects: LabelledProject[] = [];
  for (let i = 0; i < 5; i++) {
    for (const [tag, rows] of Object.entries(TEMPLATES)) projects.push({ title: rows[i]![0], description: rows[i]![1], tag });
  }
  return projects;
}

/** The fixture as RFC 4180 CSV text (quotes doubled, every field quoted). */
export function tinyCsv(): string {
  const quote = (field: string) => `"${field.replaceAll('"', '""')}"`;
  const rows = tinyProjects().map((p, i) => [String(i), '2020-01-01 00:00:00', p.title, p.description, p.tag].map(quote).join(','));
  return `id,created_on,title,description,tag\n${rows.join('\n')}\n`;
}
