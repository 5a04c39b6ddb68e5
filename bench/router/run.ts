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

/** The i-th route template; four in five have placeholders. */
function templateAt(i: number): string {
  switch (i % 5) {
    case 0:
      return `/api/v1/static${i}`;
    case 1:
      return `/api/v1/res${i}/{id:int}`;
    case 2:
      return `/api/v1/res${i}/{id:int}/items/{item}`;
    case 3:
      return `/users/{user}/res${i}`;
    default:
      return `/api/v1/res${i}/{id:int}/files/{rest:path}`;
  }
}

/** A path that hits the i-th (parameterised) route; `v` varies the parameter values. */
function pathFor(i: number, v: number): string {
  switch (i % 5) {
    case 1:
      return `/api/v1/res${i}/${v}`;
    case 2:
      return `/api/v1/res${i}/${v}/items/pen-${v}`;
    case 3:
      return `/users/user${v}/res${i}`;
    default:
      return `/api/v1/res${i}/${v}/files/a/b/c${v}.txt`;
  }
}

/** Registers `count` routes and returns 200 distinct paths that hit parameterised ones. */
function build(router: Router<number>, count: number): string[] {
  const parameterised: number[] = [];
  for (let i = 0; i < count; i++) {
    router.add(templateAt(i), 'GET', i);
    if (i % 5 !== 0) parameterised.push(i);
  }
  return Array.from({ length: 200 }, (_, k) => pathFor(parameterised[(k * 7919) % parameterised.length]!, 100 + k));
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
const routers = [
  ['TreeRouter', () => new TreeRouter<number>()],
  ['LinearRouter', () => new LinearRouter<number>()],
] as const;

/** One measurement; 200 distinct paths in both sizes, so string and cache effects are alike. */
function rateFor(make: () => Router<number>, count: number, duration: number): number {
  const router = make();
  return measure(router, build(router, count), duration);
}

// Warm the JIT on both sizes first, so the size measured first is not the one paying for compilation.
for (const [, make] of routers) for (const count of [10, 1000]) rateFor(make, count, millis / 5);
for (const [name, make] of routers) {
  const rates = [10, 1000].map((count) => rateFor(make, count, millis));
  rows.push(`| ${name} | ${format(rates[0]!)} | ${format(rates[1]!)} | ${((rates[1]! / rates[0]!) * 100).toFixed(0)}% |`);
}
console.log('Router lookups per second (paths that hit parameterised routes)\n');
console.log(rows.join('\n'));
