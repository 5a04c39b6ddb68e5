/** Middleware order: the first listed is the outermost — first to see the request, last to see the response. */
import t from 'tap';
import { App } from '../../../src/app/index.js';
import { TestClient, type Middleware } from '../../../src/protocol/index.js';

/** A middleware that logs when the request passes in and when the response start passes out. */
function tracer(name: string, log: string[]): Middleware {
  return (next) => async (scope, receive, send) => {
    log.push(`${name} in`);
    await next(scope, receive, async (event) => {
      if (event.type === 'http.response.start') log.push(`${name} out`);
      await send(event);
    });
  };
}

t.test('constructor middleware run outermost first, use() adds inner layers', async (t) => {
  const log: string[] = [];
  const app = new App({ middleware: [tracer('a', log), tracer('b', log)] });
  app.use(tracer('c', log));
  app.get('/', () => {
    log.push('handler');
    return 'ok';
  });
  await new TestClient(app).get('/');
  t.same(log, ['a in', 'b in', 'c in', 'handler', 'c out', 'b out', 'a out']);
});

t.test('middleware also see 404s produced by the router', async (t) => {
  const log: string[] = [];
  const app = new App({ middleware: [tracer('a', log)] });
  const response = await new TestClient(app).get('/missing');
  t.equal(response.status, 404);
  t.same(log, ['a in', 'a out']);
});

t.test('adding middleware after the first request is refused', async (t) => {
  const app = new App();
  app.get('/', () => 'ok');
  await new TestClient(app).get('/');
  t.throws(() => app.use(tracer('late', [])), { code: 'app_frozen' });
});
