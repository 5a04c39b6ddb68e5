/**
 * A resource from lifespan state as a dependency: a pool, a model, a client opened at startup.
 *
 * The lifespan generator puts the resource in state before `yield`; routes inject it by name
 * instead of reaching into `request.state`, so tests can override it like any dependency. A
 * missing key is the server's fault (the lifespan did not run or forgot it): a 500 naming the key.
 */
import { AppError } from '../errors.js';
import { dependency, type Dependency } from '../dependencies/dependency.js';

/** The lifespan state has no value under the requested key. */
export class MissingStateError extends AppError {
  constructor(key: string) {
    super(`Lifespan state has no '${key}': did the lifespan run and set it before yield?`, 500, 'missing_state');
  }
}

/**
 * The value of `state[key]`.
 *
 * @example
 * ```ts
 * const db = fromState<Database>('db');
 * app.get('/items', { inject: { db } }, ({ deps }) => deps.db.list());
 * ```
 */
export function fromState<T>(key: string): Dependency<T> {
  return dependency({}, ({ state }) => {
    const value = (state as Record<string, unknown> | undefined)?.[key];
    if (value === undefined) throw new MissingStateError(key);
    return value as T;
  }, { name: `state.${key}` });
}
