/**
 * The files Swagger UI and ReDoc need, found in node_modules and served by the app itself.
 *
 * Nothing is loaded from a CDN: the pages work on a machine without internet access. Only the
 * files listed here can be served (no path from the URL reaches the file system), resolved once
 * through Node's module resolution so they are found wherever npm installed the packages.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function packageDirectory(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Served asset name → absolute file path. */
export function docsAssetFiles(): Map<string, string> {
  const swagger = packageDirectory('swagger-ui-dist');
  const redoc = packageDirectory('redoc');
  return new Map([
    ['swagger-ui.css', join(swagger, 'swagger-ui.css')],
    ['swagger-ui-bundle.js', join(swagger, 'swagger-ui-bundle.js')],
    ['favicon-32x32.png', join(swagger, 'favicon-32x32.png')],
    ['redoc.standalone.js', join(redoc, 'bundles', 'redoc.standalone.js')],
  ]);
}
