/**
 * Dependency overrides: replace a provider for tests without touching the routes that use it.
 *
 * Routes compile their plan at registration; each keeps the `version` it was compiled against,
 * so a change here makes the next request recompile once, and requests otherwise pay nothing.
 */
import type { Dependency } from './dependency.js';

/**
 * The app's override table.
 *
 * @example
 * ```ts
 * app.dependencyOverrides.set(currentUser, fakeUser);
 * ```
 */
export class DependencyOverrides {
  private readonly table = new Map<Dependency<any>, Dependency<any>>();
  /** Increases on every change; compiled routes compare it to recompile. */
  version = 0;

  /** Uses `replacement` wherever `original` is declared. */
  set<T>(original: Dependency<T>, replacement: Dependency<T>): this {
    this.table.set(original, replacement);
    this.version++;
    return this;
  }

  /** Goes back to the real provider for `original`; `false` when it was not overridden. */
  delete(original: Dependency<any>): boolean {
    this.version++;
    return this.table.delete(original);
  }

  /** Removes every override (e.g. between tests). */
  clear(): void {
    this.table.clear();
    this.version++;
  }

  /** The dependency that stands for `original` now. */
  resolve<T>(original: Dependency<T>): Dependency<T> {
    return (this.table.get(original) as Dependency<T> | undefined) ?? original;
  }
}
