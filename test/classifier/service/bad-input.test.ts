import t from 'tap';
import { request as httpRequest } from 'node:http';
import { startService, type RunningService } from './service-harness.js';

let service: RunningService;
t.before(async () => {
  service = await startService(t, { bodyLimit: 64 * 1024 });
});

const cases: Array<[string, unknown, Array<{ loc: Array<string | number>; type: string }>]> = [
  ['a missing title', { description: 'x' }, [{ loc: ['body', 'title'], type: 'missing' }]],
  ['a non-string title', { title: 12 }, [{ loc: ['body', 'title'], type: 'string_type' }]],
  ['an empty title', { title: '' }, [{ loc: ['body', 'title'], type: 'string_too_short' }]],
  ['a title over 1000 characters', { title: 'x'.repeat(1001) }, [{ loc: ['body', 'title'], type: 'string_too_long' }]],
  ['a description over 10000 characters', { title: 'ok', description: 'd'.repeat(10_001) }, [{ loc: ['body', 'description'], type: 'string_too_long' }]],
  ['a body that is not an object', ['title'], [{ loc: ['body'], type: 'dict_type' }]],
];

for (const [name, body, expected] of cases) {
  t.test(`POST /predict with ${name} is 422 listing the error`, async (t) => {
    const response = await service.request('/predict', { json: body });
    t.equal(response.status, 422);
    t.match(response.body, { detail: expected });
    t.equal(response.body.detail.length, expected.length);
    t.type(response.body.detail[0].msg, 'string');
  });
}

t.test('a batch of 0 or 1001 items is 422; an item error is located by index', async (t) => {
  t.match((await service.request('/predict/batch', { json: { items: [] } })).body, { detail: [{ loc: ['body', 'items'], type: 'too_short' }] });
  const tooMany = await service.request('/predict/batch', { json: { items: Array.from({ length: 1001 }, () => ({ title: 'x' })) } });
  t.equal(tooMany.status, 422);
  const bad = await service.request('/predict/batch', { json: { items: [{ title: 'a' }, { title: 'b' }, { title: 3 }] } });
  t.equal(bad.status, 422);
  t.same(bad.body.detail.map((d: { loc: unknown }) => d.loc), [['body', 'items', 2, 'title']]);
});

t.test('malformed JSON is 400 with a detail', async (t) => {
  const response = await service.request('/predict', { body: '{"title": ', headers: { 'content-type': 'application/json' } });
  t.equal(response.status, 400);
  t.match(response.body.detail, /JSON/);
});

t.test('a body with no or a non-JSON Content-Type is 415', async (t) => {
  const none = await fetch(`${service.url}/predict`, { method: 'POST', body: new Uint8Array(Buffer.from('{"title":"x"}')) });
  t.equal(none.status, 415);
  t.match(await none.json(), { detail: /Content-Type/ });
  const text = await service.request('/predict', { body: '{"title":"x"}', headers: { 'content-type': 'text/plain' } });
  t.equal(text.status, 415);
});

t.test('a body over the limit is 413, also when sent chunked', async (t) => {
  const big = JSON.stringify({ title: 'x', description: 'y'.repeat(70 * 1024) });
  const response = await service.request('/predict', { body: big, headers: { 'content-type': 'application/json' } });
  t.equal(response.status, 413);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${service.url}/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => reject(new Error('timeout')));
    for (let i = 0; i < 10; i++) req.write('x'.repeat(10 * 1024));
    req.end();
  });
  t.equal(status, 413);
});

t.test('an unknown path is 404 and a wrong method is 405 with Allow', async (t) => {
  const missing = await service.request('/nope');
  t.equal(missing.status, 404);
  t.same(missing.body, { detail: 'Not Found' });
  const wrong = await service.request('/predict');
  t.equal(wrong.status, 405);
  t.match(wrong.headers.get('allow'), /POST/);
});

t.test('the service keeps serving after bad requests', async (t) => {
  t.equal((await service.request('/predict', { json: { title: 'Kubernetes model serving' } })).status, 200);
});
