import t from 'tap';
import type { Test } from 'tap';
import { LABELS, startService, type RunningService } from './service-harness.js';
import { COMMITTED_VERSION } from '../isolated-environment.js';

let service: RunningService;
t.before(async () => {
  service = await startService(t);
});

/** Checks the success envelope and returns its data. */
function data(t: Test, response: { status: number; body: any }, method: string, path: string) {
  t.equal(response.status, 200);
  t.same(Object.keys(response.body), ['message', 'method', 'status-code', 'timestamp', 'url', 'data']);
  t.match(response.body, { message: 'OK', method, 'status-code': 200, url: `${service.url}${path}` });
  t.match(response.body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  return response.body.data;
}

function checkProbabilities(t: Test, probabilities: Record<string, number>) {
  t.same(Object.keys(probabilities).sort(), LABELS);
  t.ok(Math.abs(Object.values(probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-4, 'probabilities sum to 1');
}

t.test('GET / describes the service and its models', async (t) => {
  const body = data(t, await service.request('/'), 'GET', '/');
  t.same(body, { service: 'tagifai', version: '0.1.0', models: [COMMITTED_VERSION], default_model: COMMITTED_VERSION });
});

t.test('GET /healthz and /readyz answer ok and ready', async (t) => {
  t.same((await service.request('/healthz')).body, { status: 'ok' });
  const ready = await service.request('/readyz');
  t.equal(ready.status, 200);
  t.same(ready.body, { status: 'ready' });
});

t.test('GET /models lists id, version, labels, metrics and created_at', async (t) => {
  const body = data(t, await service.request('/models'), 'GET', '/models');
  t.equal(body.models.length, 1);
  t.same(Object.keys(body.models[0]), ['id', 'version', 'labels', 'metrics', 'created_at']);
  t.match(body.models[0], { id: COMMITTED_VERSION, labels: LABELS });
  t.type(body.models[0].metrics, 'object');
});

t.test('GET /models/{id} adds the model card; an unknown id is 404 with detail', async (t) => {
  const body = data(t, await service.request(`/models/${COMMITTED_VERSION}`), 'GET', `/models/${COMMITTED_VERSION}`);
  t.match(body.card, /\S/);
  const missing = await service.request('/models/v99');
  t.equal(missing.status, 404);
  t.match(missing.body.detail, /v99/);
});

t.test('POST /predict classifies one project with the default model', async (t) => {
  const response = await service.request('/predict', { json: { title: 'Real-time object detection with YOLO', description: 'bounding boxes for images', ignored: true } });
  const body = data(t, response, 'POST', '/predict');
  t.same(body.model, { id: COMMITTED_VERSION, version: COMMITTED_VERSION });
  t.equal(body.results.length, 1);
  t.equal(body.results[0].prediction, 'computer-vision');
  checkProbabilities(t, body.results[0].probabilities);
});

t.test('POST /models/{id}/predict uses that model; an unknown one is 404', async (t) => {
  const body = data(t, await service.request(`/models/${COMMITTED_VERSION}/predict`, { json: { title: 'BERT fine-tuning for sentiment analysis' } }), 'POST', `/models/${COMMITTED_VERSION}/predict`);
  t.equal(body.results[0].prediction, 'natural-language-processing');
  const missing = await service.request('/models/v7/predict', { json: { title: 'x' } });
  t.equal(missing.status, 404);
  t.type(missing.body.detail, 'string');
});

t.test('POST /predict/batch answers in input order and agrees with /predict', async (t) => {
  const items = [{ title: 'Image segmentation with U-Net' }, { title: 'Machine translation with transformers', description: 'seq2seq' }, { title: 'Model monitoring and feature stores in production' }];
  const body = data(t, await service.request('/predict/batch', { json: { items } }), 'POST', '/predict/batch');
  t.equal(body.results.length, 3);
  for (const [i, item] of items.entries()) {
    const single = (await service.request('/predict', { json: item })).body.data.results[0];
    t.equal(body.results[i].prediction, single.prediction, `item ${i}`);
    for (const label of LABELS) t.ok(Math.abs(body.results[i].probabilities[label] - single.probabilities[label]) < 1e-5);
  }
});

t.test('GET /predictions/{id} is 404 with a hint before any batch job ran', async (t) => {
  const response = await service.request('/predictions/42');
  t.equal(response.status, 404);
  t.match(response.body.detail, /npm run batch/);
});
