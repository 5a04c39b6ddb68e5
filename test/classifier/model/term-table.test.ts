/**
 * The term table: vocabulary lookups by whole string or by slice, without building the slice.
 */
import t from 'tap';
import { copyCodeUnits, EMPTY_HASH, extendHash, hashOf, TermTable } from '../../../src/classifier/model/term-table.js';

t.test('hashOf equals extending the empty hash one code unit at a time', async (t) => {
  let hash = EMPTY_HASH;
  for (const c of 'yolov5') hash = extendHash(hash, c.charCodeAt(0));
  t.equal(hash, hashOf('yolov5'));
  t.equal(hashOf(''), EMPTY_HASH);
  t.not(hashOf('ab'), hashOf('ba'), 'order matters');
});

t.test('indexOf finds each term at its position and −1 for unknown terms', async (t) => {
  const table = new TermTable(['image', 'text', 'object detection', ' ca']);
  t.equal(table.indexOf('image'), 0);
  t.equal(table.indexOf('object detection'), 2);
  t.equal(table.indexOf(' ca'), 3);
  t.equal(table.indexOf('imag'), -1);
  t.equal(table.indexOf(''), -1);
});

t.test('find matches a slice of a longer text, given as code units, by its hash and characters', async (t) => {
  const table = new TermTable(['detection', 'object detection']);
  const text = ' fast object detection ';
  const codes = new Uint16Array(text.length);
  copyCodeUnits(text, codes, 0);
  t.equal(table.find(hashOf('object detection'), codes, 6, 22), 1);
  t.equal(table.find(hashOf('detection'), codes, 13, 22), 0);
  t.equal(table.find(hashOf('detection'), codes, 13, 21), -1, 'a slice of another length never matches');
});

t.test('every one of many terms is found despite colliding slots', async (t) => {
  const terms = Array.from({ length: 5000 }, (_, i) => `t${i.toString(36)}`);
  const table = new TermTable(terms);
  t.equal(terms.filter((term, i) => table.indexOf(term) !== i).length, 0);
  t.equal(table.indexOf('t-1'), -1);
});

t.test('non-ASCII terms are compared by UTF-16 code units', async (t) => {
  const table = new TermTable(['über', '日本語', '🚀x']);
  t.equal(table.indexOf('über'), 0);
  t.equal(table.indexOf('日本語'), 1);
  t.equal(table.indexOf('🚀x'), 2);
  t.equal(table.indexOf('uber'), -1);
});
