/**
 * The Open Inference Protocol (KServe V2) REST endpoints, for clients and platforms that speak it.
 *
 * Spec: https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/ — server
 * metadata (`GET /v2`), health (`/v2/health/live`, `/v2/health/ready`), model metadata and
 * readiness (`/v2/models/{name}[/versions/{version}][/ready]`) and inference (`.../infer`).
 * The one model is named `tagifai`; its versions are the model ids (`v1`); without a version the
 * default model answers. Errors are `{"error": "..."}` as the protocol says, not `{"detail"}`.
 *
 * Tensors: inputs `title` and `description` are BYTES of shape `[-1]` (one string per project;
 * `description` may be omitted). Outputs are `label` (BYTES `[-1]`) and `probabilities` (FP32
 * `[-1, 4]`, row-major, columns in the order listed in the metadata's `parameters.labels`).
 */
import type { Static } from '@sinclair/typebox';
import { JSONResponse, type App, type Request } from '../../app/index.js';
import type { ReadinessExtension } from '../../protocol/index.js';
import { parseProject, RequestValidationError, type ProjectInput } from '../api/input-validation.js';
import { V2_INFER_REQUEST_SCHEMA } from '../api/schemas.js';
import { documented } from '../openapi/operation-docs.js';
import type { ServedModel } from '../model-catalog.js';
import type { ServiceContext } from '../service-context.js';
import { SERVICE_VERSION } from './rest-routes.js';

/** The model name the V2 endpoints serve. */
export const V2_MODEL_NAME = 'tagifai';

/**
 * Whether a path belongs to the protocol (`/v2` and below), where every error — the router's 404
 * and 405 included — is `{"error": "..."}`.
 */
export function isV2Path(path: string): boolean {
  return path.startsWith('/v2') && (path.length === 3 || path.charCodeAt(3) === 47 /* / */);
}

/** A V2 error: `{"error": message}` with an HTTP status. */
class V2Error extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** The infer body, validated against `V2_INFER_REQUEST_SCHEMA` by the framework. */
type InferRequest = Static<typeof V2_INFER_REQUEST_SCHEMA>;
type InferInput = InferRequest['inputs'][number];

/** Runs a V2 handler, turning any failure into `{"error": ...}`. */
function v2(handler: (request: Request<object>) => unknown | Promise<unknown>) {
  return async (request: Request<object>) => {
    try {
      const body = await handler(request);
      return body instanceof JSONResponse ? body : new JSONResponse(body);
    } catch (error) {
      const e = error as { status?: number; message?: string; expose?: boolean; headers?: unknown; retryAfterSeconds?: number };
      const status = typeof e.status === 'number' ? e.status : 500;
      const message = status >= 500 && e.expose !== true && status !== 503 ? 'Internal Server Error' : (e.message ?? String(error));
      const headers: Record<string, string> = error instanceof V2Error ? error.headers : {};
      if (Array.isArray(e.headers)) for (const [name, value] of e.headers as Array<[string, string]>) headers[name] = value;
      if (typeof e.retryAfterSeconds === 'number') headers['retry-after'] = String(e.retryAfterSeconds);
      if (status === 500) console.error('tagifai: V2 request failed', error);
      return new JSONResponse({ error: message }, { status, headers });
    }
  };
}

/** The model a V2 path names: `tagifai`, with an optional version. */
function resolveModel(context: ServiceContext, request: Request<object>): ServedModel {
  const name = String(request.pathParams.model_name);
  if (name !== V2_MODEL_NAME) throw new V2Error(404, `unknown model "${name}"; this server serves "${V2_MODEL_NAME}"`);
  const version = request.pathParams.model_version;
  if (version === undefined) return context.models().default;
  const model = context.models().get(String(version));
  if (model === undefined) throw new V2Error(404, `unknown version "${String(version)}" of model "${V2_MODEL_NAME}"`);
  return model;
}

function modelMetadata(context: ServiceContext, model: ServedModel) {
  return {
    name: V2_MODEL_NAME,
    versions: context.models().list().map((m) => m.id),
    platform: 'onnxruntime_onnx',
    inputs: [
      { name: 'title', datatype: 'BYTES', shape: [-1] },
      { name: 'description', datatype: 'BYTES', shape: [-1] },
    ],
    outputs: [
      { name: 'label', datatype: 'BYTES', shape: [-1] },
      { name: 'probabilities', datatype: 'FP32', shape: [-1, model.labels.length] },
    ],
    parameters: { version: model.id, labels: model.labels },
  };
}

/**
 * Deepest nesting of `data` arrays accepted. The protocol lets `data` nest as its shape does; our
 * tensors are one-dimensional, so anything deeper than this is a client error, refused before a
 * recursive walk could overflow the stack on a body nested 50,000 levels deep.
 */
export const MAX_DATA_NESTING = 32;

/** Flattens `data` (the protocol allows nested arrays) and checks it holds `count` strings. */
function strings(input: InferInput, count: number | undefined): string[] {
  if (input.datatype !== 'BYTES') throw new V2Error(400, `input "${input.name}" must have datatype BYTES, got ${JSON.stringify(input.datatype)}`);
  if (input.shape.length !== 1) throw new V2Error(400, `input "${input.name}" must have shape [N]`);
  const data = flatData(input);
  if (data.some((value) => typeof value !== 'string')) throw new V2Error(400, `input "${input.name}" data must be an array of strings`);
  if (data.length !== input.shape[0]) throw new V2Error(400, `input "${input.name}" has shape [${input.shape[0]}] but ${data.length} elements`);
  if (count !== undefined && data.length !== count) throw new V2Error(400, `input "${input.name}" has ${data.length} elements, "title" has ${count}`);
  return data as string[];
}

