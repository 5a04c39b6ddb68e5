// The request reader's query parser gives the values URLSearchParams gives, for any query string.
import t from 'tap';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { allValues, parseQueryString } from '../../../src/app/validation/query-string.js';

/** Every name with all its values, read through `allValues`. */
function viaParser(query: string): Record<string, string[]> {
  const values = parseQueryString(query);
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(values)) out[name] = allValues(values, name);
  return out;
}

function viaUrlSearchParams(query: string): Record<string, string[]> {
  const params = new URLSearchParams(query);
  const out: Record<string, string[]> = {};
  for (const name of new Set(params.keys())) out[name] = params.getAll(name);
  return out;
}

t.test('repeated names, empty values, plus signs and escapes read as URLSearchParams reads them', async (t) => {
  for (const query of ['', 'q=x', 'tag=a&tag=b', 'a=&b', '&&a=1&', 'q=hello+world', 'n%C3%A4me=caf%C3%A9', 'x=a=b', 'bad=%zz%', 'half=%E2%82', 'sp=%20+%2B']) {
    t.same(viaParser(query), viaUrlSearchParams(query), query);
  }
});

t.test('names that are Object.prototype members are plain keys', async (t) => {
  const values = parseQueryString('constructor=1&__proto__=2');
  t.same(values.constructor, '1');
  t.same(values['__proto__'], '2');
});

t.test('a name seen once holds its value; a repeated one holds the list', async (t) => {
  const values = parseQueryString('q=x&tag=a&tag=b&tag=c');
  t.equal(values.q, 'x');
  t.same(values.tag, ['a', 'b', 'c']);
});

t.test('property: agrees with URLSearchParams on random query strings', async (t) => {
  const piece = fc.stringMatching(/^[a-z%+=&0-9A-F\u00e9]{0,12}$/);
  const queries = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('&'));
  t.doesNotThrow(() => fc.assert(fc.property(queries, (query) => isDeepStrictEqual(viaParser(query), viaUrlSearchParams(query))), { numRuns: 300 }));
});
