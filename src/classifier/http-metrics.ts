/**
 * HTTP metrics middleware: counts every response by route template, method and status, times it,
 * and tracks requests in flight.
 *
 * It sits outermost (first in the middleware list) so it sees every answer, 404s and errors
 * included. The route label comes from matching the path against the service's own templates with
 * a TreeRouter: `/models/v1` is counted as `/models/{model_id}`, and an unknown path as `unmatched`.
 * A client that left before its answer was complete is counted with status `499` (nginx's "client
 * closed request", the status the framework's `ClientDisconnect` carries): nobody received it, so
 * it must not pass for a 400 the service refused — nor, when it gave up while its prediction was
 * being computed, for a 200 it never got.
 */
import { TreeRouter } from '../app/index.js';
import type { Middleware, Receive, ReceiveEvent, SendEvent } from '../protocol/index.js';
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

/** The status counted for a client that left before its answer was complete (nginx's "client closed request"). */
export const CLIENT_LEFT_STATUS = '499';

/**
 * What one request's answer came to, for the counter: the status the app sent, and whether the
 * client left before the answer was complete. Once the app has the whole body, one more
 * `receive()` resolves with `http.disconnect` when the client goes away, or when the response is
 * complete (docs/protocol.md 5.1): if that comes first, nobody got the answer, whatever status the
 * app sends afterwards (the server drops it). One object per request, its methods on the prototype.
 */
class AnswerWatch {
  status = 500;
  complete = false;
  left = false;
  private watching = false;

  constructor(private readonly receive: Receive) {}

  /** Sees each event the app receives; after the last body chunk, starts waiting for the disconnect. */
  seen(event: ReceiveEvent): ReceiveEvent {
    if (event.type === 'http.disconnect') {
      this.disconnected();
    } else if (event.type === 'http.request' && event.moreBody !== true && !this.watching) {
      this.watching = true;
      void this.receive().then(() => this.disconnected(), () => this.disconnected());
    }
    return event;
  }

  /** Sees each event the app sends. */
  sent(event: SendEvent): void {
    if (event.type === 'http.response.start') this.status = event.status;
    else if ((event.type === 'http.response.body' && event.moreBody !== true) || event.type === 'http.response.pathsend') this.complete = true;
  }

  private disconnected(): void {
    if (!this.complete) this.left = true;
  }
}

/** Builds the middleware; `labeler` is consulted per request (routes are all registered by then). */
export function httpMetrics(metrics: ServiceMetrics, labeler: () => RouteLabeler): Middleware {
  return (next) => async (scope, receive, send) => {
    if (scope.type !== 'http') return next(scope, receive, send);
    const started = performance.now();
    const watch = new AnswerWatch(receive);
    metrics.inFlight.inc();
    try {
      await next(scope, () => receive().then((event) => watch.seen(event)), (event) => {
        watch.sent(event);
        return send(event);
      });
    } finally {
      metrics.inFlight.dec();
      const route = labeler().label(scope.path);
      metrics.httpRequests.inc({ route, method: scope.method, status: watch.left ? CLIENT_LEFT_STATUS : String(watch.status) });
      metrics.httpLatency.observe({ route }, (performance.now() - started) / 1000);
    }
  };
}
