/**
 * `/openapi.json`, `/docs` (Swagger UI) and `/redoc` (ReDoc), served offline.
 *
 * The viewers' scripts and styles come from the installed `swagger-ui-dist` and `redoc` packages,
 * served under `/docs/assets/...`, so the docs work on a machine with no internet access. The
 * document is built once, on first request, from the app's route table.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FileResponse, HTMLResponse, JSONResponse, type App } from '../../app/index.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { SERVICE_VERSION } from './rest-routes.js';

const require = createRequire(import.meta.url);

/** The viewer files we serve, by public name. */
function assetFiles(): Record<string, string> {
  const swagger = dirname(require.resolve('swagger-ui-dist/package.json'));
  const redoc = dirname(require.resolve('redoc/package.json'));
  return {
    'swagger-ui.css': join(swagger, 'swagger-ui.css'),
    'swagger-ui-bundle.js': join(swagger, 'swagger-ui-bundle.js'),
    'redoc.standalone.js': join(redoc, 'bundles', 'redoc.standalone.js'),
  };
}

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tagifai — API docs</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });</script></body></html>`;

const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tagifai — API reference</title></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/docs/assets/redoc.standalone.js"></script></body></html>`;

/** Registers the documentation routes (hidden from the document itself). */
export function addDocsRoutes(app: App<object>): void {
  const hidden = { includeInSchema: false };
  let document: Record<string, unknown> | undefined;
  const assets = assetFiles();
  app.get('/openapi.json', () => new JSONResponse((document ??= buildOpenApiDocument(app.routes, SERVICE_VERSION))), hidden);
  app.get('/docs', () => new HTMLResponse(SWAGGER_PAGE), hidden);
  app.get('/redoc', () => new HTMLResponse(REDOC_PAGE), hidden);
  app.get('/docs/assets/{name}', (request) => {
    const file = assets[String(request.pathParams.name)];
    if (file === undefined) return new JSONResponse({ detail: 'Not Found' }, { status: 404 });
    return new FileResponse(file);
  }, hidden);
}
