/**
 * HTTP metrics middleware: counts every response by route template, method and status, times it,
 * and tracks requests in flight.
 *
 * It sits outermost (first in the middleware list) so it sees every answer, 404s and errors
 * included. The route label comes from matching the path against the service's own templates with
 * a TreeRouter: `/models/v1` is counted as `/models/{model_id}`, and an unknown path as `unmatched`.
 * A client that left before its body was read is counted with status `499` (nginx's "client
 * closed request", the status the framework's `ClientDisconnect` carries): nobody received it, so
 * it must not pass for a 400 the service refused.
 */
import { TreeRouter } from '../app/index.js';
import type { Middleware } from '../protocol/app.js';
import type { ServiceMetrics } from './service-metrics.js';

/** Paths whose label is remembered; past this many, new paths are matched each time (bounded memory). */
const REMEMBERED_PATHS = 1024;

/**
 * Maps request paths to route templates. A service sees the same few paths over and over
 * (`/predict` above all), so each path's label is remembered after its first match; the bound
 * keeps a client walking through random URLs from growing the map.
 */
export class RouteLabeler {
  private readonly router = new TreeRouter<string>();
  private readonly remembered = new Map<string, string>();

  constructor(templates: Iterable<string>) {
    for (const template of new Set(templates)) this.router.add(template, 'ANY', template);
  }

  label(path: string): string {
    const known = this.remembered.get(path);
    if (known !== undefined) return known;
    const match = this.router.match(path);
    const label = match !== null && match.kind === 'endpoint' ? match.endpoint.pattern.template : 'unmatched';
    if (this.remembered.size < REMEMBERED_PATHS) this.remembered.set(path, label);
    return label;
  }
}

/** Builds the middleware; `labeler` is consulted per request (routes are all registered by then). */
export function httpMetrics(metrics: ServiceMetrics, labeler: () => RouteLabeler): Middleware {
  return (next) => async (scope, receive, send) => {
    if (scope.type !== 'http') return next(scope, receive, send);
    const started = performance.now();
    let status = 500;
    metrics.inFlight.inc();
    try {
      await next(scope, receive, (event) => {
        if (event.type === 'http.response.start') status = event.status;
        return send(event);
      });
    } finally {
      metrics.inFlight.dec();
      const route = labeler().label(scope.path);
      metrics.httpRequests.inc({ route, method: scope.method, status: String(status) });
      metrics.httpLatency.observe({ route }, (performance.now() - started) / 1000);
    }
  };
}
