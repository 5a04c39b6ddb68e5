/**
 * Router micro-benchmark: lookups per second with 10 and with 1,000 routes.
 *
 * Four in five routes are parameterised (`{id:int}`, `{item}`, `{rest:path}`), and every looked-up
 * path hits a parameterised route, so the static-Map shortcut never applies: this measures the tree
 * walk. The readable LinearRouter runs the same lookups for comparison — its cost grows with the
 * number of routes, the tree's does not.
 *
 * Run: `npm run build && node dist/bench/router/run.js` (about 10 s; pass `--quick` for ~2 s).
 */
import { LinearRouter } from '../../src/app/routing/linear-router.js';
import type { Router } from '../../src/app/routing/router.js';
import { TreeRouter } from '../../src/app/routing/tree-router.js';

/** The i-th route template and a path that matches it (or `null` for the static ones). */
function routeAt(i: number): { template: string; path: string | null } {
  switch (i % 5) {
    case 0:
      return { template: `/api/v1/static${i}`, path: null };
    case 1:
      return { template: `/api/v1/res${i}/{id:int}`, path: `/api/v1/res${i}/${i * 7}` };
    case 2:
      return { template: `/api/v1/res${i}/{id:int}/items/{item}`, path: `/api/v1/res${i}/${i}/items/pen-${i}` };
    case 3:
      return { template: `/users/{user}/res${i}`, path: `/users/user${i}/res${i}` };
    default:
      return { template: `/api/v1/res${i}/{id:int}/files/{rest:path}`, path: `/api/v1/res${i}/3/files/a/b/c${i}.txt` };
  }
}

function build(router: Router<number>, count: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const { template, path } = routeAt(i);
    router.add(template, 'GET', i);
    if (path !== null) paths.push(path);
  }
  return paths;
}

/** Lookups per second over `paths`, after a warm-up; checks every lookup found something. */
function measure(router: Router<number>, paths: string[], millis: number): number {
  let misses = 0;
  const round = (): void => {
    for (let i = 0; i < paths.length; i++) if (router.match(paths[i]!) === null) misses++;
  };
  const warmUntil = performance.now() + millis / 4;
  while (performance.now() < warmUntil) round();
  let lookups = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    round();
    lookups += paths.length;
    elapsed = performance.now() - started;
  } while (elapsed < millis);
  if (misses > 0) throw new Error(`${misses} lookups found no route: the benchmark is broken`);
  return (lookups / elapsed) * 1000;
}

function format(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M/s` : `${(rate / 1e3).toFixed(1)} k/s`;
}

const millis = process.argv.includes('--quick') ? 300 : 1500;
const rows: string[] = ['| router | 10 routes | 1,000 routes | 1,000 vs 10 |', '|---|---|---|---|'];
for (const [name, make] of [
  ['TreeRouter', () => new TreeRouter<number>()],
  ['LinearRouter', () => new LinearRouter<number>()],
] as const) {
  const rates = [10, 1000].map((count) => {
    const router = make();
    const paths = build(router, count);
    // Look up the same number of distinct paths in both sizes, so caches behave alike.
    const sample = Array.from({ length: 200 }, (_, i) => paths[(i * 7919) % paths.length]!);
    return measure(router, sample, millis);
  });
  rows.push(`| ${name} | ${format(rates[0]!)} | ${format(rates[1]!)} | ${((rates[1]! / rates[0]!) * 100).toFixed(0)}% |`);
}
console.log('Router lookups per second (paths that hit parameterised routes)\n');
console.log(rows.join('\n'));
