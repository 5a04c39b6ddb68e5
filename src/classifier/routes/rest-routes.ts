/**
 * The enveloped REST endpoints of issue 7: service info, models, predictions (single, by model,
 * batch) and stored batch predictions.
 *
 * A prediction request takes this path: the security dependencies (API key, rate limit; see
 * `security/prediction-security.ts`), which the framework runs before reading the body → the declared body (415/413/400, then 422 against the TypeBox
 * schemas in `api/schemas.ts`) → predict through the batcher (503 when overloaded) → envelope.
 * Errors leave as `{"detail": ...}` through the app's exception handlers (see `app.ts`).
 */
import type { App, Request } from '../../app/index.js';
import { HTTPException } from '../../app/index.js';
import { envelope } from '../api/envelope.js';
import type { ProjectInput } from '../api/input-validation.js';
import { BATCH_SCHEMA, PROJECT_SCHEMA } from '../api/schemas.js';
import { documented } from '../openapi/operation-docs.js';
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

/** A validated body as the model takes it (the schema's default fills a missing description). */
function toProject(body: { title: string; description?: string }): ProjectInput {
  return { title: body.title, description: body.description ?? '' };
}

async function predictWith(request: Request<object>, context: ServiceContext, model: ServedModel, projects: ProjectInput[]) {
  const results = await context.predict(model, projects);
  return envelope(request, { results, model: modelRef(model) });
}

/** Registers the enveloped endpoints on `app`. */
export function addRestRoutes(app: App<object>, context: ServiceContext): void {
  app.get('/', { ...documented('GET', '/'), summary: 'Service information', tags: ['service'] }, ({ request }) => {
    const catalog = context.models();
    return envelope(request, { service: 'tagifai', version: SERVICE_VERSION, models: catalog.list().map((m) => m.id), default_model: catalog.defaultId });
  });

  app.get('/models', { ...documented('GET', '/models'), summary: 'List the served models', tags: ['models'] },
    ({ request }) => envelope(request, { models: context.models().list().map(modelSummary) }));

  app.get('/models/{model_id}', { ...documented('GET', '/models/{model_id}'), summary: 'One model, with its model card', tags: ['models'] }, ({ request }) => {
    const model = context.model(String(request.pathParams.model_id));
    return envelope(request, { ...modelSummary(model), card: model.card });
  });

  app.post('/predict', { ...documented('POST', '/predict', context.security), body: PROJECT_SCHEMA, summary: 'Classify one project with the default model', tags: ['predict'] },
    ({ body, request }) => predictWith(request, context, context.models().default, [toProject(body)]));

  app.post('/models/{model_id}/predict', { ...documented('POST', '/models/{model_id}/predict', context.security), body: PROJECT_SCHEMA, summary: 'Classify one project with a given model', tags: ['predict'] },
    ({ body, request }) => predictWith(request, context, context.model(String(request.pathParams.model_id)), [toProject(body)]));

  app.post('/predict/batch', { ...documented('POST', '/predict/batch', context.security), body: BATCH_SCHEMA, summary: 'Classify up to 1000 projects in one request', tags: ['predict'] },
    ({ body, request }) => predictWith(request, context, context.models().default, body.items.map(toProject)));

  app.get('/predictions/{project_id}', { ...documented('GET', '/predictions/{project_id}'), summary: 'A prediction stored by the batch job', tags: ['predict'] }, ({ request }) => {
    const projectId = String(request.pathParams.project_id);
    const store = context.predictionStore();
    if (store === undefined) throw new HTTPException(404, `No batch predictions yet: run "npm run batch -- --data <csv>" to create ${context.config.database}`);
    const stored = store.get(projectId);
    if (stored === undefined) throw new HTTPException(404, `No stored prediction for project "${projectId}"`);
    return envelope(request, stored);
  });
}
