import t from 'tap';
import { decodePath, httpScope, mergeHeaders, splitTarget, webSocketScope, type ScopeDefaults } from '../../../src/protocol/testing/test-scope.js';

const defaults: ScopeDefaults = {
  rootPath: '',
  client: ['testclient', 50000],
  server: ['testserver', 80],
  scheme: 'http',
  extensions: {},
  state: undefined,
};

t.test('a target splits at the first question mark', async (t) => {
  t.same(splitTarget('/a/b?x=1&y=?'), { rawPath: '/a/b', queryString: 'x=1&y=?' });
  t.same(splitTarget('/a'), { rawPath: '/a', queryString: '' });
});

t.test('a path is percent-decoded, and a malformed escape is kept', async (t) => {
  t.equal(decodePath('/caf%C3%A9/a%20b'), '/café/a b');
  t.equal(decodePath('/100%'), '/100%');
});

t.test('given headers replace defaults of the same name and come after the rest', async (t) => {
  t.same(mergeHeaders([['host', 'testserver'], ['accept', '*/*']], { Host: 'example.test' }), [
    ['accept', '*/*'],
    ['host', 'example.test'],
  ]);
});

t.test('an http scope has every field of the spec', async (t) => {
  const scope = httpScope({ ...defaults, rootPath: '/api' }, 'post', '/items/a%2Fb?q=1', [['host', 'testserver']]);
  t.same(scope, {
    type: 'http',
    method: 'POST',
    scheme: 'http',
    tsgi: { version: '1.0', specVersion: '1.0' },
    httpVersion: '1.1',
    path: '/api/items/a/b',
    rawPath: '/items/a%2Fb',
    queryString: 'q=1',
    rootPath: '/api',
    headers: [['host', 'testserver']],
    client: ['testclient', 50000],
    server: ['testserver', 80],
    extensions: {},
  });
});

t.test('the state is shallow-copied into each scope', async (t) => {
  const state = { counter: 1, shared: { hits: 0 } };
  const one = httpScope({ ...defaults, state }, 'GET', '/', []);
  one.state!.counter = 2;
  (one.state!.shared as { hits: number }).hits = 5;
  const two = httpScope({ ...defaults, state }, 'GET', '/', []);
  t.equal(two.state!.counter, 1, 'a top-level key set by one request does not leak');
  t.equal((two.state!.shared as { hits: number }).hits, 5, 'objects inside the state are shared');
});

t.test('a websocket scope maps https to wss and lists the subprotocols', async (t) => {
  const scope = webSocketScope({ ...defaults, scheme: 'https' }, '/ws', [], ['chat', 'json']);
  t.equal(scope.type, 'websocket');
  t.equal(scope.scheme, 'wss');
  t.same(scope.subprotocols, ['chat', 'json']);
});
