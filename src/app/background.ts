/**
 * Background tasks: work to do after the response has been sent (an email, a log line, a cache fill).
 *
 * The response is finished (`moreBody: false` sent) before the first task starts, so the client is
 * not kept waiting; the tasks still run inside the request's call, in the order they were added,
 * so the server counts the request as in flight until they finish (graceful shutdown waits for
 * them). A failing task is logged and does not stop the ones after it.
 */

/** A function to run later, with its arguments. */
type Task = () => unknown | Promise<unknown>;

/**
 * An ordered list of tasks.
 *
 * @example
 * ```ts
 * app.post('/signup', async (request) => {
 *   const user = await createUser(await request.json());
 *   request.background.add(() => sendWelcomeEmail(user));
 *   return user;
 * });
 * ```
 */
export class BackgroundTasks {
  private readonly tasks: Task[] = [];

  /** Queues `fn(...args)` to run after the response. */
  add<A extends unknown[]>(fn: (...args: A) => unknown | Promise<unknown>, ...args: A): void {
    this.tasks.push(() => fn(...args));
  }

  /** How many tasks are queued. */
  get size(): number {
    return this.tasks.length;
  }

  /** Runs every task in order; errors are logged with their stack and do not stop the rest. */
  async run(): Promise<void> {
    for (const task of this.tasks.splice(0)) {
      try {
        await task();
      } catch (error) {
        console.error('tsgi: a background task failed:', error);
      }
    }
  }
}
