// The audit's edge cases, against the real service on a socket: bodies nested 100,000 levels deep
// are 4xx (never 500), V2 paths answer {"error"} for every refusal (duplicate inputs, 404, 405),
// a body over the limit meets the app's 413 (shape, CORS, metrics) rather than the server's, and
// a client leaving mid-body or while its prediction is computed is counted as 499.
import t from 'tap';
import { connect } from 'node:net';
import { INPUT_TOO_DEEP } from '../../../src/app/validation/input-echo.js';
import { startService, type RunningService } from './service-harness.js';
import { COMMITTED_VERSION } from '../isolated-environment.js';

const BODY_LIMIT = 256 * 1024;
let service: RunningService;
t.before(async () => {
  service = await startService(t, { bodyLimit: BODY_LIMIT, corsOrigins: ['*'] });
});

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const json = { 'content-type': 'application/json' };

t.test('a /predict title nested 100,000 levels deep is a 422 with the input replaced by a note', async (t) => {
  const response = await service.request('/predict', { body: `{"title":${nested(100_000)}}`, headers: json });
  t.equal(response.status, 422);
  t.match(response.body, { detail: [{ loc: ['body', 'title'], type: 'string_type', input: INPUT_TOO_DEEP }] });
});

t.test('a deep /predict body and a deep batch item title are 422s', async (t) => {
  t.equal((await service.request('/predict', { body: nested(100_000), headers: json })).status, 422);
  const batch = await service.request('/predict/batch', { body: `{"items":[{"title":${nested(100_000)}}]}`, headers: json });
  t.equal(batch.status, 422);
  t.match(batch.body, { detail: [{ loc: ['body', 'items', 0, 'title'] }] });
});

t.test('V2 data nested 50,000 levels deep is a 400 {"error"} that says so', async (t) => {
  const body = `{"inputs":[{"name":"title","datatype":"BYTES","shape":[1],"data":${nested(50_000)}}]}`;
  const response = await service.request('/v2/models/tagifai/infer', { body, headers: json });
  t.equal(response.status, 400);
  t.same(Object.keys(response.body), ['error']);
  t.match(response.body.error, /nested deeper than 32 levels/);
});

t.test('V2 data nested a few levels is still flattened and predicted', async (t) => {
  const body = { inputs: [{ name: 'title', datatype: 'BYTES', shape: [2], data: [['Pose estimation'], [['Transformers for text']]] }] };
  const response = await service.request('/v2/models/tagifai/infer', { json: body });
  t.equal(response.status, 200);
  t.equal(response.body.outputs[0].data.length, 2);
});

t.test('two V2 inputs with the same name are a 400 naming the duplicate', async (t) => {
  const title = { name: 'title', datatype: 'BYTES', shape: [1], data: ['a title'] };
  const response = await service.request('/v2/models/tagifai/infer', { json: { inputs: [title, { ...title, data: ['another'] }] } });
  t.equal(response.status, 400);
  t.same(response.body, { error: 'duplicate input "title"; each input name may appear once' });
});

t.test('a wrong method or an unknown path under /v2 is {"error"}; elsewhere still {"detail"}', async (t) => {
  const wrongMethod = await service.request('/v2/models/tagifai/infer');
  t.equal(wrongMethod.status, 405);
  t.same(wrongMethod.body, { error: 'Method Not Allowed' });
  t.match(wrongMethod.headers.get('allow'), /POST/);
  const unknown = await service.request('/v2/x');
  t.equal(unknown.status, 404);
  t.same(Object.keys(unknown.body), ['error']);
  t.equal((await service.request('/v2', { method: 'POST', body: '' })).status, 405);
  t.same(Object.keys((await service.request('/v2', { method: 'POST', body: '' })).body), ['error']);
  t.same((await service.request('/nope')).body, { detail: 'Not Found' });
  t.same(Object.keys((await service.request('/v2x')).body), ['detail'], 'a path only starting with "v2" is not V2');
  t.match((await service.request('/models/none')).body, { detail: /none/ }, 'the service\'s own 404 keeps its message');
});

