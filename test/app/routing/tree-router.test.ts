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
