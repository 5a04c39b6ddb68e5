import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parsePrometheus } from '../metrics/prometheus-parser.js';
import { startService } from './service-harness.js';
import { COMMITTED_VERSION } from '../isolated-environment.js';

t.test('/metrics reports requests by route template, predictions by label, batch sizes, queue depth and load time', async (t) => {
  const service = await startService(t);
  await service.request('/predict', { json: { title: 'Image classification with ResNet' } });
  await service.request(`/models/${COMMITTED_VERSION}`);
  await service.request('/models/nope');
  const response = await service.request('/metrics');
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^text\/plain; version=0.0.4/);
  const families = new Map(parsePrometheus(response.text).map((family) => [family.name, family]));
  const requests = families.get('tagifai_http_requests_total')!.metrics;
  t.ok(requests.some((m) => m.labels?.route === '/predict' && m.labels.status === '200' && m.value === '1'));
  t.ok(requests.some((m) => m.labels?.route === '/models/{model_id}' && m.labels.status === '404'), 'raw paths are folded into templates');
  t.match(families.get('tagifai_predictions_total')!.metrics, [{ labels: { model: COMMITTED_VERSION, label: 'computer-vision' }, value: '1' }]);
  for (const name of ['tagifai_http_request_duration_seconds', 'tagifai_http_requests_in_flight', 'tagifai_inference_batch_size', 'tagifai_inference_queue_depth', 'tagifai_model_load_seconds']) {
    t.ok(families.has(name), name);
  }
  t.ok(Number(families.get('tagifai_model_load_seconds')!.metrics[0]!.value) > 0);
});

t.test('/readyz turns 503 shutting-down once the server begins shutting down, while /healthz stays ok', async (t) => {
  // shutdownDelay keeps the listener open (not ready) for a moment after shutdown begins.
  const service = await startService(t, {}, { shutdownDelay: 1 });
  t.equal((await service.request('/readyz')).status, 200);
  const closing = service.server.close();
  const ready = await service.request('/readyz');
  t.equal(ready.status, 503);
  t.same(ready.body, { status: 'shutting-down' });
  t.equal((await service.request('/v2/health/ready')).status, 503);
  t.same((await service.request('/healthz')).body, { status: 'ok' });
  t.equal(await closing, 0);
});

t.test('/readyz is 503 once the app itself is shutting down, on any server', async (t) => {
  const service = await startService(t);
  service.context.shuttingDown = true;
  t.equal((await service.request('/readyz')).status, 503);
});

t.test('a graceful shutdown answers every REST prediction in flight with its result', async (t) => {
  const service = await startService(t);
  const context = service.context;
  const predict = context.predict;
  // Slow runs, so that every request below is still in flight when the shutdown begins; the
  // shutdown waits until all fifty are computing (one call each), however loaded the machine.
  let computing = 0;
  context.predict = async (...args) => {
    computing += 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return predict.apply(context, args);
  };
  const requests = Array.from({ length: 50 }, (_, i) => service.request(i % 5 === 0 ? '/predict/batch' : '/predict', { json: i % 5 === 0 ? { items: [{ title: `Batch ${i}` }, { title: 'Speech to text' }] } : { title: `Request ${i} on kubernetes` } }));
  for (const deadline = Date.now() + 10_000; computing < 50 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 5));
  t.equal(computing, 50, 'all fifty requests are being computed');
  const exit = await service.server.close();
  const responses = await Promise.all(requests);
  t.same(responses.map((response) => response.status), Array(50).fill(200), 'every request in flight answered 200');
  t.ok(responses.every((response) => response.body.data.results.every((result: { prediction: string }) => typeof result.prediction === 'string')));
  t.equal(exit, 0);
});

