/**
 * /metrics as a Prometheus server would scrape it in the deployment: the service started by the
 * container's entry point (src/classifier/main.ts, configured through the same TAGIFAI_* variables
 * the Dockerfile and the Deployment set) with two worker processes, scraped at the path and port
 * the Deployment's annotations advertise, and read with an independent Prometheus text parser.
 * The counters must be summed over both workers, and SIGTERM must end the whole process tree
 * with exit code 0 well inside the pod's grace period.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

interface Family {
  name: string;
  help: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }>;
}
// The parser ships no types; this is the shape of what it returns.
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

const root = fileURLToPath(new URL('../../', import.meta.url));
const WORKERS = 2;
const PREDICTIONS = 8;

const deployment = parseYaml(readFileSync(`${root}deploy/k8s/deployment.yaml`, 'utf8')) as {
  spec: { template: { metadata: { annotations: Record<string, string> }; spec: { terminationGracePeriodSeconds: number } } };
};
const annotations = deployment.spec.template.metadata.annotations;

/** One request on its own connection, so the kernel may hand it to either worker. */
function call(port: number, method: string, path: string, body?: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

t.test('the Deployment advertises /metrics on the container port for scraping', async (t) => {
  t.equal(annotations['prometheus.io/scrape'], 'true');
  t.equal(annotations['prometheus.io/path'], '/metrics');
  t.equal(annotations['prometheus.io/port'], '8000');
});

/** True while a process with this id exists. */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

// Starting two workers that each load the model takes a while on a busy 2-core machine (30 s seen
// under a load average of 13), so this file allows itself as long as the suite's tap timeout.
t.setTimeout(120_000);

t.test('the entry point with two workers serves /metrics summed over workers and drains on SIGTERM', async (t) => {
  const workerPids = new Set<number>();
  const service = spawn(process.execPath, ['--import', 'tsx', 'src/classifier/main.ts'], {
    cwd: root,
    env: { ...process.env, TAGIFAI_HOST: '127.0.0.1', TAGIFAI_PORT: '0', TAGIFAI_WORKERS: String(WORKERS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If an assertion failed before the SIGTERM below: stop the primary gracefully, then make sure
  // no worker outlives the test (the workers' pids come from their "listening" log lines).
  t.teardown(async () => {
    if (service.exitCode === null && service.signalCode === null) {
      const gone = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (service.exitCode === null && service.signalCode === null) service.kill('SIGKILL');
    }
    for (const pid of workerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  // The server logs JSON lines; wait until every worker has logged "listening" (on either stream).
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const listening = new Set<number>();
    const timer = setTimeout(() => reject(new Error(`the service did not start ${WORKERS} workers within 90 s:\n${output}`)), 90_000);
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const match of output.matchAll(/"worker":(\d+),"message":"listening","url":"http:\/\/127\.0\.0\.1:(\d+)","pid":(\d+)/g)) {
        listening.add(Number(match[1]));
        workerPids.add(Number(match[3]));
        if (listening.size === WORKERS) { clearTimeout(timer); resolve(Number(match[2])); }
      }
    };
    service.stdout.on('data', onOutput);
    service.stderr.on('data', onOutput);
    service.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the service exited with ${code}:\n${output}`)); });
  });

  t.equal((await call(port, 'GET', '/healthz')).status, 200);
  t.equal((await call(port, 'GET', '/readyz')).status, 200);
  for (let i = 0; i < PREDICTIONS; i++) {
    const answer = await call(port, 'POST', '/predict', JSON.stringify({ title: `graph neural networks ${i}` }));
    t.equal(answer.status, 200, `prediction ${i}`);
  }

  const scrape = await call(port, 'GET', annotations['prometheus.io/path']!);
  t.equal(scrape.status, 200);
  t.match(scrape.type, /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheus(scrape.text);
  t.ok(families.length >= 5, `${families.length} metric families`);
  for (const family of families) {
    t.match(family.name, /^tagifai_[a-z0-9_]+$/, 'one namespace');
    t.ok(family.help.length > 0, `${family.name} has HELP`);
    // The parser reports types in upper case (COUNTER, HISTOGRAM, ...).
    t.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(family.type.toLowerCase()), `${family.name} has a TYPE`);
  }
  const byName = new Map(families.map((family) => [family.name, family]));
  const requests = byName.get('tagifai_http_requests_total')?.metrics ?? [];
  const predictRequests = requests.filter((m) => m.labels?.route === '/predict' && m.labels.status === '200');
  t.equal(predictRequests.reduce((sum, m) => sum + Number(m.value), 0), PREDICTIONS, 'every request counted once, whichever worker took it');
  const predictions = byName.get('tagifai_predictions_total')?.metrics ?? [];
  t.equal(predictions.reduce((sum, m) => sum + Number(m.value), 0), PREDICTIONS);
  // parse-prometheus-text-format 1.1.1 folds every series of a histogram into one (it drops the
  // labels, sum and count), so the /predict series is cut out of the text and parsed on its own.
  const family = 'tagifai_http_request_duration_seconds';
  const predictSeries = scrape.text.split('\n')
    .filter((line) => line.startsWith(`# HELP ${family} `) || line.startsWith(`# TYPE ${family} `) || (line.startsWith(`${family}_`) && line.includes('route="/predict"')))
    .join('\n');
  const [latency] = parsePrometheus(`${predictSeries}\n`);
  const buckets = latency?.metrics[0]?.buckets ?? {};
  t.equal(Number(buckets['+Inf']), PREDICTIONS, 'the latency histogram counts every prediction');
  // Order by the bound, not by key: integer-like keys ("1", "5") come first in a JS object.
  const bound = (le: string): number => (le === '+Inf' ? Infinity : Number(le));
  const cumulative = Object.entries(buckets).sort(([a], [b]) => bound(a) - bound(b)).map(([, count]) => Number(count));
  t.ok(cumulative.length > 2, `${cumulative.length} buckets`);
  t.same(cumulative, [...cumulative].sort((a, b) => a - b), 'histogram buckets are cumulative');

  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
  service.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM drains and exits 0');
  const seconds = (Date.now() - started) / 1000;
  t.ok(seconds < deployment.spec.template.spec.terminationGracePeriodSeconds, `exited in ${seconds.toFixed(1)} s, inside the grace period`);
  t.same([...workerPids].filter(alive), [], 'no worker outlives the primary');
});
