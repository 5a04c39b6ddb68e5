/**
 * The HTML of `/docs` (Swagger UI) and `/redoc` (ReDoc): a page that loads the bundled viewer
 * from the app's own asset route and points it at the OpenAPI document.
 *
 * URLs are built from the request's root path, so the pages keep working when the app is mounted
 * or served behind a proxy under a prefix. Values are escaped: the title is user-provided.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Swagger UI page; `assets` and `openapiUrl` are absolute paths (root path included). */
export function swaggerUiPage(title: string, assets: string, openapiUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" href="${escapeHtml(assets)}/swagger-ui.css">
<link rel="icon" href="${escapeHtml(assets)}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${escapeHtml(assets)}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(openapiUrl).replace(/</g, '\\u003c')}, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
</script>
</body>
</html>`;
}

/** ReDoc page. */
export function redocPage(title: string, assets: string, openapiUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<redoc spec-url="${escapeHtml(openapiUrl)}"></redoc>
<script src="${escapeHtml(assets)}/redoc.standalone.js"></script>
</body>
</html>`;
}
