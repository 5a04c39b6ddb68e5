/**
 * Compound splitting by case and digits, on the project names it is meant for.
 */
import t from 'tap';
import { compoundParts, splitCompound } from '../../../src/classifier/training/camel-case.js';

t.test('splits camel case, capitalised words after an upper-case run, and letters from digits', async (t) => {
  t.same(splitCompound('PyTorch'), ['py', 'torch']);
  t.same(splitCompound('ImageNet'), ['image', 'net']);
  t.same(splitCompound('YOLOv5'), ['yolo', 'v', '5']);
  t.same(splitCompound('GPT2'), ['gpt', '2']);
  t.same(splitCompound('DistilBERT'), ['distil', 'bert']);
  t.same(splitCompound('StyleGAN2'), ['style', 'gan', '2']);
});

t.test('leaves plain words, acronyms and plural acronyms whole (lower-cased)', async (t) => {
  for (const [token, whole] of [['BERT', 'bert'], ['GANs', 'gans'], ['detection', 'detection'], ['Transformers', 'transformers']] as const) {
    t.same(splitCompound(token), [whole], token);
  }
});

t.test('returns the parts of compound tokens only, URLs and punctuation left out', async (t) => {
  t.same(compoundParts('Fine-tuning YOLOv5 with PyTorch (see https://GitHub.com/FooBar)'), ['yolo', 'v', '5', 'py', 'torch']);
  t.same(compoundParts('object detection in videos'), []);
});
