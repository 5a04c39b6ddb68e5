/**
 * MetricsRegistry: counters, gauges and histograms with labels, kept in one worker's memory.
 *
 * The service records into it on the request path (one map lookup and an addition per update), and
 * `/metrics` turns it into a snapshot (see `snapshot.ts`) and then into Prometheus text (see
 * `exposition.ts`). Label values are stored under a key built from the values in the order the
 * metric declared its label names, so an update costs a join, not a sort.
 */
import type { FamilySnapshot, HistogramSample, MetricsSnapshot, ScalarSample } from './snapshot.js';

type Labels = Record<string, string>;

/** Latency buckets in seconds, from 0.5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What every metric shares: a name, help, label names, and series keyed by label values. */
abstract class Metric<Series> {
  protected readonly series = new Map<string, { labels: Labels; data: Series }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  protected seriesFor(labels: Labels, create: () => Series): Series {
    // A plain loop, not map/join: this runs several times per request.
    let key = '';
    for (let i = 0; i < this.labelNames.length; i++) key += (i === 0 ? '' : '\u0000') + (labels[this.labelNames[i]!] ?? '');
    let entry = this.series.get(key);
    if (entry === undefined) {
      const own: Labels = {};
      for (const name of this.labelNames) own[name] = labels[name] ?? '';
      entry = { labels: own, data: create() };
      this.series.set(key, entry);
    }
    return entry.data;
  }

  abstract snapshot(): FamilySnapshot;
}

/** A value that only goes up (requests served, predictions made). */
export class Counter extends Metric<{ value: number }> {
  /** Adds `amount` (default 1) to the series with these labels. */
  inc(labels: Labels = {}, amount = 1): void {
    this.seriesFor(labels, () => ({ value: 0 })).value += amount;
  }

  snapshot(): FamilySnapshot {
    return { name: this.name, help: this.help, type: 'counter', samples: scalarSamples(this.series) };
  }
}

/** A value that goes up and down (requests in flight, queue depth). */
export class Gauge extends Metric<{ value: number }> {
  set(labels: Labels, value: number): void {
    this.seriesFor(labels, () => ({ value: 0 })).value = value;
  }

  inc(labels: Labels = {}, amount = 1): void {
    this.seriesFor(labels, () => ({ value: 0 })).value += amount;
  }

  dec(labels: Labels = {}, amount = 1): void {
    this.inc(labels, -amount);
  }

  snapshot(): FamilySnapshot {
    return { name: this.name, help: this.help, type: 'gauge', samples: scalarSamples(this.series) };
  }
}

/** A distribution (latency, batch size): counts per bucket, plus sum and count. */
export class Histogram extends Metric<{ counts: number[]; sum: number; count: number }> {
  constructor(name: string, help: string, labelNames: readonly string[], readonly buckets: readonly number[]) {
    super(name, help, labelNames);
  }

  observe(labels: Labels, value: number): void {
    const series = this.seriesFor(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    // Counts are stored per bucket (not cumulative) so an observation touches one slot.
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) series.counts[index]! += 1;
    series.sum += value;
    series.count += 1;
  }

  snapshot(): FamilySnapshot {
    const samples: HistogramSample[] = [];
    for (const { labels, data } of this.series.values()) {
      let running = 0;
      const counts = data.counts.map((count) => (running += count));
      samples.push({ labels: { ...labels }, counts, sum: data.sum, count: data.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', buckets: [...this.buckets], samples };
  }
}

function scalarSamples(series: Map<string, { labels: Labels; data: { value: number } }>): ScalarSample[] {
  return [...series.values()].map(({ labels, data }) => ({ labels: { ...labels }, value: data.value }));
}

/**
 * The set of metrics one worker keeps.
 *
 * @example
 * ```ts
 * const registry = new MetricsRegistry();
 * const served = registry.counter('http_requests_total', 'Requests served.', ['route', 'status']);
 * served.inc({ route: '/predict', status: '200' });
 * renderExposition(registry.snapshot());
 * ```
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, { snapshot(): FamilySnapshot }>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** Every metric's current values, as plain data. */
  snapshot(): MetricsSnapshot {
    return { families: [...this.metrics.values()].map((metric) => metric.snapshot()) };
  }

  private add<M extends { name: string; snapshot(): FamilySnapshot }>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}
