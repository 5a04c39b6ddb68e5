import t from 'tap';
import { startService, type RunningService } from './service-harness.js';

// The batch body is validated by the framework's declared route; these are the shapes issue 7's
// clients see when `items` itself is wrong (the item-level cases are in bad-input.test.ts).
let service: RunningService;
t.before(async () => {
  service = await startService(t);
});

t.test('a batch body without items is 422 with type missing at body.items', async (t) => {
  const response = await service.request('/predict/batch', { json: {} });
  t.equal(response.status, 422);
  t.match(response.body, { detail: [{ loc: ['body', 'items'], type: 'missing' }] });
});

t.test('items that are not a list are 422 with type list_type', async (t) => {
  const response = await service.request('/predict/batch', { json: { items: 'no' } });
  t.equal(response.status, 422);
  t.match(response.body, { detail: [{ loc: ['body', 'items'], type: 'list_type' }] });
});

t.test('an item that is not an object is 422 with type dict_type at its index', async (t) => {
  const response = await service.request('/predict/batch', { json: { items: [{ title: 'ok' }, 7] } });
  t.equal(response.status, 422);
  t.match(response.body, { detail: [{ loc: ['body', 'items', 1], type: 'dict_type' }] });
});

t.test('a missing description defaults to "" and unknown keys are ignored', async (t) => {
  const alone = await service.request('/predict/batch', { json: { items: [{ title: 'YOLO object detection' }] } });
  const withExtras = await service.request('/predict/batch', { json: { items: [{ title: 'YOLO object detection', description: '', tag: 'x' }], extra: 1 } });
  t.equal(alone.status, 200);
  t.same(withExtras.body.data.results, alone.body.data.results);
});
