/**
 * Running a dependency plan for one request, and its cleanups afterwards.
 *
 * The plan fixed the order at registration; here each step is one call: its input is built
 * from the request's validated parameters and the slots of the values it injects. Providers
 * that are async generators are advanced to their `yield` and remembered, so their cleanup
 * can run later in reverse order (the last acquired is released first).
 *
 * The loop stays synchronous while providers return plain values (an auth check, a lookup in
 * lifespan state), so such a route pays no promise for its dependencies; the first promise or
 * generator moves the rest of the plan into an async continuation.
 *
 * When some parameters failed validation, a provider that declares one of them (or injects a
 * provider that was skipped) is not called, as in FastAPI; the others still run, so a security
 * dependency's 401 wins over a 422 for a bad query parameter.
 */
import type { Connection } from '../validation/declaration.js';
import { parameterKey } from '../validation/parameter-groups.js';
import type { ErrorDetail } from '../validation/error-details.js';
import { isAsyncGenerator } from './dependency.js';
import type { DependencyPlan, PlanStep } from './dependency-plan.js';

/** The validated request parts every provider of a plan may read. */
export interface ResolvedParts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

/** Cleanups of one request's generator dependencies, newest last. */
export type Cleanups = Array<AsyncGenerator<unknown, unknown, unknown>>;

/** One request's run of a plan: what every step is handed, and where values go. */
interface PlanRun {
  plan: DependencyPlan;
  parts: ResolvedParts;
  connection: Connection;
  state: unknown;
  cleanups: Cleanups;
  values: unknown[];
  /** Keys of the parameters that failed validation, or `null` when none did. */
  failed: Set<string> | null;
}

/** Marks the slot of a provider that was not called because its inputs were invalid. */
const SKIPPED: unique symbol = Symbol('skipped dependency');

/**
 * Calls every step of `plan`; returns the route's injected values by name, synchronously when
 * every provider answered synchronously, else as a promise. `errors` are the parameter errors
 * found so far (providers reading a failed parameter are skipped).
 */
export function resolvePlan(
  plan: DependencyPlan,
  parts: ResolvedParts,
  connection: Connection,
  state: unknown,
  cleanups: Cleanups,
  errors: readonly ErrorDetail[] | null = null,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  const failed = errors === null ? null : new Set(errors.map((e) => parameterKey(e.loc[0]!, e.loc[1]!)));
  const run: PlanRun = { plan, parts, connection, state, cleanups, values: new Array(plan.steps.length), failed };
  return continueFrom(run, 0);
}

function continueFrom(run: PlanRun, first: number): Record<string, unknown> | Promise<Record<string, unknown>> {
  const steps = run.plan.steps;
  for (let i = first; i < steps.length; i++) {
    const step = steps[i]!;
    if (run.failed !== null && shouldSkip(step, run)) {
      run.values[i] = SKIPPED;
      continue;
    }
    const result = call(step, run);
    if (isAsyncGenerator(result)) {
      run.cleanups.push(result);
      return result.next().then((first) => settle(run, i, first.value));
    }
    if (result instanceof Promise) return result.then((value) => settle(run, i, value));
    run.values[i] = result;
  }
  return injected(run);
}

function settle(run: PlanRun, slot: number, value: unknown): Record<string, unknown> | Promise<Record<string, unknown>> {
  run.values[slot] = value;
  return continueFrom(run, slot + 1);
}

/** What a provider injecting nothing receives as `deps`: one frozen object for every call. */
const NO_DEPS: Record<string, unknown> = Object.freeze({});

function call(step: PlanStep, run: PlanRun): unknown {
  let deps = NO_DEPS;
  const inputs = step.inputs;
  if (inputs.length > 0) {
    deps = {};
    for (let i = 0; i < inputs.length; i++) deps[inputs[i]![0]] = run.values[inputs[i]![1]];
  }
  const { params, query, headers, cookies } = run.parts;
  return step.dependency.provide({ params, query, headers, cookies, deps, request: run.connection, state: run.state });
}

function shouldSkip(step: PlanStep, run: PlanRun): boolean {
  return step.reads.some((key) => run.failed!.has(key)) || step.inputs.some(([, slot]) => run.values[slot] === SKIPPED);
}

function injected(run: PlanRun): Record<string, unknown> {
  // Index loops rather than `for (const [name, slot] of ...)`: no iterator or destructuring per entry.
  const values: Record<string, unknown> = {};
  const roots = run.plan.roots;
  for (let i = 0; i < roots.length; i++) values[roots[i]![0]] = run.values[roots[i]![1]];
  return values;
}

/**
 * Runs cleanups newest first. With `error`, each generator receives it at its `yield` (so it can
 * roll back); errors a cleanup raises are reported to `onError` and do not stop the others.
 */
export async function runCleanups(cleanups: Cleanups, error: unknown, onError: (e: unknown) => void): Promise<void> {
  for (let i = cleanups.length - 1; i >= 0; i--) {
    const generator = cleanups[i]!;
    try {
      const step = error === undefined ? await generator.next() : await generator.throw(error);
      // A provider yields once; one that yields again would stay suspended there forever, its
      // `finally` never run. It is closed, and the mistake reported (FastAPI: "didn't stop").
      if (step.done !== true) {
        await generator.return(undefined);
        onError(new TypeError('a dependency generator yielded more than once; only its first value is used'));
      }
    } catch (raised) {
      if (raised !== error) onError(raised);
    }
  }
  cleanups.length = 0;
}
