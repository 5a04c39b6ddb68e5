import t from 'tap';
import { LABELS, startService, type RunningService } from './service-harness.js';
import { COMMITTED_VERSION } from '../isolated-environment.js';

let service: RunningService;
t.before(async () => {
  service = await startService(t);
});

const infer = (titles: string[], extra: Record<string, unknown> = {}) => ({
  id: 'req-1',
  inputs: [{ name: 'title', datatype: 'BYTES', shape: [titles.length], data: titles }],
  ...extra,
});

t.test('server metadata, liveness and readiness', async (t) => {
  t.match((await service.request('/v2')).body, { name: 'tagifai', version: String, extensions: [] });
  t.same((await service.request('/v2/health/live')).body, { live: true });
  t.same((await service.request('/v2/health/ready')).body, { ready: true });
});

t.test('model metadata lists the tensors and the label order, with or without version', async (t) => {
  for (const path of ['/v2/models/tagifai', `/v2/models/tagifai/versions/${COMMITTED_VERSION}`]) {
    const response = await service.request(path);
    t.equal(response.status, 200);
    t.match(response.body, {
      name: 'tagifai', versions: [COMMITTED_VERSION],
      inputs: [{ name: 'title', datatype: 'BYTES', shape: [-1] }, { name: 'description', datatype: 'BYTES', shape: [-1] }],
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [-1] }, { name: 'probabilities', datatype: 'FP32', shape: [-1, 4] }],
      parameters: { labels: LABELS },
    });
  }
  t.match((await service.request('/v2/models/tagifai/ready')).body, { name: 'tagifai', ready: true });
  t.match((await service.request(`/v2/models/tagifai/versions/${COMMITTED_VERSION}/ready`)).body, { ready: true });
});

t.test('infer agrees with /predict, row by row, in the metadata label order', async (t) => {
  const titles = ['Image captioning with CNNs', 'Named entity recognition with spaCy', 'CI/CD for machine learning models'];
  const descriptions = ['vision and text', '', 'deployment pipelines'];
  const response = await service.request('/v2/models/tagifai/infer', {
    json: infer(titles, { inputs: [{ name: 'title', datatype: 'BYTES', shape: [3], data: titles }, { name: 'description', datatype: 'BYTES', shape: [3], data: descriptions }] }),
  });
  t.equal(response.status, 200);
  t.match(response.body, { model_name: 'tagifai', model_version: COMMITTED_VERSION, id: 'req-1' });
  const [label, probabilities] = response.body.outputs;
  t.match(label, { name: 'label', datatype: 'BYTES', shape: [3] });
  t.match(probabilities, { name: 'probabilities', datatype: 'FP32', shape: [3, 4] });
  for (let i = 0; i < 3; i++) {
    const rest = (await service.request('/predict', { json: { title: titles[i], description: descriptions[i] } })).body.data.results[0];
    t.equal(label.data[i], rest.prediction);
    LABELS.forEach((name, c) => t.ok(Math.abs(probabilities.data[i * 4 + c] - rest.probabilities[name]) < 1e-5));
  }
});

t.test('infer on a version path, and asking for one output only', async (t) => {
  const response = await service.request(`/v2/models/tagifai/versions/${COMMITTED_VERSION}/infer`, { json: infer(['Pose estimation'], { outputs: [{ name: 'label' }] }) });
  t.equal(response.status, 200);
  t.same(response.body.outputs.map((o: { name: string }) => o.name), ['label']);
});

t.test('errors are {"error": "..."} with the right status', async (t) => {
  const checks: Array<[string, unknown, number, RegExp]> = [
    ['/v2/models/other/infer', infer(['x']), 404, /unknown model/],
    ['/v2/models/tagifai/versions/v9/infer', infer(['x']), 404, /unknown version/],
    ['/v2/models/tagifai/infer', { inputs: [] }, 400, /missing input "title"/],
    ['/v2/models/tagifai/infer', {}, 400, /inputs/],
    ['/v2/models/tagifai/infer', { inputs: [{ name: 'title', datatype: 'FP32', shape: [1], data: [1] }] }, 400, /BYTES/],
    ['/v2/models/tagifai/infer', { inputs: [{ name: 'title', datatype: 'BYTES', shape: [2], data: ['a'] }] }, 400, /shape/],
    ['/v2/models/tagifai/infer', { inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: [''] }] }, 400, /element 0/],
    ['/v2/models/tagifai/infer', infer(['x'], { outputs: [{ name: 'logits' }] }), 400, /unknown output/],
  ];
  for (const [path, body, status, message] of checks) {
    const response = await service.request(path, { json: body });
    t.equal(response.status, status, path);
    t.same(Object.keys(response.body), ['error']);
    t.match(response.body.error, message);
  }
  const malformed = await service.request('/v2/models/tagifai/infer', { body: '{"inputs": [', headers: { 'content-type': 'application/json' } });
  t.equal(malformed.status, 400);
  t.match(malformed.body, { error: /JSON/ });
  const mistyped = await service.request('/v2/models/tagifai/infer', { json: { inputs: [{ name: 'title', datatype: 'BYTES', shape: ['one'], data: ['x'] }] } });
  t.equal(mistyped.status, 400);
  t.same(Object.keys(mistyped.body), ['error']);
  t.match(mistyped.body.error, /body\.inputs\.0\.shape\.0/, 'the schema problem names where it is');
  const notJson = await service.request('/v2/models/tagifai/infer', { body: 'x', headers: { 'content-type': 'text/plain' } });
  t.equal(notJson.status, 415);
  t.type(notJson.body.error, 'string');
  t.equal((await service.request('/v2/models/other')).status, 404);
});

t.test('a body over the limit is 413 with {"error": ...}', async (t) => {
  const small = await startService(t, { bodyLimit: 64 * 1024 });
  const big = { inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: ['x'.repeat(70 * 1024)] }] };
  const response = await small.request('/v2/models/tagifai/infer', { json: big });
  t.equal(response.status, 413);
  t.same(Object.keys(response.body), ['error']);
});