t.test('/openapi.json is a valid OpenAPI 3.1 document covering every endpoint of the contract', async (t) => {
  const service = await startService(t);
  const document = (await service.request('/openapi.json')).body;
  t.equal(document.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(document);
  t.ok(result.valid, JSON.stringify(result.errors));
  const operations = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  for (const expected of [
    'GET /', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /models', 'GET /models/{model_id}', 'POST /predict', 'POST /models/{model_id}/predict',
    'POST /predict/batch', 'GET /predictions/{project_id}', 'GET /v2', 'GET /v2/health/live', 'GET /v2/health/ready', 'GET /v2/models/{model_name}',
    'GET /v2/models/{model_name}/versions/{model_version}', 'GET /v2/models/{model_name}/ready', 'POST /v2/models/{model_name}/infer',
    'POST /v2/models/{model_name}/versions/{model_version}/infer',
  ]) t.ok(operations.includes(expected), expected);
  t.match(document.info.description, /\/ws\/predict/);
  t.match(document.paths['/predict'].post.responses, { '422': Object, '413': Object, '415': Object, '503': Object });
});

t.test('/openapi.json documents the V2 infer request and response bodies with their schemas', async (t) => {
  const service = await startService(t, { apiKeys: ['k1'] });
  const document = (await service.request('/openapi.json')).body;
  const resolve = (schema: { $ref?: string }) => (schema.$ref === undefined ? schema : document.components.schemas[schema.$ref.split('/').at(-1)!]);
  for (const path of ['/v2/models/{model_name}/infer', '/v2/models/{model_name}/versions/{model_version}/infer']) {
    const operation = document.paths[path].post;
    t.equal(operation.requestBody.required, true, path);
    const request = resolve(operation.requestBody.content['application/json'].schema);
    t.same(request.required, ['inputs'], `${path}: inputs is required`);
    const tensor = resolve(request.properties.inputs.items);
    t.same([...tensor.required].sort(), ['data', 'datatype', 'name', 'shape']);
    t.match(request.properties, { id: { type: 'string' }, outputs: { type: 'array' } });
    const response = resolve(operation.responses['200'].content['application/json'].schema);
    t.match(response, { properties: { model_name: { type: 'string' }, outputs: { type: 'array' } } });
    t.match(operation.responses['400'].content['application/json'].schema, { properties: { error: { type: 'string' } } });
    t.equal(operation.responses['422'], undefined, `${path}: V2 never answers the framework's 422`);
    t.same(operation.security, [{ bearer: [] }]);
  }
});

t.test('/openapi.json lists the bearer scheme on exactly the prediction operations when keys are set', async (t) => {
  const secured = (await (await startService(t, { apiKeys: ['k1'] })).request('/openapi.json')).body;
  t.match(secured.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
  const withSecurity = Object.entries(secured.paths as Record<string, Record<string, { security?: unknown }>>)
    .flatMap(([path, methods]) => Object.entries(methods).filter(([, op]) => op.security !== undefined).map(([method]) => `${method.toUpperCase()} ${path}`));
  t.same(withSecurity.sort(), [
    'POST /models/{model_id}/predict', 'POST /predict', 'POST /predict/batch',
    'POST /v2/models/{model_name}/infer', 'POST /v2/models/{model_name}/versions/{model_version}/infer',
  ]);
  const open = (await (await startService(t)).request('/openapi.json')).body;
  t.equal(open.paths['/predict'].post.security, undefined, 'without keys the document does not ask for one');
});

t.test('/docs and /redoc are served with their assets, offline', async (t) => {
  const service = await startService(t);
  const docs = await service.request('/docs');
  t.equal(docs.status, 200);
  t.match(docs.text, /swagger-ui-bundle\.js/);
  t.notMatch(docs.text, /https?:\/\/cdn/);
  const redoc = await service.request('/redoc');
  t.match(redoc.text, /redoc\.standalone\.js/);
  for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'redoc.standalone.js']) {
    t.equal((await fetch(`${service.url}/docs/assets/${asset}`)).status, 200, asset);
  }
  t.equal((await service.request('/docs/assets/secret.txt')).status, 404);
});
