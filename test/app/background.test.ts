/** Background tasks run after the response body has been sent. */
import t from 'tap';
import { App, BackgroundTasks, JSONResponse } from '../../src/app/index.js';
import { TestClient } from '../../src/protocol/index.js';

t.test('a task queued on the request runs only after the client has the whole body', async (t) => {
  const order: string[] = [];
  let clientHasBody!: () => void;
  const bodyReceived = new Promise<void>((resolve) => (clientHasBody = resolve));
  const app = new App();
  app.post('/signup', (request) => {
    request.background.add(async (email: string) => {
      order.push('task started');
      await bodyReceived; // would deadlock if the body were not sent yet
      order.push(`task sent mail to ${email}`);
    }, 'ada@example.com');
    return { ok: true };
  });
  const response = await new TestClient(app).stream('POST', '/signup');
  // If the task ran before the body was sent, it would wait for the body forever (a timeout here).
  for await (const chunk of response.chunks()) {
    if (chunk.length === 0) continue;
    order.push(`client got ${chunk.length} bytes`);
    clientHasBody();
  }
  await response.finished;
  t.ok(order.indexOf('client got 11 bytes') < order.indexOf('task sent mail to ada@example.com'));
  t.same(order.sort(), ['client got 11 bytes', 'task sent mail to ada@example.com', 'task started']);
});

t.test('tasks attached to a response run in order; a failing one does not stop the rest', async (t) => {
  const ran: string[] = [];
  const app = new App();
  app.get('/', () => {
    const tasks = new BackgroundTasks();
    tasks.add(() => void ran.push('first'));
    tasks.add(() => {
      throw new Error('task failed');
    });
    tasks.add((n: number) => void ran.push(`third ${n}`), 3);
    return new JSONResponse({ ok: true }, { background: tasks });
  });
  const originalError = console.error;
  console.error = () => undefined;
  try {
    const response = await new TestClient(app).get('/');
    t.equal(response.status, 200);
  } finally {
    console.error = originalError;
  }
  t.same(ran, ['first', 'third 3']);
});
