/**
 * Metrics snapshots: a worker's metrics as plain JSON, and the sum of several.
 *
 * Each worker process keeps its own registry. `/metrics` asks every worker for a snapshot through
 * the server's `tsgi.server.gather` extension and adds them up here, so a scrape sees the whole
 * service. Counters and histograms add naturally; gauges (in-flight requests, queue depth) are
 * summed too, which is the meaning we want: total in flight over all workers. Snapshots are plain
 * data so they can cross the worker boundary (structured clone) unchanged.
 */

/** The metric kinds of the Prometheus text format that we use. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One labelled series of a counter or gauge. */
export interface ScalarSample {
  labels: Record<string, string>;
  value: number;
}

/** One labelled series of a histogram: cumulative counts per upper bound, plus sum and count. */
export interface HistogramSample {
  labels: Record<string, string>;
  /** Cumulative count for each bound of the family's `buckets`, in the same order. */
  counts: number[];
  sum: number;
  count: number;
}

/** A metric family: a name, its help text, and its series. */
export type FamilySnapshot =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: ScalarSample[] }
  | { name: string; help: string; type: 'histogram'; buckets: number[]; samples: HistogramSample[] };

/** Every family of one registry (or of several, merged). */
export interface MetricsSnapshot {
  families: FamilySnapshot[];
}

/** A stable key for a label set, independent of key order. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

/**
 * Adds snapshots series by series. Families are matched by name; a family whose type or buckets
 * differ between workers (a deploy mixing versions) keeps the first worker's definition and skips
 * the mismatching copies rather than producing a wrong sum.
 */
export function mergeSnapshots(snapshots: MetricsSnapshot[]): MetricsSnapshot {
  const families = new Map<string, FamilySnapshot>();
  for (const snapshot of snapshots) {
    for (const family of snapshot.families) {
      const seen = families.get(family.name);
      if (seen === undefined) families.set(family.name, cloneFamily(family));
      else if (compatible(seen, family)) addInto(seen, family);
    }
  }
  return { families: [...families.values()] };
}

function cloneFamily(family: FamilySnapshot): FamilySnapshot {
  return structuredClone(family);
}

function compatible(a: FamilySnapshot, b: FamilySnapshot): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'histogram' && b.type === 'histogram') return a.buckets.join() === b.buckets.join();
  return true;
}

function addInto(target: FamilySnapshot, source: FamilySnapshot): void {
  if (target.type === 'histogram' && source.type === 'histogram') {
    const byKey = new Map(target.samples.map((s) => [labelKey(s.labels), s]));
    for (const sample of source.samples) {
      const into = byKey.get(labelKey(sample.labels));
      if (into === undefined) target.samples.push(structuredClone(sample));
      else {
        into.counts = into.counts.map((count, i) => count + (sample.counts[i] ?? 0));
        into.sum += sample.sum;
        into.count += sample.count;
      }
    }
  } else if (target.type !== 'histogram' && source.type !== 'histogram') {
    const byKey = new Map(target.samples.map((s) => [labelKey(s.labels), s]));
    for (const sample of source.samples) {
      const into = byKey.get(labelKey(sample.labels));
      if (into === undefined) target.samples.push({ labels: { ...sample.labels }, value: sample.value });
      else into.value += sample.value;
    }
  }
}
