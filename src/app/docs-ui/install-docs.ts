/**
 * `installDocs(app, ...)`: serve the OpenAPI document, Swagger UI and ReDoc from an app.
 *
 * Adds hidden routes (not in the document themselves): the JSON document, built on first
 * request from `app.routes` (its `servers` set per request from the root path), and the two
 * viewer pages with their assets.
 * Each URL can be moved, and `/docs` or `/redoc` switched off with `null`.
 */
import type { App } from '../application.js';
import { FileResponse } from '../responses/file-response.js';
import { HTMLResponse, JSONResponse } from '../responses/response.js';
import { HTTPException } from '../errors.js';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { buildOpenAPIDocument, type OpenAPIInfo } from '../openapi/openapi-document.js';
import { docsAssetFiles } from './docs-assets.js';
import { redocPage, swaggerUiPage } from './docs-pages.js';

/** Options of `installDocs`. */
export interface DocsOptions extends OpenAPIInfo {
  /** Where the document is served (default `/openapi.json`). */
  openapiUrl?: string;
  /** Swagger UI (default `/docs`; `null` disables it). */
  docsUrl?: string | null;
  /** ReDoc (default `/redoc`; `null` disables it). */
  redocUrl?: string | null;
  /** Where the viewer files are served (default `/docs-assets`). */
  assetsUrl?: string;
}

/**
 * Serves `/openapi.json`, `/docs` and `/redoc` for `app`.
 *
 * @example
 * ```ts
 * installDocs(app, { title: 'Items API', version: '1.0.0', redocUrl: null });
 * ```
 */
export function installDocs(app: App<any>, options: DocsOptions): void {
  const openapiUrl = options.openapiUrl ?? '/openapi.json';
  const assetsUrl = options.assetsUrl ?? '/docs-assets';
  const hidden = { includeInSchema: false };
  // One document, built on first request; only `servers` depends on the root path. A cache per
  // root path grew without bound under a mount with a parameter (`/t/{tenant}`): every tenant
  // name a client made up kept a whole document.
  let document: OpenAPIObject | undefined;
  app.get(openapiUrl, (request) => {
    document ??= buildOpenAPIDocument(app.routes, options);
    const rootPath = request.scope.rootPath;
    if (rootPath === '' || options.servers !== undefined) return new JSONResponse(document);
    return new JSONResponse({ ...document, servers: [{ url: rootPath }] });
  }, hidden);
  const docsUrl = options.docsUrl === undefined ? '/docs' : options.docsUrl;
  const redocUrl = options.redocUrl === undefined ? '/redoc' : options.redocUrl;
  if (docsUrl === null && redocUrl === null) return;
  const files = docsAssetFiles();
  app.get(`${assetsUrl}/{file}`, (request) => {
    const file = files.get(String(request.pathParams.file));
    if (file === undefined) throw new HTTPException(404, 'No such documentation asset');
    return new FileResponse(file, { headers: { 'cache-control': 'public, max-age=86400' } });
  }, hidden);
  if (docsUrl !== null) {
    app.get(docsUrl, (request) => new HTMLResponse(swaggerUiPage(options.title, request.scope.rootPath + assetsUrl, request.scope.rootPath + openapiUrl)), hidden);
  }
  if (redocUrl !== null) {
    app.get(redocUrl, (request) => new HTMLResponse(redocPage(options.title, request.scope.rootPath + assetsUrl, request.scope.rootPath + openapiUrl)), hidden);
  }
}
