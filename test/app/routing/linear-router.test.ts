/** LinearRouter against the shared router contract. */
import t from 'tap';
import { LinearRouter } from '../../../src/app/routing/linear-router.js';
import { routerContract } from './router-contract.js';

routerContract(t, () => new LinearRouter<string>());
