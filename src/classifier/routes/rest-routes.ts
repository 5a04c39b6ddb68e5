/**
 * The enveloped REST endpoints of issue 7: service info, models, predictions (single, by model,
 * batch) and stored batch predictions.
 *
 * Each handler follows the same path: guard (auth, rate limit) → read JSON (415/413/400) →
 * validate (422) → predict through the batcher (503 when overloaded) → envelope. Errors leave as
 * `{"detail": ...}` through the app's exception handlers (see `app.ts`).
 */
import type { App, Request } from '../../app/index.js';
import { HTTPException } from '../../app/index.js';
import { envelope } from '../api/envelope.js';
import { parseBatch, parseProject } from '../api/input-validation.js';
import { readJsonBody } from '../api/json-body.js';
import type { ServedModel } from '../model-catalog.js';
import type { ServiceContext } from '../service-context.js';

/** The service's own version, reported by `GET /`. */
export const SERVICE_VERSION = '0.1.0';

/** `{"id", "version"}` of a model, as prediction responses name it. */
export function modelRef(model: ServedModel): { id: string; version: string } {
  return { id: model.id, version: model.version };
}

/** The `/models` entry of a model. */
function modelSummary(model: ServedModel) {
  return { id: model.id, version: model.version, labels: model.labels, metrics: model.metadata.metrics, created_at: model.metadata.createdAt };
}

async function predictOne(request: Request<object>, context: ServiceContext, model: () => ServedModel) {
  context.guard(request);
  const project = parseProject(await readJsonBody(request));
  const chosen = model();
  const results = await context.predict(chosen, [project]);
  return envelope(request, { results, model: modelRef(chosen) });
}

/** Registers the enveloped endpoints on `app`. */
export function addRestRoutes(app: App<object>, context: ServiceContext): void {
  app.get('/', (request) => {
    const catalog = context.models();
    return envelope(request, { service: 'tagifai', version: SERVICE_VERSION, models: catalog.list().map((m) => m.id), default_model: catalog.defaultId });
  }, { summary: 'Service information', tags: ['service'] });

  app.get('/models', (request) => envelope(request, { models: context.models().list().map(modelSummary) }), { summary: 'List the served models', tags: ['models'] });

  app.get('/models/{model_id}', (request) => {
    const model = context.model(String(request.pathParams.model_id));
    return envelope(request, { ...modelSummary(model), card: model.card });
  }, { summary: 'One model, with its model card', tags: ['models'] });

  app.post('/predict', (request) => predictOne(request, context, () => context.models().default), { summary: 'Classify one project with the default model', tags: ['predict'] });

  app.post('/models/{model_id}/predict', (request) => predictOne(request, context, () => context.model(String(request.pathParams.model_id))), {
    summary: 'Classify one project with a given model',
    tags: ['predict'],
  });

  app.post('/predict/batch', async (request) => {
    context.guard(request);
    const items = parseBatch(await readJsonBody(request));
    const model = context.models().default;
    const results = await context.predict(model, items);
    return envelope(request, { results, model: modelRef(model) });
  }, { summary: 'Classify up to 1000 projects in one request', tags: ['predict'] });

  app.get('/predictions/{project_id}', (request) => {
    const projectId = String(request.pathParams.project_id);
    const store = context.predictionStore();
    if (store === undefined) throw new HTTPException(404, `No batch predictions yet: run "npm run batch -- --data <csv>" to create ${context.config.database}`);
    const stored = store.get(projectId);
    if (stored === undefined) throw new HTTPException(404, `No stored prediction for project "${projectId}"`);
    return envelope(request, stored);
  }, { summary: 'A prediction stored by the batch job', tags: ['predict'] });
}
