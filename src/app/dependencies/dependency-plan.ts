/**
 * The dependency plan: which providers a route calls, in which order, computed at registration.
 *
 * Walking the `inject` maps depth-first gives a topological order (a provider comes after the
 * ones it needs); each step records where its inputs live in a per-request value array, so a
 * request only calls functions and fills slots. A dependency with `cache: true` (the default) gets
 * one slot however often it is declared; `cache: false` gets a slot per use. A cycle or a missing
 * provider is found here, before the app serves anything, and the error names the route.
 */
import { AppError } from '../errors.js';
import { declaredParameterKeys } from '../validation/parameter-groups.js';
import type { Dependency } from './dependency.js';
import type { DependencyOverrides } from './overrides.js';

/** One provider call of a plan. */
export interface PlanStep {
  dependency: Dependency<any>;
  /** Injected names and the slots holding their values. */
  inputs: Array<[name: string, slot: number]>;
  /** The parameters the provider itself declares (`parameterKey` form): if one fails, it is not called. */
  reads: string[];
}

/** A route's compiled dependency plan. */
export interface DependencyPlan {
  /** In call order; step `i` writes slot `i`. */
  steps: PlanStep[];
  /** The route's own injected names and their slots. */
  roots: Array<[name: string, slot: number]>;
}

/** A route's dependencies cannot be wired: a cycle or a missing provider (raised at registration). */
export class DependencyDefinitionError extends AppError {
  constructor(message: string) {
    super(message, 500, 'dependency_definition');
  }
}

/**
 * Builds the plan for a route that injects `inject` and runs `effects` for their side effects.
 * `route` names the route in errors (e.g. `GET /items/{id}`).
 */
export function buildPlan(
  route: string,
  inject: Record<string, Dependency<any> | undefined>,
  effects: ReadonlyArray<Dependency<any> | undefined>,
  overrides: DependencyOverrides | undefined,
): DependencyPlan {
  const steps: PlanStep[] = [];
  const cachedSlots = new Map<Dependency<any>, number>();
  const visiting: Dependency<any>[] = [];

  const place = (declared: Dependency<any> | undefined, usedAs: string): number => {
    if (declared === undefined || declared === null || declared.kind !== 'dependency') {
      throw new DependencyDefinitionError(`${route}: dependency '${usedAs}' has no provider (got ${String(declared)})`);
    }
    const dep = overrides === undefined ? declared : overrides.resolve(declared);
    if (visiting.includes(dep)) {
      const cycle = [...visiting.slice(visiting.indexOf(dep)), dep].map((d) => d.name).join(' -> ');
      throw new DependencyDefinitionError(`${route}: dependency cycle ${cycle}`);
    }
    const known = dep.cache ? cachedSlots.get(dep) : undefined;
    if (known !== undefined) return known;
    visiting.push(dep);
    const inputs: PlanStep['inputs'] = Object.entries(dep.declaration.inject ?? {})
      .map(([name, child]) => [name, place(child, `${dep.name}.${name}`)]);
    visiting.pop();
    steps.push({ dependency: dep, inputs, reads: declaredParameterKeys(dep.declaration) });
    const slot = steps.length - 1;
    if (dep.cache) cachedSlots.set(dep, slot);
    return slot;
  };

  effects.forEach((dep, i) => place(dep, `dependencies[${i}]`));
  const roots: DependencyPlan['roots'] = Object.entries(inject).map(([name, dep]) => [name, place(dep, name)]);
  return { steps, roots };
}
