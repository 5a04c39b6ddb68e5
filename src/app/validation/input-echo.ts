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
 * An echo for many values inside one `root` (the errors of one validation): `echoInput` for each,
 * but with the whole walk done at most once. Calling `echoInput` per error walked the failing
 * value again for every error — a body with thousands of rejected keys made that quadratic
 * (measured: 5,000 extra keys in a 63 KB body blocked the event loop for ~6 s). A root that nests
 * no deeper than the limit holds no value that does, so it costs one walk and each echo is the
 * value itself; a deeper root gets every container's height in one more pass, and each echo is a
 * lookup.
 */
export function inputEchoer(root: unknown): (value: unknown) => unknown {
  if (!nestsDeeperThan(root, MAX_ECHO_DEPTH)) return echoAsIs;
  const heights = containerHeights(root as object);
  return (value) => (value !== null && typeof value === 'object' && (heights.get(value) ?? 0) > MAX_ECHO_DEPTH ? INPUT_TOO_DEEP : value);
}

function echoAsIs(value: unknown): unknown {
  return value;
}

/**
 * The height of every container under `root` (`[]` is 1, `[[]]` is 2), in two passes without
 * recursion: containers are listed parent before child, then heights are settled from the end of
 * the list, where every child comes before its parent.
 */
function containerHeights(root: object): Map<object, number> {
  const order: object[] = [];
  const parents: number[] = [];
  const pending: object[] = [root];
  const pendingParents: number[] = [-1];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const index = order.length;
    order.push(container);
    parents.push(pendingParents.pop()!);
    const children = Array.isArray(container) ? container : Object.values(container);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        pendingParents.push(index);
      }
    }
  }
  const heights = new Array<number>(order.length).fill(1);
  for (let i = order.length - 1; i > 0; i--) {
    const parent = parents[i]!;
    if (heights[i]! + 1 > heights[parent]!) heights[parent] = heights[i]! + 1;
  }
  const byContainer = new Map<object, number>();
  for (let i = 0; i < order.length; i++) byContainer.set(order[i]!, heights[i]!);
  return byContainer;
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
