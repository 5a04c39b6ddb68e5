/**
 * Property tests of the parsers a client controls (fast-check, bounded runs): path decoding,
 * cookies, query strings and path templates with URL building. No input makes them throw where
 * they promise not to, and encode → decode round-trips give back what went in.
 */
import t from 'tap';
import fc from 'fast-check';
import { decodePath } from '../../src/server/request-head.js';
import { parseCookies, serializeCookie, parsePathPattern, buildPath, TreeRouter, LinearRouter, App } from '../../src/app/index.js';
import { TestClient, headerValue, headerValues, toHeaderList } from '../../src/protocol/index.js';
import { Headers } from '../../src/app/index.js';

const RUNS = { numRuns: 300, seed: 9 };
const segmentText = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('/') && s !== '.' && s !== '..');

t.test('decodePath never throws, whatever the bytes', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.string({ maxLength: 64 }), (raw) => void decodePath(raw)), RUNS));
  t.doesNotThrow(() => fc.assert(fc.property(fc.stringMatching(/^(\/|%[0-9a-fA-F]{0,2}|[a-z.])*$/), (raw) => void decodePath(raw)), RUNS));
});

t.test('decodePath undoes per-segment percent-encoding', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(segmentText, { minLength: 1, maxLength: 5 }), (segments) => {
        const raw = '/' + segments.map(encodeURIComponent).join('/');
        if (decodePath(raw) !== '/' + segments.join('/')) throw new Error(`decoded ${raw} wrongly`);
      }),
      RUNS,
    ),
  );
});

t.test('decodePath returns a malformed escape as sent', async (t) => {
  t.equal(decodePath('/a%zz'), '/a%zz');
  t.equal(decodePath('/%c0%ae'), '/%c0%ae', 'an overlong UTF-8 dot stays encoded');
});

t.test('parseCookies never throws on any header values', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }), (values) => void parseCookies(values)), RUNS));
});

t.test('parseCookies gives back every serialized cookie value', async (t) => {
  const name = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,12}$/);
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.string({ maxLength: 20 })), { selector: ([n]) => n, maxLength: 5 }), (pairs) => {
        const header = pairs.map(([n, v]) => serializeCookie(n, v).split(';')[0]).join('; ');
        const parsed = parseCookies([header]);
        for (const [n, v] of pairs) if (parsed[n] !== v) throw new Error(`cookie ${n}: ${JSON.stringify(parsed[n])} !== ${JSON.stringify(v)}`);
      }),
      RUNS,
    ),
  );
});

t.test('parseCookies keeps cookies named like Object.prototype members, without polluting anything', async (t) => {
  const parsed = parseCookies(['__proto__=x; constructor=y; toString=z; ok=1']);
  t.equal(parsed['__proto__'], 'x');
  t.equal(parsed.constructor as unknown, 'y');
  t.equal(parsed.toString as unknown, 'z');
  t.equal(parsed.ok, '1');
  t.equal(({} as Record<string, unknown>).x, undefined);
  t.equal(typeof ({}).toString, 'function');
});

t.test('buildPath and the routers round-trip str, int and path parameters', async (t) => {
  const pattern = parsePathPattern('/a/{name}/n/{id:int}/rest/{tail:path}');
  const tree = new TreeRouter<string>();
  const linear = new LinearRouter<string>();
  tree.add(pattern.template, 'GET', 'r');
  linear.add(pattern.template, 'GET', 'r');
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(segmentText, fc.nat(), fc.array(segmentText, { minLength: 1, maxLength: 3 }), (name, id, tailParts) => {
        const tail = tailParts.join('/');
        const built = buildPath(pattern, { name, id, tail });
        for (const router of [tree, linear]) {
          const match = router.match(decodePath(built));
          if (match === null || match.kind !== 'endpoint') throw new Error(`${built} did not match`);
          const { params } = match;
          if (params.name !== name || params.id !== id || params.tail !== tail) throw new Error(`${built} → ${JSON.stringify(params)}`);
        }
      }),
      RUNS,
    ),
  );
});

t.test('query strings with any keys and values round-trip through a request', async (t) => {
  const app = new App();
  app.get('/q', (request) => [...request.query.entries()]);
  const client = new TestClient(app);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })), { maxLength: 6 }), async (pairs) => {
      const query = new URLSearchParams(pairs).toString();
      const response = await client.get(`/q?${query}`);
      t.same(response.json(), pairs);
    }),
    { numRuns: 60, seed: 9 },
  );
});

t.test('header lookups agree with a plain filter, case-insensitively, and keep duplicates in order', async (t) => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/);
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 12 })), { maxLength: 10 }), name, (pairs, wanted) => {
        const list = toHeaderList(pairs as Array<[string, string]>);
        const expected = pairs.filter(([n]) => n.toLowerCase() === wanted.toLowerCase()).map(([, v]) => v);
        const headers = new Headers(list);
        const answers = [JSON.stringify(headerValues(list, wanted.toUpperCase())), JSON.stringify(headers.getAll(wanted))];
        if (answers.some((a) => a !== JSON.stringify(expected))) throw new Error(`${wanted}: ${answers.join(' / ')} vs ${JSON.stringify(expected)}`);
        if ((headerValue(list, wanted) ?? null) !== (expected[0] ?? null) || headers.get(wanted) !== (expected[0] ?? null)) throw new Error(`first value of ${wanted}`);
      }),
      RUNS,
    ),
  );
});

t.test('the test client decodes a request path exactly as the server does', async (t) => {
  const { decodePath: clientDecodePath } = await import('../../src/protocol/testing/test-scope.js');
  const rawPath = fc.stringMatching(/^(\/|%[0-9a-fA-F]{0,2}|%[cCdDeEfF][0-9a-fA-F]%[0-9a-fA-F]{2}|[a-zA-Z0-9._~+-])*$/);
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(rawPath, (raw) => {
        if (clientDecodePath(raw) !== decodePath(raw)) throw new Error(`${JSON.stringify(raw)}: client ${clientDecodePath(raw)}, server ${decodePath(raw)}`);
      }),
      RUNS,
    ),
  );
});
