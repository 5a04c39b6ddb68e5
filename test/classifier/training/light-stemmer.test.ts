/**
 * The light suffix stripper used by the stemmed word-block variation.
 */
import t from 'tap';
import { stem } from '../../../src/classifier/training/light-stemmer.js';

t.test('brings plural, -ed and -ing forms of a word to one stem', async (t) => {
  t.same(['detector', 'detectors'].map(stem), ['detector', 'detector']);
  t.same(['detect', 'detected', 'detecting'].map(stem), ['detect', 'detect', 'detect']);
  t.same(['classes', 'libraries', 'models'].map(stem), ['class', 'librari', 'model']);
});

t.test('restores the e and undoubles the consonant that -ed and -ing leave behind', async (t) => {
  t.equal(stem('generated'), 'generate');
  t.equal(stem('optimizing'), 'optimize');
  t.equal(stem('running'), 'run');
  t.equal(stem('embeddings'), 'embed');
});

t.test('maps a few derivational endings', async (t) => {
  t.equal(stem('visualization'), 'visualize');
  t.equal(stem('deployment'), 'deploy');
  t.equal(stem('statistical'), 'statistic');
});

t.test('leaves short words, words with digits and -ss/-us/-is endings alone', async (t) => {
  t.same(['gan', 'this', 'yolov5', 'gpt2', 'loss', 'corpus', 'analysis'].map(stem), ['gan', 'this', 'yolov5', 'gpt2', 'loss', 'corpus', 'analysis']);
});

t.test('does not strip a suffix when too little of the word would be left', async (t) => {
  t.equal(stem('sing'), 'sing');
  t.equal(stem('need'), 'need');
});
