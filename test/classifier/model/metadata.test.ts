import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { MetadataFormatError, parseModelMetadata } from '../../../src/classifier/model/metadata.js';

const committed = readFileSync(join(import.meta.dirname, '../../../models/tagifai/v1/metadata.json'), 'utf8');

/** The committed metadata with `change` applied to its parsed JSON. */
function altered(change: (data: any) => void): string {
  const data = JSON.parse(committed);
  change(data);
  return JSON.stringify(data);
}

t.test('the committed metadata parses', async (t) => {
  const metadata = parseModelMetadata(committed);
  t.equal(metadata.vocabularies.length, metadata.features.blocks.length);
});

t.test('a word block may carry a lexicon of label → entries', async (t) => {
  const text = altered((data) => (data.features.blocks[0].lexicon = { mlops: ['docker', 'feature store'] }));
  t.strictSame(parseModelMetadata(text).features.blocks[0]!.lexicon, { mlops: ['docker', 'feature store'] });
});

t.test('a lexicon on a character block, or one that is not label → list of strings, is refused at load time', async (t) => {
  const charBlock: number = JSON.parse(committed).features.blocks.findIndex((b: { kind: string }) => b.kind === 'char');
  t.throws(() => parseModelMetadata(altered((data) => (data.features.blocks[charBlock].lexicon = { mlops: ['docker'] }))), new MetadataFormatError(`features.blocks[${charBlock}]: a lexicon belongs to a word block`));
  t.throws(() => parseModelMetadata(altered((data) => (data.features.blocks[0].lexicon = ['docker']))), MetadataFormatError);
  t.throws(() => parseModelMetadata(altered((data) => (data.features.blocks[0].lexicon = { mlops: 'docker' }))), /lexicon\["mlops"\] must be a list of strings/);
  t.throws(() => parseModelMetadata(altered((data) => (data.features.blocks[0].lexicon = { mlops: [1] }))), MetadataFormatError);
});

t.test('damaged files name what is wrong', async (t) => {
  t.throws(() => parseModelMetadata(altered((data) => (data.schemaVersion = 2))), /unsupported schemaVersion 2/);
  t.throws(() => parseModelMetadata(altered((data) => data.vocabularies.pop())), /one vocabulary per feature block/);
  t.throws(() => parseModelMetadata(altered((data) => data.vocabularies[0].idf.pop())), /terms and idf differ in length/);
});
