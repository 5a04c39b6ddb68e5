/**
 * Property test: for random route tables and random paths, TreeRouter and LinearRouter agree —
 * on what they refuse at registration and on every match (route, parameters, mount prefix).
 */
import fc from 'fast-check';
import t from 'tap';
import { LinearRouter } from '../../../src/app/routing/linear-router.js';
import type { RouteMatch, Router } from '../../../src/app/routing/router.js';
import { TreeRouter } from '../../../src/app/routing/tree-router.js';

const SEGMENT = fc.constantFrom('a', 'b', 'c', '{x}', '{n:int}', '{f:float}');
const TEMPLATE = fc
  .tuple(fc.array(SEGMENT, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('GET', 'POST'))
  .map(([segments, tail, method]) => {
    // Placeholder names must be unique within a template: suffix them with their position.
    const named = segments.map((s, i) => s.replace(/\{(\w)/, `{$1${i}`));
    return { template: '/' + named.join('/') + (tail ? '/{rest:path}' : ''), method };
  });
const MOUNT = fc.array(fc.constantFrom('a', 'b', 'm'), { minLength: 1, maxLength: 2 }).map((s) => '/' + s.join('/'));
const PATH = fc.array(fc.constantFrom('a', 'b', 'c', 'm', '1', '22', '1.5', ''), { minLength: 1, maxLength: 5 }).map((s) => '/' + s.join('/'));

/** Registers everything, recording which registrations were refused. */
function load(router: Router<string>, routes: Array<{ template: string; method: string }>, mounts: string[]): boolean[] {
  const outcomes: boolean[] = [];
  for (const { template, method } of routes) outcomes.push(attempt(() => router.add(template, method, `${method} ${template}`)));
  for (const prefix of mounts) outcomes.push(attempt(() => router.mount(prefix, `mount ${prefix}`)));
  return outcomes;
}

function attempt(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

function describe(match: RouteMatch<string> | null): unknown {
  if (match === null) return null;
  if (match.kind === 'mount') return { mount: match.mount.value, params: match.params, prefix: match.matchedPrefix };
  return { template: match.endpoint.pattern.template, methods: [...match.endpoint.byMethod.keys()].sort(), params: match.params };
}

t.test('TreeRouter and LinearRouter agree on random tables and paths', async (t) => {
  let matched = 0;
  fc.assert(
    fc.property(fc.array(TEMPLATE, { maxLength: 12 }), fc.array(MOUNT, { maxLength: 3 }), fc.array(PATH, { minLength: 1, maxLength: 20 }), (routes, mounts, paths) => {
      const tree = new TreeRouter<string>();
      const linear = new LinearRouter<string>();
      const treeOutcomes = load(tree, routes, mounts);
      const linearOutcomes = load(linear, routes, mounts);
      if (JSON.stringify(treeOutcomes) !== JSON.stringify(linearOutcomes)) return false;
      return paths.every((path) => {
        const found = describe(tree.match(path));
        if (found !== null) matched += 1;
        return JSON.stringify(found) === JSON.stringify(describe(linear.match(path)));
      });
    }),
    { numRuns: 400, seed: 9 },
  );
  t.ok(matched > 200, `the random paths really hit routes (${matched} matches)`);
});
