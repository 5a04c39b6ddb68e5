// Route names on their own: claiming, building, and the search through mounted apps' names.
import t from 'tap';
import { NoMatchFound, RouteConflictError } from '../../../src/app/errors.js';
import { parsePathPattern } from '../../../src/app/routing/path-pattern.js';
import { RouteNames } from '../../../src/app/routing/route-names.js';

t.test('builds the path of a claimed name from its parameters', async (t) => {
  const names = new RouteNames();
  names.claim('item', parsePathPattern('/items/{id:int}'));
  t.equal(names.build('item', { id: 7 }), '/items/7');
});

t.test('refuses a name claimed again for another template, but not for the same one', async (t) => {
  const names = new RouteNames();
  names.claim('item', parsePathPattern('/items/{id}'));
  t.doesNotThrow(() => names.claim('item', parsePathPattern('/items/{id}')));
  t.throws(() => names.claim('item', parsePathPattern('/things/{id}')), RouteConflictError);
});

t.test('finds a name in a mounted app and puts the mount prefix in front', async (t) => {
  const root = new RouteNames();
  const v1 = new RouteNames();
  const v2 = new RouteNames();
  v2.claim('user', parsePathPattern('/users/{id:int}'));
  root.mount('/v1', v1);
  root.mount('/v2', v2);
  t.equal(root.build('user', { id: 3 }), '/v2/users/3');
});

t.test('a name found with bad parameters is reported, not passed over for a later mount', async (t) => {
  const root = new RouteNames();
  const first = new RouteNames();
  const second = new RouteNames();
  first.claim('user', parsePathPattern('/users/{id:int}'));
  second.claim('user', parsePathPattern('/people/{name}'));
  root.mount('/a', first);
  root.mount('/b', second);
  t.throws(() => root.build('user', {}), { name: 'NoMatchFound', message: /cannot build route "user": missing parameter "id"/ });
});

t.test('an unknown name is NoMatchFound naming it', async (t) => {
  const root = new RouteNames();
  root.mount('/a', new RouteNames());
  t.throws(() => root.build('nope', {}), NoMatchFound);
  t.throws(() => root.build('nope', {}), { message: 'no route named "nope"' });
});
