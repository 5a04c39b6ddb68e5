/**
 * Operational endpoints: liveness, readiness and Prometheus metrics. Not enveloped — probes and
 * scrapers expect these exact formats.
 *
 * `/readyz` turns 503 as soon as graceful shutdown begins (the server's `tsgi.server.readiness`
 * extension, or the app's own lifespan shutdown), so a load balancer stops sending new work while
 * requests in flight finish. `/metrics` sums every worker's metrics via `tsgi.server.gather`.
 */
import { JSONResponse, Response, type App } from '../../app/index.js';
import { documented } from '../openapi/operation-docs.js';
import type { GatherExtension, ReadinessExtension } from '../../protocol/index.js';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '../metrics/exposition.js';
import { mergeSnapshots, type MetricsSnapshot } from '../metrics/snapshot.js';
import type { ServiceContext } from '../service-context.js';

/** The key under which each worker offers its metrics snapshot to `gather`. */
export const METRICS_GATHER_KEY = 'tagifai.metrics';

/** Registers `/healthz`, `/readyz` and `/metrics`. */
export function addOpsRoutes(app: App<object>, context: ServiceContext): void {
  app.get('/healthz', { ...documented('GET', '/healthz'), summary: 'Liveness: 200 while the process runs', tags: ['operations'] }, () => ({ status: 'ok' }));

  app.get('/readyz', { ...documented('GET', '/readyz'), summary: 'Readiness: 503 once shutdown has begun', tags: ['operations'] }, ({ request }) => {
    const readiness = request.scope.extensions?.['tsgi.server.readiness'] as ReadinessExtension | undefined;
    if (context.isReady(readiness)) return { status: 'ready' };
    return new JSONResponse({ status: 'shutting-down' }, { status: 503 });
  });

  app.get('/metrics', { ...documented('GET', '/metrics'), summary: 'Prometheus metrics, summed over all workers', tags: ['operations'] }, async ({ request }) => {
    const gather = request.scope.extensions?.['tsgi.server.gather'] as GatherExtension | undefined;
    let snapshot: MetricsSnapshot = context.metrics.registry.snapshot();
    if (gather !== undefined) {
      const answers = await gather.gather(METRICS_GATHER_KEY);
      const snapshots = answers.filter((answer): answer is MetricsSnapshot => typeof answer === 'object' && answer !== null && 'families' in answer);
      if (snapshots.length > 0) snapshot = mergeSnapshots(snapshots);
    }
    return new Response(renderExposition(snapshot), { headers: { 'content-type': EXPOSITION_CONTENT_TYPE } });
  });
}
