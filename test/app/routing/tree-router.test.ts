/** TreeRouter against the shared router contract, plus what only the tree promises. */
import t from 'tap';
import { TreeRouter } from '../../../src/app/routing/tree-router.js';
import { routerContract } from './router-contract.js';

routerContract(t, () => new TreeRouter<string>());

t.test('returns the same match object for a static path every time (no allocation)', async (t) => {
  const r = new TreeRouter<string>();
  r.add('/health', 'GET', 'health');
  t.equal(r.match('/health'), r.match('/health'));
});

t.test('finds a static segment among few siblings (compared in place) and among many (looked up)', async (t) => {
  for (const count of [3, 20]) {
    const r = new TreeRouter<string>();
    for (let i = 0; i < count; i++) r.add(`/s${i}/{id:int}`, 'GET', `route ${i}`);
    r.add('/s1x/{id:int}', 'GET', 'longer');
    for (let i = 0; i < count; i++) {
      const match = r.match(`/s${i}/7`);
      t.equal(match?.kind === 'endpoint' ? match.endpoint.byMethod.get('GET') : null, `route ${i}`, `${count} siblings: /s${i}`);
    }
    const longer = r.match('/s1x/7');
    t.equal(longer?.kind === 'endpoint' ? longer.endpoint.byMethod.get('GET') : null, 'longer');
    t.equal(r.match('/s/7'), null, 'a prefix of a sibling is not that sibling');
  }
});

t.test('a node keeps every static child when it grows past the in-place few, and registration still finds them', async (t) => {
  for (const count of [8, 9, 20]) {
    const r = new TreeRouter<string>();
    for (let i = 0; i < count; i++) r.add(`/s${i}/{id:int}`, 'GET', `get ${i}`);
    // After the growth: a second method and a deeper route under children added before it.
    for (let i = 0; i < count; i++) {
      r.add(`/s${i}/{id:int}`, 'POST', `post ${i}`);
      r.add(`/s${i}/{id:int}/more`, 'GET', `more ${i}`);
    }
    for (let i = 0; i < count; i++) {
      const match = r.match(`/s${i}/7`);
      const methods = match?.kind === 'endpoint' ? [...match.endpoint.byMethod.values()] : null;
      t.same(methods, [`get ${i}`, `post ${i}`], `${count} siblings: /s${i}`);
      const deeper = r.match(`/s${i}/7/more`);
      t.equal(deeper?.kind === 'endpoint' ? deeper.endpoint.byMethod.get('GET') : null, `more ${i}`);
    }
  }
});
