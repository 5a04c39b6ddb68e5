/** Path patterns: parsing templates, shapes for conflict detection, and building paths back. */
import t from 'tap';
import { buildPath, parsePathPattern } from '../../../src/app/routing/path-pattern.js';
import { CONVERTERS } from '../../../src/app/routing/converters.js';

t.test('parses static and placeholder segments with their converters', async (t) => {
  const pattern = parsePathPattern('/items/{id:int}/files/{rest:path}');
  t.same(pattern.params.map((p) => `${p.name}:${p.converter.name}`), ['id:int', 'rest:path']);
  t.equal(pattern.isStatic, false);
  t.equal(pattern.shape, '/items/{int}/files/{path}');
  t.equal(parsePathPattern('/health').isStatic, true);
});

t.test('two templates differing only in names have the same shape', async (t) => {
  t.equal(parsePathPattern('/u/{id}').shape, parsePathPattern('/u/{name}').shape);
  t.not(parsePathPattern('/u/{id:int}').shape, parsePathPattern('/u/{id}').shape);
});

t.test('builds paths back, encoding segments but keeping a tail\'s slashes', async (t) => {
  t.equal(buildPath(parsePathPattern('/items/{id:int}'), { id: 12 }), '/items/12');
  t.equal(buildPath(parsePathPattern('/f/{rest:path}'), { rest: 'a b/c.txt' }), '/f/a%20b/c.txt');
  t.equal(buildPath(parsePathPattern('/u/{name}'), { name: 'é' }), '/u/%C3%A9');
});

t.test('converters accept only their own shapes, with no regular expressions', async (t) => {
  const int = CONVERTERS.get('int')!;
  const float = CONVERTERS.get('float')!;
  const uuid = CONVERTERS.get('uuid')!;
  t.same(['0', '42', '1234567890123456', 'x', ''].map((s) => int.accepts(s)), [true, true, false, false, false]);
  t.same(['1.5', '2', '.5', '1.', '1e3'].map((s) => float.accepts(s)), [true, true, false, false, false]);
  t.ok(uuid.accepts('123e4567-e89b-12d3-a456-426614174000'));
  t.notOk(uuid.accepts('123e4567-e89b-12d3-a456-42661417400g'));
  t.throws(() => int.format(-1));
  t.throws(() => int.format(1.5));
});

t.test('a long adversarial segment is checked in linear time', async (t) => {
  const int = CONVERTERS.get('int')!;
  const started = performance.now();
  for (let i = 0; i < 1000; i++) int.accepts('1'.repeat(10_000) + 'x');
  t.ok(performance.now() - started < 1000);
});
