/**
 * Input echo: the value a 422 entry shows under `input`, made safe to send back.
 *
 * FastAPI echoes the value that failed, and so do we, but a client controls that value: JSON
 * nested 100,000 levels deep parses fine (V8's parser does not recurse) yet cannot be written
 * out again — `JSON.stringify` recurses and overflows the stack, which would turn the client's
 * 422 into our 500. So the rule is: a value nested at most `MAX_ECHO_DEPTH` levels of arrays and
 * objects is echoed unchanged; a deeper one is replaced by the string `INPUT_TOO_DEEP`. Size needs
 * no rule of its own: the value came out of a body the app's body limit already bounded.
 *
 * Runs only when a validator said no, so the walk below costs nothing on a valid request.
 */

/** Deepest nesting of arrays and objects echoed under `input` (`[]` is 1, `[[]]` is 2). */
export const MAX_ECHO_DEPTH = 32;

/** What `input` says instead of a value nested deeper than `MAX_ECHO_DEPTH`. */
export const INPUT_TOO_DEEP = `[input nested deeper than ${MAX_ECHO_DEPTH} levels; not echoed]`;

/**
 * The value to put under `input`: `value` itself, or `INPUT_TOO_DEEP` when it nests too deep.
 *
 * @example
 * ```ts
 * echoInput({ a: [1] });                      // { a: [1] }
 * echoInput(JSON.parse('['.repeat(99) + ']'.repeat(99))); // INPUT_TOO_DEEP
 * ```
 */
export function echoInput(value: unknown): unknown {
  return nestsDeeperThan(value, MAX_ECHO_DEPTH) ? INPUT_TOO_DEEP : value;
}

/**
 * Whether `value` holds containers more than `limit` levels deep. A loop with its own stack, not
 * recursion: the point is to look at values too deep for the call stack.
 */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: object[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(container) ? container : Object.values(container);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
