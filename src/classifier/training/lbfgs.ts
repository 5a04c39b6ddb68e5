/**
 * L-BFGS: the optimiser that fits the softmax regression.
 *
 * The loss is smooth and convex, so a quasi-Newton method reaches the optimum in a few dozen to a
 * few hundred steps, with no learning rate to tune and no randomness (unlike SGD) — the same data
 * always gives the same weights. Each step keeps the last `memory` (step, gradient change) pairs
 * and uses them to turn the gradient into a search direction (the "two-loop recursion"), then
 * backtracks along it until the loss drops enough (Armijo condition).
 */

/** Returns the loss at `x` and writes its gradient into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** When to stop. */
export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance: number;
  memory: number;
  /** Called after each iteration (progress reporting). */
  onIteration?: (iteration: number, loss: number) => void;
}

/** What the run ended with. */
export interface LbfgsResult {
  x: Float64Array;
  loss: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
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
function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
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

/** Minimises `objective` from `start`. */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  let x = Float64Array.from(start);
  let gradient = new Float64Array(x.length);
  let loss = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    if (maxAbs(gradient) < options.gradientTolerance) return { x, loss, iterations: iteration - 1, converged: true };
    let direction = searchDirection(gradient, steps, changes);
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // Curvature pairs went stale: restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      direction = Float64Array.from(gradient, (g) => -g);
      slope = dot(direction, gradient);
    }
    let step = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const nextX = new Float64Array(x.length);
    const nextGradient = new Float64Array(x.length);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < x.length; i++) nextX[i] = x[i]! + step * direction[i]!;
      nextLoss = objective(nextX, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
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
