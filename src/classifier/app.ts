/**
 * The tagifai application: the classifier API assembled on `tsgi/app`.
 *
 * `createClassifierApp(config)` builds the App — middleware (metrics outermost, then CORS when
 * configured), exception handlers mapping the service's errors to `{"detail": ...}`, every route,
 * and the lifespan that loads the models before the server opens its port — and returns it with
 * the ServiceContext its routes share. It does not import the server: `main.ts` hands the app to
 * `tsgi/server`, and tests drive it in-process or on a real socket.
 *
 * The returned `app` is the App wrapped once, for one reason: the framework's lifespan generator
 * does not see the lifespan scope, and the `tsgi.server.gather` extension (to sum metrics over
 * workers) is advertised there. The wrapper registers this worker's metrics provider, then hands
 * every scope to the App unchanged.
 */
import {
  App, AppError, cors, HTTPException, installDocs, JSONResponse, MalformedJSONError, RequestValidationError as BodyValidationError, UnsupportedMediaTypeError, type ErrorLogger, type Request,
} from '../app/index.js';
import type { App as TsgiApp, GatherExtension, Middleware } from '../protocol/index.js';
import { malformedJsonResponse, refusalResponse, v2ErrorResponse, validationErrorResponse } from './api/framework-errors.js';
import { RequestValidationError } from './api/input-validation.js';
import type { ClassifierConfig } from './config.js';
import { ClassifierError, OverloadedError } from './errors.js';
import { httpMetrics, RouteLabeler } from './http-metrics.js';
import { ModelCatalog } from './model-catalog.js';
import { ModelLoadError } from './model/index.js';
import { openPredictionLog, PredictionLogError } from './prediction-log.js';
import { API_DESCRIPTION } from './openapi/operation-docs.js';
import { addOpsRoutes, METRICS_GATHER_KEY } from './routes/ops-routes.js';
import { addRestRoutes, SERVICE_VERSION } from './routes/rest-routes.js';
import { addV2Routes, isV2Path } from './routes/v2-routes.js';
import { addWebSocketRoute } from './routes/websocket-predict.js';
import { ServiceContext } from './service-context.js';
import { ServiceMetrics } from './service-metrics.js';

/** The built service. */
export interface ClassifierApp {
  /** The TSGI app to serve. */
  app: TsgiApp;
  /** The framework App inside (its route table feeds the OpenAPI document). */
  framework: App<object>;
  context: ServiceContext;
}

/** `{"detail": ...}` for the service's own errors; 422 lists every validation issue. */
function classifierErrorResponse(_request: Request, error: ClassifierError): JSONResponse {
  if (error instanceof RequestValidationError) return new JSONResponse({ detail: error.issues }, { status: 422 });
  const headers: Record<string, string> = error instanceof OverloadedError ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
  if (error.status === 503 && !headers['Retry-After']) headers['Retry-After'] = '1';
  const detail = error.expose ? error.message : 'Internal Server Error';
  return new JSONResponse({ detail }, { status: error.status, headers });
}

/**
 * Where the framework logs what it did not expect. A model or prediction log that cannot be opened
 * is not a bug but the operator's setting: its message names the file and says why, the startup
 * fails, and `main.ts` prints that message as one line (`tagifai: lifespan startup failed: ...`).
 * A stack trace in front of it would only bury it, so those two are not logged here; everything
 * else keeps its stack, under a message kept on one line.
 */
const serviceLogger: ErrorLogger = {
  error(message, error) {
    if (error instanceof ModelLoadError || error instanceof PredictionLogError) return;
    console.error(oneLine(message), error);
  },
};

/**
 * The framework's message names the request (`... POST /predictions/<id>`), and the path is the
 * client's, percent-decoded: `%0A` in it would start a new line that a log reader takes for an
 * entry of its own. Control characters are written as `\u` escapes (four hex digits) instead.
 */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The router's 404 and 405 (and a handler's 404): `{"error": ...}` under `/v2`, as the protocol
 * says, else `{"detail": ...}` as before — the service's own errors through their handler, the
 * framework's with their detail and headers (a 405 keeps `Allow`).
 */
function notFoundResponse(request: Request, error: AppError): JSONResponse {
  const headers = error instanceof HTTPException ? error.headers : [];
  if (isV2Path(request.scope.path)) return v2ErrorResponse(error.status, error.message, headers);
  if (error instanceof ClassifierError) return classifierErrorResponse(request, error);
  return new JSONResponse({ detail: error instanceof HTTPException ? error.detail : error.message }, { status: error.status, headers });
}

/**
 * Builds the service for `config`.
 *
 * @example
 * ```ts
 * const { app } = createClassifierApp(loadConfig([], process.env));
 * await serve(app, { port: 8000 });
 * ```
 */
export function createClassifierApp(config: ClassifierConfig): ClassifierApp {
  const metrics = new ServiceMetrics();
  const context = new ServiceContext(config, metrics);
  let labeler: RouteLabeler | undefined;
  const middleware: Middleware[] = [httpMetrics(metrics, () => (labeler ??= new RouteLabeler(framework.routes.filter((r) => r.kind === 'http').map((r) => r.path))))];
  if (config.corsOrigins.length > 0) {
    // A browser script reads only the CORS-safelisted response headers unless told otherwise; the
    // API's refusals carry the advice in headers (429/503 `Retry-After`, 401 `WWW-Authenticate`).
    middleware.push(cors({
      allowOrigins: config.corsOrigins, allowMethods: ['GET', 'POST'], allowHeaders: ['authorization', 'content-type'], exposeHeaders: ['retry-after', 'www-authenticate'],
    }));
  }
  const framework: App<object> = new App<object>({
    bodyLimit: config.bodyLimit,
    middleware,
    logger: serviceLogger,
    exceptionHandlers: [
      [ClassifierError, classifierErrorResponse as (request: Request, error: never) => JSONResponse],
      [BodyValidationError, validationErrorResponse as (request: Request, error: never) => JSONResponse],
      [MalformedJSONError, malformedJsonResponse as (request: Request, error: never) => JSONResponse],
      [UnsupportedMediaTypeError, refusalResponse as (request: Request, error: never) => JSONResponse],
      [404, notFoundResponse as (request: Request, error: never) => JSONResponse],
      [405, notFoundResponse as (request: Request, error: never) => JSONResponse],
      ...[401, 403, 413, 429].map((status): [number, (request: Request, error: never) => JSONResponse] => [status, refusalResponse as (request: Request, error: never) => JSONResponse]),
    ],
    lifespan: async function* () {
      const catalog = await ModelCatalog.load(config, metrics);
      context.catalog = catalog;
      if (config.predictionLog !== undefined) context.predictionLog = openPredictionLog(config.predictionLog);
      yield {};
      context.shuttingDown = true;
      await catalog.close();
      await context.predictionLog.close();
      context.close();
    },
  });
  addRestRoutes(framework, context);
  addOpsRoutes(framework, context);
  addV2Routes(framework, context);
  addWebSocketRoute(framework, context);
  installDocs(framework, { title: 'tagifai', version: SERVICE_VERSION, description: API_DESCRIPTION, assetsUrl: '/docs/assets' });
  const app: TsgiApp = (scope, receive, send) => {
    if (scope.type === 'lifespan') {
      const gather = scope.extensions?.['tsgi.server.gather'] as GatherExtension | undefined;
      gather?.provide(METRICS_GATHER_KEY, () => metrics.registry.snapshot());
    }
    return framework(scope, receive, send);
  };
  return { app, framework, context };
}
