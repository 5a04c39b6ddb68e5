/**
 * Running a dependency plan for one request, and its cleanups afterwards.
 *
 * The plan fixed the order at registration; here each step is one call: its input is built
 * from the request's validated parameters and the slots of the values it injects. Providers
 * that are async generators are advanced to their `yield` and remembered, so their cleanup
 * can run later in reverse order (the last acquired is released first).
 */
import type { Connection } from '../validation/declaration.js';
import { isAsyncGenerator } from './dependency.js';
import type { DependencyPlan } from './dependency-plan.js';

/** The validated request parts every provider of a plan may read. */
export interface ResolvedParts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

/** Cleanups of one request's generator dependencies, newest last. */
export type Cleanups = Array<AsyncGenerator<unknown, unknown, unknown>>;

/** Calls every step of `plan`; returns the route's injected values by name. */
export async function resolvePlan(
  plan: DependencyPlan,
  parts: ResolvedParts,
  connection: Connection,
  state: unknown,
  cleanups: Cleanups,
): Promise<Record<string, unknown>> {
  const values: unknown[] = new Array(plan.steps.length);
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i]!;
    const deps: Record<string, unknown> = {};
    for (const [name, slot] of step.inputs) deps[name] = values[slot];
    const result = step.dependency.provide({ ...parts, deps, request: connection, state });
    if (isAsyncGenerator(result)) {
      cleanups.push(result);
      const first = await result.next();
      values[i] = first.value;
    } else {
      values[i] = result instanceof Promise ? await result : result;
    }
  }
  const injected: Record<string, unknown> = {};
  for (const [name, slot] of plan.roots) injected[name] = values[slot];
  return injected;
}

/**
 * Runs cleanups newest first. With `error`, each generator receives it at its `yield` (so it can
 * roll back); errors a cleanup raises are reported to `onError` and do not stop the others.
 */
export async function runCleanups(cleanups: Cleanups, error: unknown, onError: (e: unknown) => void): Promise<void> {
  for (let i = cleanups.length - 1; i >= 0; i--) {
    const generator = cleanups[i]!;
    try {
      if (error === undefined) await generator.next();
      else await generator.throw(error);
    } catch (raised) {
      if (raised !== error) onError(raised);
    }
  }
  cleanups.length = 0;
}