/** The count of `tagifai_http_requests_total` for `route` and `status` in `/metrics`. */
async function requestsCounted(route: string, status: string): Promise<number> {
  const text = (await service.request('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith('tagifai_http_requests_total{') && l.includes(`route="${route}"`) && l.includes(`status="${status}"`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

/** `tagifai_http_requests_in_flight` in `/metrics` (the /metrics request itself included). */
async function inFlight(): Promise<number> {
  const line = (await service.request('/metrics')).text.split('\n').find((l) => l.startsWith('tagifai_http_requests_in_flight '));
  return Number(line?.split(' ').at(-1));
}

/** Waits until the service is handling one request more than `baseline` (5 s at most). */
async function oneMoreInFlight(baseline: number): Promise<boolean> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 10))) {
    if ((await inFlight()) > baseline) return true;
  }
  return false;
}

/** Polls `read` until it differs from `before` (5 s at most), and returns what it read last. */
async function changed(read: () => Promise<number>, before: number): Promise<number> {
  let now = before;
  for (const deadline = Date.now() + 5000; now === before && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    now = await read();
  }
  return now;
}

t.test('a declared body over the limit meets the app\'s 413: API shape, CORS headers, counted', async (t) => {
  const before = await requestsCounted('/predict', '413');
  const big = JSON.stringify({ title: 'x'.repeat(BODY_LIMIT + 10) });
  const rest = await service.request('/predict', { body: big, headers: { ...json, origin: 'http://example.test' } });
  t.equal(rest.status, 413);
  t.same(Object.keys(rest.body), ['detail']);
  t.type(rest.body.detail, 'string');
  t.equal(rest.headers.get('access-control-allow-origin'), '*');
  t.equal(await requestsCounted('/predict', '413'), before + 1);
  const v2 = await service.request('/v2/models/tagifai/infer', { body: big, headers: { ...json, origin: 'http://example.test' } });
  t.equal(v2.status, 413);
  t.same(Object.keys(v2.body), ['error']);
  t.type(v2.body.error, 'string');
  t.equal(v2.headers.get('access-control-allow-origin'), '*');
});

t.test('a client that leaves mid-body is counted as status 499, not 400', async (t) => {
  const before = await requestsCounted('/predict', '499');
  const baseline = await inFlight();
  const socket = connect(service.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"title":');
  t.ok(await oneMoreInFlight(baseline), 'the service is reading the body');
  socket.destroy();
  t.equal(await changed(() => requestsCounted('/predict', '499'), before), before + 1);
  t.equal(await requestsCounted('/predict', '400'), 0);
});

t.test('a client that leaves while its prediction is computed is counted as 499, not as the 200 it never got', async (t) => {
  const context = service.context;
  const predict = context.predict;
  // A model run slow enough for the client to give up during it, even on a loaded machine.
  let computing = false;
  context.predict = async (...args) => {
    computing = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return predict.apply(context, args);
  };
  t.teardown(() => void (context.predict = predict));
  const before = { left: await requestsCounted('/models/{model_id}/predict', '499'), ok: await requestsCounted('/models/{model_id}/predict', '200') };
  const body = JSON.stringify({ title: 'Speech recognition on phones' });
  const socket = connect(service.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`POST /models/${COMMITTED_VERSION}/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  for (const deadline = Date.now() + 5000; !computing && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  t.ok(computing, 'the prediction is being computed');
  socket.destroy();
  t.equal(await changed(() => requestsCounted('/models/{model_id}/predict', '499'), before.left), before.left + 1);
  t.equal(await requestsCounted('/models/{model_id}/predict', '200'), before.ok, 'not counted as a 200');
  const answered = await service.request(`/models/${COMMITTED_VERSION}/predict`, { json: { title: 'Speech recognition on phones' } });
  t.equal(answered.status, 200, 'a client that waits is still answered and counted as 200');
  t.equal(await requestsCounted('/models/{model_id}/predict', '200'), before.ok + 1);
});
