import t from 'tap';
import { LATENCY_BUCKETS, MetricsRegistry } from '../../../src/classifier/metrics/registry.js';
import { renderExposition } from '../../../src/classifier/metrics/exposition.js';
import { mergeSnapshots } from '../../../src/classifier/metrics/snapshot.js';
import { parsePrometheus } from './prometheus-parser.js';

function sampleRegistry() {
  const registry = new MetricsRegistry();
  const requests = registry.counter('http_requests_total', 'HTTP requests.', ['route', 'status']);
  const inFlight = registry.gauge('http_in_flight_requests', 'Requests being handled.');
  const latency = registry.histogram('http_request_duration_seconds', 'Latency.', ['route'], [0.01, 0.1, 1]);
  return { registry, requests, inFlight, latency };
}

t.test('counts per label set and renders text an independent parser accepts', async (t) => {
  const { registry, requests } = sampleRegistry();
  requests.inc({ route: '/predict', status: '200' });
  requests.inc({ status: '200', route: '/predict' }, 2);
  requests.inc({ route: '/', status: '404' });
  const parsed = parsePrometheus(renderExposition(registry.snapshot()));
  const family = parsed.find((f) => f.name === 'http_requests_total')!;
  t.equal(family.type, 'COUNTER');
  t.same(family.metrics.map((m) => [m.labels, m.value]), [
    [{ route: '/predict', status: '200' }, '3'],
    [{ route: '/', status: '404' }, '1'],
  ]);
});

t.test('gauges go up and down', async (t) => {
  const { registry, inFlight } = sampleRegistry();
  inFlight.inc();
  inFlight.inc();
  inFlight.dec();
  t.match(renderExposition(registry.snapshot()), /^http_in_flight_requests 1$/m);
});

t.test('histograms render cumulative buckets ending in +Inf, with sum and count', async (t) => {
  const { registry, latency } = sampleRegistry();
  for (const seconds of [0.005, 0.05, 0.5, 5]) latency.observe({ route: '/predict' }, seconds);
  const text = renderExposition(registry.snapshot());
  t.match(text, /http_request_duration_seconds_bucket\{route="\/predict",le="0.01"\} 1/);
  t.match(text, /http_request_duration_seconds_bucket\{route="\/predict",le="1"\} 3/);
  t.match(text, /http_request_duration_seconds_bucket\{route="\/predict",le="\+Inf"\} 4/);
  t.match(text, /http_request_duration_seconds_sum\{route="\/predict"\} 5.555/);
  const family = parsePrometheus(text).find((f) => f.name === 'http_request_duration_seconds')!;
  t.equal(family.type, 'HISTOGRAM');
  t.same(family.metrics[0]!.buckets, { '0.01': '1', '0.1': '2', '1': '3', '+Inf': '4' });
});

t.test('escapes quotes, backslashes and newlines in label values', async (t) => {
  const registry = new MetricsRegistry();
  registry.counter('odd_total', 'Odd labels.', ['v']).inc({ v: 'a"b\\c\nd' });
  const text = renderExposition(registry.snapshot());
  t.match(text, /odd_total\{v="a\\"b\\\\c\\nd"\} 1/);
  t.same(parsePrometheus(text)[0]!.metrics[0]!.labels, { v: 'a"b\\c\nd' });
});

t.test('merging snapshots sums counters, gauges and histograms series by series', async (t) => {
  const one = sampleRegistry();
  const two = sampleRegistry();
  one.requests.inc({ route: '/', status: '200' }, 2);
  two.requests.inc({ route: '/', status: '200' }, 3);
  two.requests.inc({ route: '/x', status: '404' });
  one.inFlight.set({}, 1);
  two.inFlight.set({}, 2);
  one.latency.observe({ route: '/' }, 0.005);
  two.latency.observe({ route: '/' }, 0.5);
  const snapshots = [one.registry.snapshot(), structuredClone(two.registry.snapshot())];
  const text = renderExposition(mergeSnapshots(snapshots));
  t.match(text, /http_requests_total\{route="\/",status="200"\} 5/);
  t.match(text, /http_requests_total\{route="\/x",status="404"\} 1/);
  t.match(text, /^http_in_flight_requests 3$/m);
  t.match(text, /http_request_duration_seconds_bucket\{route="\/",le="0.01"\} 1/);
  t.match(text, /http_request_duration_seconds_count\{route="\/"\} 2/);
  t.match(renderExposition(snapshots[0]!), /status="200"\} 2/, 'the inputs are not modified');
});

t.test('merging skips a family whose type differs between workers', async (t) => {
  const a = new MetricsRegistry();
  a.counter('x', 'X.').inc();
  const b = new MetricsRegistry();
  b.gauge('x', 'X.').set({}, 10);
  t.match(renderExposition(mergeSnapshots([a.snapshot(), b.snapshot()])), /^x 1$/m);
});

t.test('refuses to register the same metric name twice', async (t) => {
  const registry = new MetricsRegistry();
  registry.counter('twice_total', 'Once.');
  t.throws(() => registry.gauge('twice_total', 'Twice.'), /already registered/);
  t.ok(LATENCY_BUCKETS.length > 5);
});
