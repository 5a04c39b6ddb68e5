// The request reader's query scan gives the values URLSearchParams gives, for the names asked for.
import t from 'tap';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { collectQueryValues, type QueryValue } from '../../../src/app/validation/query-string.js';

/** Every name URLSearchParams sees, with all its values, read through the scan. */
function viaScan(query: string, names: string[]): Record<string, string[]> {
  const found: QueryValue[] = [];
  collectQueryValues(query, names, found);
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  names.forEach((name, i) => {
    const value = found[i];
    if (value !== undefined) out[name] = typeof value === 'string' ? [value] : value;
  });
  return out;
}

function viaUrlSearchParams(query: string): Record<string, string[]> {
  const params = new URLSearchParams(query);
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const name of new Set(params.keys())) out[name] = params.getAll(name);
  return out;
}

/** Compares on every name URLSearchParams finds, plus one that is never there. */
function agrees(query: string): boolean {
  const expected = viaUrlSearchParams(query);
  return isDeepStrictEqual(viaScan(query, [...Object.keys(expected), 'never-sent']), expected);
}

t.test('repeated names, empty values, plus signs and escapes read as URLSearchParams reads them', async (t) => {
  for (const query of ['', 'q=x', 'tag=a&tag=b', 'a=&b', '&&a=1&', 'q=hello+world', 'n%C3%A4me=caf%C3%A9', 'x=a=b', 'bad=%zz%', 'half=%E2%82', 'sp=%20+%2B']) {
    t.ok(agrees(query), query);
  }
});

t.test('names that are Object.prototype members are plain names', async (t) => {
  const found: QueryValue[] = [];
  collectQueryValues('constructor=1&__proto__=2&toString=3', ['__proto__', 'constructor', 'toString'], found);
  t.same(found, ['2', '1', '3']);
});

t.test('a name seen once holds its value; a repeated one holds the list; an absent one undefined', async (t) => {
  const found: QueryValue[] = [];
  collectQueryValues('q=x&tag=a&other=1&tag=b&tag=c', ['q', 'tag', 'missing'], found);
  t.same(found, ['x', ['a', 'b', 'c'], undefined]);
});

t.test('a reused list is overwritten for the names of the new call', async (t) => {
  const found: QueryValue[] = [];
  collectQueryValues('q=first', ['q'], found);
  collectQueryValues('other=1', ['q'], found);
  t.equal(found[0], undefined);
});

t.test('a name written with escapes is found under its decoded form', async (t) => {
  const found: QueryValue[] = [];
  collectQueryValues('%71=escaped&my+name=spaced', ['q', 'my name'], found);
  t.same(found, ['escaped', 'spaced']);
});

t.test('property: agrees with URLSearchParams on random query strings', async (t) => {
  const piece = fc.stringMatching(/^[a-z%+=&0-9A-F\u00e9]{0,12}$/);
  const queries = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('&'));
  t.doesNotThrow(() => fc.assert(fc.property(queries, agrees), { numRuns: 300, seed: 9 }));
});

t.test('each kind of value decodes to its expected text', async (t) => {
  const cases: Array<[string, string]> = [
    ['plain-text.1', 'plain-text.1'], // no escape: returned as written
    ['a+b+c', 'a b c'], // plus signs only
    ['caf%C3%A9', 'café'], // a two-byte UTF-8 escape
    ['%E2%82%AC%F0%9F%98%80', '€😀'], // three- and four-byte UTF-8 escapes
    ['1+%2B+1', '1 + 1'], // an escaped plus stays a plus
    ['100%', '100%'], // a lone percent sign is kept
    ['%zz+x', '%zz x'], // a malformed escape is kept, the plus still becomes a space
    ['%E2%82+%C3%A9', '\ufffd \u00e9'], // a truncated UTF-8 sequence becomes U+FFFD, the rest decodes
  ];
  for (const [written, expected] of cases) {
    const found: QueryValue[] = [];
    collectQueryValues(`v=${written}`, ['v'], found);
    t.equal(found[0], expected, written);
    t.equal(found[0], new URLSearchParams(`v=${written}`).get('v'), `${written} as URLSearchParams reads it`);
  }
});