/** `data` itself when already flat (the usual case: no copy), else its values in order. */
function flatData(input: InferInput): unknown[] {
  const data = input.data as unknown[];
  if (!data.some(Array.isArray)) return data;
  // A loop with its own stack of (array, next index), not recursion: the nesting is the client's.
  const out: unknown[] = [];
  const arrays: unknown[][] = [data];
  const positions: number[] = [0];
  while (arrays.length > 0) {
    const top = arrays.length - 1;
    const array = arrays[top]!;
    const index = positions[top]!;
    if (index === array.length) {
      arrays.pop();
      positions.pop();
      continue;
    }
    positions[top] = index + 1;
    const value = array[index];
    if (!Array.isArray(value)) {
      out.push(value);
    } else if (arrays.length >= MAX_DATA_NESTING) {
      throw new V2Error(400, `input "${input.name}" data is nested deeper than ${MAX_DATA_NESTING} levels`);
    } else {
      arrays.push(value as unknown[]);
      positions.push(0);
    }
  }
  return out;
}

/** The inputs by name; a name given twice is refused rather than one of the two dropped. */
function inputsByName(inputs: readonly InferInput[]): Map<string, InferInput> {
  const byName = new Map<string, InferInput>();
  for (const input of inputs) {
    if (byName.has(input.name)) throw new V2Error(400, `duplicate input "${input.name}"; each input name may appear once`);
    byName.set(input.name, input);
  }
  return byName;
}

/** Reads the infer request's tensors into projects (the same rules as `/predict`). */
function readInputs(request: InferRequest): { projects: ProjectInput[]; outputs: string[] } {
  const byName = inputsByName(request.inputs);
  for (const name of byName.keys()) if (name !== 'title' && name !== 'description') throw new V2Error(400, `unexpected input "${name}"; inputs are "title" and "description"`);
  const titleInput = byName.get('title');
  if (titleInput === undefined) throw new V2Error(400, 'missing input "title"');
  const titles = strings(titleInput, undefined);
  if (titles.length === 0 || titles.length > 1000) throw new V2Error(400, `"title" must hold 1 to 1000 elements, got ${titles.length}`);
  const descriptionInput = byName.get('description');
  const descriptions = descriptionInput === undefined ? titles.map(() => '') : strings(descriptionInput, titles.length);
  const projects = titles.map((title, i) => {
    try {
      return parseProject({ title, description: descriptions[i] }, 'inputs');
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      throw new V2Error(400, `element ${i}: ${error.issues.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ')}`);
    }
  });
  const outputs = request.outputs === undefined ? ['label', 'probabilities'] : request.outputs.map((output) => output.name);
  for (const name of outputs) if (name !== 'label' && name !== 'probabilities') throw new V2Error(400, `unknown output "${name}"; outputs are "label" and "probabilities"`);
  return { projects, outputs };
}

/** Registers the V2 endpoints. */
export function addV2Routes(app: App<object>, context: ServiceContext): void {
  const ready = (request: Request<object>) => context.isReady(request.scope.extensions?.['tsgi.server.readiness'] as ReadinessExtension | undefined);
  const tags = ['open inference protocol (v2)'];

  app.get('/v2', { ...documented('GET', '/v2'), summary: 'V2 server metadata', tags }, ({ request }) => v2(() => ({ name: 'tagifai', version: SERVICE_VERSION, extensions: [] }))(request));
  app.get('/v2/health/live', { ...documented('GET', '/v2/health/live'), summary: 'V2 server liveness', tags }, ({ request }) => v2(() => ({ live: true }))(request));
  app.get('/v2/health/ready', { ...documented('GET', '/v2/health/ready'), summary: 'V2 server readiness', tags }, ({ request }) => v2((request) => (ready(request) ? { ready: true } : new JSONResponse({ ready: false }, { status: 503 })))(request));

  for (const base of ['/v2/models/{model_name}', '/v2/models/{model_name}/versions/{model_version}']) {
    app.get(base, { ...documented('GET', base), summary: 'V2 model metadata', tags }, ({ request }) => v2((request) => modelMetadata(context, resolveModel(context, request)))(request));
    app.get(`${base}/ready`, { ...documented('GET', `${base}/ready`), summary: 'V2 model readiness', tags }, ({ request }) => v2((request) => {
      const model = resolveModel(context, request);
      const body = { name: V2_MODEL_NAME, version: model.id, ready: ready(request) };
      return body.ready ? body : new JSONResponse(body, { status: 503 });
    })(request));
    // The body is declared: the framework reads it (415, 413, 400 malformed) and checks it against
    // the schema, which also puts it in the OpenAPI document; `api/framework-errors.ts` writes
    // those refusals as `{"error": ...}`, like the security dependencies' 401/403/429, which run first.
    app.post(`${base}/infer`, { ...documented('POST', `${base}/infer`, context.security), body: V2_INFER_REQUEST_SCHEMA, summary: 'V2 inference', tags }, ({ body, request }) => v2(async () => {
      const model = resolveModel(context, request);
      const { projects, outputs } = readInputs(body);
      const results = await context.predict(model, projects);
      const tensors = [];
      if (outputs.includes('label')) tensors.push({ name: 'label', datatype: 'BYTES', shape: [results.length], data: results.map((r) => r.prediction) });
      if (outputs.includes('probabilities')) {
        const data = results.flatMap((r) => model.labels.map((label) => r.probabilities[label]!));
        tensors.push({ name: 'probabilities', datatype: 'FP32', shape: [results.length, model.labels.length], data });
      }
      return { model_name: V2_MODEL_NAME, model_version: model.id, ...(body.id === undefined ? {} : { id: body.id }), outputs: tensors };
    })(request));
  }
}
