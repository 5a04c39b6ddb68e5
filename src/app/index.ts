/**
 * The public API of `tsgi/app`: the application framework.
 *
 * An `App` is a TSGI application; everything else here is what handlers, middleware and tests
 * use with it. Nothing in this layer imports the server: an app runs on any TSGI server and is
 * tested in-process with `tsgi/protocol`'s TestClient.
 */

export { App } from './application.js';
export type { AppOptions } from './application.js';
export type { RouteOptions, RouteHandler, WebSocketHandler, RouteRecord } from './route-types.js';

export { Request } from './request.js';
export type { RequestContext } from './request.js';
export { requestedPath } from './requested-path.js';
export { Headers } from './headers.js';
export { FormData, UploadFile } from './form-data.js';
export type { FormValue } from './form-data.js';
export type { MultipartLimits } from './multipart.js';
export { parseCookies, serializeCookie } from './cookies.js';
export type { CookieOptions } from './cookies.js';

export { Response, JSONResponse, TextResponse, HTMLResponse, RedirectResponse } from './responses/response.js';
export type { ResponseInit } from './responses/response.js';
export { StreamingResponse } from './responses/streaming-response.js';
export type { ChunkSource } from './responses/streaming-response.js';
export { FileResponse } from './responses/file-response.js';
export type { FileResponseInit } from './responses/file-response.js';
export { staticFiles } from './responses/static-files.js';
export type { StaticFilesOptions } from './responses/static-files.js';
export { EventSourceResponse, formatEvent } from './responses/server-sent-events.js';
export type { ServerSentEvent } from './responses/server-sent-events.js';

export { BackgroundTasks } from './background.js';
export { WebSocket } from './websockets.js';
export type { WebSocketMessage, WebSocketState } from './websockets.js';
export type { Lifespan } from './lifespan.js';

export {
  AppError,
  HTTPException,
  RouteDefinitionError,
  RouteConflictError,
  DuplicateOperationIdError,
  SchemaIdConflictError,
  NoMatchFound,
  AppFrozenError,
  WebSocketDisconnect,
  WebSocketStateError,
  WebSocketSerializationError,
  ClientDisconnect,
} from './errors.js';
export type { ExceptionHeaders } from './errors.js';
export type { ExceptionHandler, ErrorClass, ErrorLogger } from './exception-handlers.js';

export type { Router, RouteMatch, Endpoint, MountPoint } from './routing/router.js';
export type { IncludeOptions } from './routing/route-source.js';
export { TreeRouter } from './routing/tree-router.js';
export { LinearRouter } from './routing/linear-router.js';
export { parsePathPattern, buildPath } from './routing/path-pattern.js';
export type { PathPattern, PathParams, Segment } from './routing/path-pattern.js';
export type { Converter } from './routing/converters.js';

export { cors } from './middleware/cors.js';
export type { CorsOptions } from './middleware/cors.js';
export { gzip } from './middleware/gzip.js';
export type { GzipOptions } from './middleware/gzip.js';
export { trustedHost } from './middleware/trusted-host.js';
export type { TrustedHostOptions } from './middleware/trusted-host.js';
export { requestId } from './middleware/request-id.js';
export type { RequestIdOptions } from './middleware/request-id.js';
export { requestTimeout, type RequestTimeoutOptions } from './middleware/request-timeout.js';

// Declared routes (validation + typed input), dependency injection, security, OpenAPI, docs.
export type {
  RouteDeclaration, InputDeclaration, ResponseDeclaration, ParameterGroup, StaticGroup,
  HandlerInput, WebSocketInput, DependencyInput, InjectedValues, Connection,
} from './validation/declaration.js';
export type { ErrorDetail, Location } from './validation/error-details.js';
export { echoInput, INPUT_TOO_DEEP, MAX_ECHO_DEPTH } from './validation/input-echo.js';
export { RequestValidationError, MalformedJSONError, UnsupportedMediaTypeError, ResponseValidationError } from './validation/validation-errors.js';
export type { JsonErrorPosition } from './validation/json-error-position.js';
export { isJsonContentType } from './validation/content-type.js';
export { dependency } from './dependencies/dependency.js';
export type { Dependency, DependencyValue, DependencyOptions, Provided } from './dependencies/dependency.js';
export { DependencyOverrides } from './dependencies/overrides.js';
export { DependencyDefinitionError } from './dependencies/dependency-plan.js';
export { ParameterConflictError } from './validation/parameter-groups.js';
export type { DeclaredHandler, DeclaredWebSocketRouteHandler } from './dependencies/declared-registration.js';
export { httpBearer, oauth2PasswordBearer, requirePermission, bearerToken } from './security/http-bearer.js';
export type { BearerOptions } from './security/http-bearer.js';
export { apiKey } from './security/api-key.js';
export type { ApiKeyOptions } from './security/api-key.js';
export { rateLimit } from './security/rate-limit.js';
export type { RateLimitOptions, RateLimitStatus } from './security/rate-limit.js';
export { fromState, MissingStateError } from './security/lifespan-resource.js';
export { buildOpenAPIDocument, documentPath } from './openapi/openapi-document.js';
export type { OpenAPIInfo } from './openapi/openapi-document.js';
export type { SecurityScheme } from './openapi/security-scheme.js';
export { installDocs } from './docs-ui/install-docs.js';
export type { DocsOptions } from './docs-ui/install-docs.js';
