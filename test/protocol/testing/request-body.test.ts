import t from 'tap';
import { fixedLength, requestEvents, toBytes } from '../../../src/protocol/testing/request-body.js';
import type { HttpRequestEvent } from '../../../src/protocol/events.js';

async function collect(body: Parameters<typeof requestEvents>[0]): Promise<Array<[string, boolean]>> {
  const events: HttpRequestEvent[] = [];
  for await (const event of requestEvents(body)) events.push(event);
  return events.map((event) => [new TextDecoder().decode(event.body), event.moreBody]);
}

t.test('no body is one empty final event', async (t) => {
  t.same(await collect(undefined), [['', false]]);
});

t.test('a string or bytes body is one final event', async (t) => {
  t.same(await collect('héllo'), [['héllo', false]]);
  t.same(await collect(new Uint8Array([104, 105])), [['hi', false]]);
});

t.test('a synchronous iterable is one event per chunk, the last one final', async (t) => {
  t.same(await collect(['a', new Uint8Array([98]), 'c']), [
    ['a', true],
    ['b', true],
    ['c', false],
  ]);
  t.same(await collect([]), [['', false]]);
});

t.test('an async iterable is one event per chunk as produced, then an empty final event', async (t) => {
  async function* chunks() {
    yield 'a';
    yield 'b';
  }
  t.same(await collect(chunks()), [
    ['a', true],
    ['b', true],
    ['', false],
  ]);
});

t.test('chunks are copied so the test may reuse its buffer', async (t) => {
  const buffer = new Uint8Array([1, 2]);
  const copy = toBytes(buffer);
  buffer[0] = 9;
  t.same([...copy], [1, 2]);
});

t.test('the length is known for fixed bodies only', async (t) => {
  t.equal(fixedLength(undefined), 0);
  t.equal(fixedLength('é'), 2);
  t.equal(fixedLength(new Uint8Array(3)), 3);
  t.equal(fixedLength(['a']), undefined);
});
