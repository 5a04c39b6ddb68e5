/** Cookies: parsing the Cookie header forgivingly, serialising Set-Cookie strictly. */
import t from 'tap';
import { parseCookies, serializeCookie } from '../../src/app/index.js';

t.test('parses pairs across several headers, first occurrence winning', async (t) => {
  t.same(parseCookies(['a=1; b=2', 'a=3; c=4']), { a: '1', b: '2', c: '4' });
});

t.test('skips pairs without a name or an equals sign', async (t) => {
  t.same(parseCookies(['=x; flag; ok=yes']), { ok: 'yes' });
});

t.test('keeps a value verbatim when it is not valid percent-encoding', async (t) => {
  t.same(parseCookies(['bad=%E0%A4%A; good=%41']), { bad: '%E0%A4%A', good: 'A' });
});

t.test('keeps equals signs inside values', async (t) => {
  t.same(parseCookies(['token=abc==']), { token: 'abc==' });
});

t.test('serialises every attribute in a fixed order', async (t) => {
  const expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
  t.equal(
    serializeCookie('id', 'v', { maxAge: 10.9, expires, path: '/app', domain: 'example.com', secure: true, httpOnly: true, sameSite: 'None' }),
    'id=v; Max-Age=10; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=None',
  );
});

t.test('refuses a cookie name that could break the header', async (t) => {
  t.throws(() => serializeCookie('a b', 'x'), TypeError);
  t.throws(() => serializeCookie('a;b', 'x'), TypeError);
  t.throws(() => serializeCookie('', 'x'), TypeError);
});

t.test('percent-encodes values so separators cannot inject attributes', async (t) => {
  t.equal(serializeCookie('a', 'x; Domain=evil'), 'a=x%3B%20Domain%3Devil; Path=/');
});

t.test('refuses a path or domain that would add an attribute or end the header line', async (t) => {
  t.throws(() => serializeCookie('s', 'v', { path: '/; Domain=evil.example' }), /path may not contain/);
  t.throws(() => serializeCookie('s', 'v', { domain: 'example.com; SameSite=None' }), /domain may not contain/);
  t.throws(() => serializeCookie('s', 'v', { path: '/\r\nx-injected: 1' }), /path may not contain/);
  t.equal(serializeCookie('s', 'v', { path: '/app', domain: 'example.com' }), 's=v; Path=/app; Domain=example.com');
});

t.test('refuses a maxAge or expires that cannot be written as a time', async (t) => {
  t.throws(() => serializeCookie('s', 'v', { maxAge: Number.NaN }), /maxAge must be a finite number/);
  t.throws(() => serializeCookie('s', 'v', { maxAge: Number.POSITIVE_INFINITY }), /maxAge must be a finite number/);
  t.throws(() => serializeCookie('s', 'v', { expires: new Date('not a date') }), /expires is an invalid Date/);
});
