import t from 'tap';
import { concatBytes, RecordedResponse } from '../../../src/protocol/testing/test-response.js';

const encode = (text: string) => new TextEncoder().encode(text);

t.test('concatBytes joins chunks in order, including empty ones', async (t) => {
  t.same([...concatBytes([new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])])], [1, 2, 3]);
  t.equal(concatBytes([]).length, 0);
});

t.test('a recorded response joins its chunks into body and text', async (t) => {
  const response = new RecordedResponse(200, [], [encode('caf'), encode('é')]);
  t.equal(response.text, 'café');
  t.equal(response.body.length, 5);
  t.equal(response.chunks.length, 2);
});

t.test('text decodes UTF-8 split across chunks', async (t) => {
  const bytes = encode('é');
  const response = new RecordedResponse(200, [], [bytes.subarray(0, 1), bytes.subarray(1)]);
  t.equal(response.text, 'é');
});

t.test('json parses the body and reports invalid JSON', async (t) => {
  t.same(new RecordedResponse(200, [], [encode('{"a":1}')]).json<{ a: number }>(), { a: 1 });
  t.throws(() => new RecordedResponse(200, [], [encode('not json')]).json(), SyntaxError);
});

t.test('header lookups are case-insensitive and keep duplicates', async (t) => {
  const response = new RecordedResponse(200, [['Vary', 'accept'], ['vary', 'origin']], []);
  t.equal(response.header('VARY'), 'accept');
  t.same(response.headerValues('vary'), ['accept', 'origin']);
  t.equal(response.header('x-none'), undefined);
});
