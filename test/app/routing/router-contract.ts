/**
 * The router contract: one suite every `Router` implementation must pass.
 *
 * `TreeRouter` and `LinearRouter` both run it (see the two `*.test.ts` files beside this one), so
 * the readable router documents exactly what the fast one does.
 */
import type { Test } from 'tap';
import { RouteConflictError, RouteDefinitionError } from '../../../src/app/errors.js';
import type { Router } from '../../../src/app/routing/router.js';

/** Runs the contract against routers made by `make`. */
export function routerContract(t: Test, make: () => Router<string>): void {
  const found = (router: Router<string>, path: string, method = 'GET'): { value: string | undefined; params: Record<string, unknown> } | null => {
    const match = router.match(path);
    if (match === null) return null;
    if (match.kind === 'mount') return { value: `mount:${match.mount.value}@${match.matchedPrefix}`, params: match.params };
    return { value: match.endpoint.byMethod.get(method), params: match.params };
  };

  t.test('finds a static route and nothing for an unknown path', async (t) => {
    const r = make();
    r.add('/', 'GET', 'root');
    r.add('/health', 'GET', 'health');
    t.same(found(r, '/'), { value: 'root', params: {} });
    t.same(found(r, '/health'), { value: 'health', params: {} });
    t.equal(r.match('/nope'), null);
    t.equal(r.match('/health/x'), null);
  });

  t.test('extracts string parameters and converts typed ones', async (t) => {
    const r = make();
    r.add('/users/{name}', 'GET', 'user');
    r.add('/items/{id:int}', 'GET', 'item');
    r.add('/prices/{p:float}', 'GET', 'price');
    r.add('/things/{u:uuid}', 'GET', 'thing');
    t.same(found(r, '/users/ada'), { value: 'user', params: { name: 'ada' } });
    t.same(found(r, '/items/42'), { value: 'item', params: { id: 42 } });
    t.same(found(r, '/prices/1.5'), { value: 'price', params: { p: 1.5 } });
    t.same(found(r, '/things/123E4567-e89b-12d3-a456-426614174000'), { value: 'thing', params: { u: '123e4567-e89b-12d3-a456-426614174000' } });
  });

  t.test('refuses segments a converter does not accept', async (t) => {
    const r = make();
    r.add('/items/{id:int}', 'GET', 'item');
    r.add('/things/{u:uuid}', 'GET', 'thing');
    for (const path of ['/items/abc', '/items/-1', '/items/1.5', '/items/', '/things/not-a-uuid', '/things/123e4567e89b12d3a456426614174000xxxx']) {
      t.equal(r.match(path), null, path);
    }
  });

  t.test('a path tail takes the rest of the path, slashes included', async (t) => {
    const r = make();
    r.add('/files/{rest:path}', 'GET', 'files');
    t.same(found(r, '/files/a/b/c.txt'), { value: 'files', params: { rest: 'a/b/c.txt' } });
    t.same(found(r, '/files/'), { value: 'files', params: { rest: '' } });
    t.equal(r.match('/files'), null);
  });

  t.test('prefers static over int over str over a tail at each segment', async (t) => {
    const r = make();
    r.add('/items/me', 'GET', 'static');
    r.add('/items/{id:int}', 'GET', 'int');
    r.add('/items/{name}', 'GET', 'str');
    r.add('/items/{rest:path}', 'GET', 'tail');
    t.equal(found(r, '/items/me')?.value, 'static');
    t.equal(found(r, '/items/7')?.value, 'int');
    t.equal(found(r, '/items/pen')?.value, 'str');
    t.equal(found(r, '/items/pen/red')?.value, 'tail');
  });

  t.test('falls back to a placeholder when the static branch fails deeper down', async (t) => {
    const r = make();
    r.add('/a/b/d', 'GET', 'static');
    r.add('/a/{x}/c', 'GET', 'param');
    t.same(found(r, '/a/b/c'), { value: 'param', params: { x: 'b' } });
    t.same(found(r, '/a/b/d'), { value: 'static', params: {} });
  });

  t.test('keeps one endpoint per template with a value per method', async (t) => {
    const r = make();
    r.add('/items/{id}', 'GET', 'get');
    const endpoint = r.add('/items/{id}', 'DELETE', 'delete');
    t.same([...endpoint.byMethod.keys()].sort(), ['DELETE', 'GET']);
    t.equal(endpoint.allow, 'DELETE, GET, HEAD, OPTIONS');
    t.equal(found(r, '/items/1', 'DELETE')?.value, 'delete');
  });

  t.test('detects conflicts when the second route is registered', async (t) => {
    const r = make();
    r.add('/items/{id}', 'GET', 'a');
    t.throws(() => r.add('/items/{id}', 'GET', 'b'), RouteConflictError);
    t.throws(() => r.add('/items/{name}', 'POST', 'c'), RouteConflictError);
    r.mount('/static', 'files');
    t.throws(() => r.mount('/static', 'other'), RouteConflictError);
    t.doesNotThrow(() => r.add('/items/{id:int}', 'GET', 'typed'));
  });

  t.test('rejects malformed templates with a RouteDefinitionError', async (t) => {
    const r = make();
    for (const template of ['items', '/items/{id', '/items/x{id}', '/items/{id:nope}', '/a/{x}/{x}', '/f/{p:path}/more', '/{1x}']) {
      t.throws(() => r.add(template, 'GET', 'x'), RouteDefinitionError, template);
    }
  });

  t.test('a mount matches its prefix and everything below it', async (t) => {
    const r = make();
    r.mount('/static', 'files');
    t.equal(found(r, '/static')?.value, 'mount:files@/static');
    t.equal(found(r, '/static/')?.value, 'mount:files@/static');
    t.equal(found(r, '/static/css/site.css')?.value, 'mount:files@/static');
    t.equal(r.match('/staticx'), null);
  });

  t.test('routes win over a mount on the same prefix; mounts may carry parameters', async (t) => {
    const r = make();
    r.mount('/api', 'sub');
    r.add('/api/health', 'GET', 'health');
    r.mount('/users/{uid:int}', 'userapp');
    t.equal(found(r, '/api/health')?.value, 'health');
    t.equal(found(r, '/api/other')?.value, 'mount:sub@/api');
    t.same(found(r, '/users/9/posts'), { value: 'mount:userapp@/users/9', params: { uid: 9 } });
  });

  t.test('rejects mount prefixes that end with a slash', async (t) => {
    const r = make();
    t.throws(() => r.mount('/', 'x'));
    t.throws(() => r.mount('/a/', 'x'));
  });

  t.test('distinguishes a trailing slash from none', async (t) => {
    const r = make();
    r.add('/docs/', 'GET', 'slash');
    r.add('/about', 'GET', 'bare');
    t.equal(found(r, '/docs/')?.value, 'slash');
    t.equal(r.match('/docs'), null);
    t.equal(r.match('/about/'), null);
  });
}
