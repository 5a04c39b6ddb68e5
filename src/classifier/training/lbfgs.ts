/**
 * L-BFGS: the optimiser that fits the softmax regression.
 *
 * The loss is smooth and convex, so a quasi-Newton method reaches the optimum in a few dozen to a
 * few hundred steps, with no learning rate to tune and no randomness (unlike SGD) — the same data
 * always gives the same weights. Each step keeps the last `memory` (step, gradient change) pairs
 * and uses them to turn the gradient into a search direction (the "two-loop recursion"), then
 * backtracks along it until the loss drops enough (Armijo condition).
 *
 * With an `l1` penalty λᵢ·|xᵢ| on some parameters it runs as OWL-QN (orthant-wise L-BFGS; Andrew &
 * Gao, 2007), the elastic-net fit of the softmax regression: |x| has no gradient at 0, so the
 * steps follow the pseudo-gradient (the steepest descent of the whole objective, 0 where the
 * penalty holds a zero parameter at zero), a step may bring a parameter to 0 but not across it,
 * and the curvature pairs come from the smooth part's gradients only. Without `l1` every operation
 * is the plain L-BFGS one.
 */

/** Returns the loss at `x` and writes its gradient into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** When to stop. */
export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance: number;
  memory: number;
  /** L1 penalty strength per parameter (0: none); the objective stays the smooth part. */
  l1?: Float64Array;
  /** Called after each iteration (progress reporting). */
  onIteration?: (iteration: number, loss: number) => void;
}

/** What the run ended with. */
export interface LbfgsResult {
  x: Float64Array;
  /** The objective at `x`, plus the L1 penalty when there is one. */
  loss: number;
  iterations: number;
  converged: boolean;
}

/** Inner product of two vectors of the same length. */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}

/** The two-loop recursion: direction = −H·gradient from the stored pairs. */
export function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const direction = Float64Array.from(gradient, (g) => -g);
  const alphas: number[] = [];
  for (let j = steps.length - 1; j >= 0; j--) {
    const rho = 1 / dot(changes[j]!, steps[j]!);
    const alpha = rho * dot(steps[j]!, direction);
    alphas[j] = alpha;
    const y = changes[j]!;
    for (let i = 0; i < direction.length; i++) direction[i]! -= alpha * y[i]!;
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const gamma = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
    for (let i = 0; i < direction.length; i++) direction[i]! *= gamma;
  }
  for (let j = 0; j < steps.length; j++) {
    const rho = 1 / dot(changes[j]!, steps[j]!);
    const beta = rho * dot(changes[j]!, direction);
    const s = steps[j]!;
    for (let i = 0; i < direction.length; i++) direction[i]! += (alphas[j]! - beta) * s[i]!;
  }
  return direction;
}

/** The pseudo-gradient of smooth + Σ l1ᵢ·|xᵢ|: the gradient where it exists, else the descent side's. */
export function pseudoGradient(x: Float64Array, gradient: Float64Array, l1: Float64Array): Float64Array {
  return Float64Array.from(x, (xi, i) => {
    const g = gradient[i]!;
    const lambda = l1[i]!;
    if (xi > 0) return g + lambda;
    if (xi < 0) return g - lambda;
    // At zero: move only if the kink of the penalty cannot hold the parameter there.
    if (g + lambda < 0) return g + lambda;
    if (g - lambda > 0) return g - lambda;
    return 0;
  });
}

function l1Penalty(x: Float64Array, l1: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += l1[i]! * Math.abs(x[i]!);
  return sum;
}

/** The first-order change of the objective along a projected step: pseudo-gradient · (next − x). */
function projectedDecrease(descent: Float64Array, x: Float64Array, nextX: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += descent[i]! * (nextX[i]! - x[i]!);
  return sum;
}

/** Minimises `objective` (plus the `l1` penalty, if any) from `start`. */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const l1 = options.l1;
  const total = (at: Float64Array, gradient: Float64Array) => objective(at, gradient) + (l1 ? l1Penalty(at, l1) : 0);
  let x = Float64Array.from(start);
  let gradient = new Float64Array(x.length);
  let loss = total(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const descent = l1 ? pseudoGradient(x, gradient, l1) : gradient;
    if (maxAbs(descent) < options.gradientTolerance) return { x, loss, iterations: iteration - 1, converged: true };
    let direction = searchDirection(descent, steps, changes);
    // OWL-QN keeps only the components that go downhill along the pseudo-gradient.
    if (l1) for (let i = 0; i < x.length; i++) if (direction[i]! * descent[i]! >= 0) direction[i] = 0;
    let slope = dot(direction, descent);
    if (slope >= 0) {
      // Curvature pairs went stale: restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      direction = Float64Array.from(descent, (g) => -g);
      slope = dot(direction, descent);
    }
    // The orthant the step stays in: a parameter's sign, or for a zero the side it leaves towards.
    const orthant = l1 ? Float64Array.from(x, (xi, i) => Math.sign(xi !== 0 ? xi : -descent[i]!)) : undefined;
    let step = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const nextX = new Float64Array(x.length);
    const nextGradient = new Float64Array(x.length);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < x.length; i++) nextX[i] = x[i]! + step * direction[i]!;
      if (orthant) for (let i = 0; i < x.length; i++) if (Math.sign(nextX[i]!) !== orthant[i]) nextX[i] = 0;
      nextLoss = total(nextX, nextGradient);
      const expected = orthant ? projectedDecrease(descent, x, nextX) : step * slope;
      if (nextLoss <= loss + 1e-4 * expected) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) return { x, loss, iterations: iteration, converged: true };
    const s = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      s[i] = nextX[i]! - x[i]!;
      y[i] = nextGradient[i]! - gradient[i]!;
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > options.memory) (steps.shift(), changes.shift());
    }
    const relativeDrop = (loss - nextLoss) / Math.max(1, Math.abs(loss));
    x = nextX;
    gradient = nextGradient;
    loss = nextLoss;
    options.onIteration?.(iteration, loss);
    if (relativeDrop < 1e-12) return { x, loss, iterations: iteration, converged: true };
  }
  return { x, loss, iterations: options.maxIterations, converged: false };
}
