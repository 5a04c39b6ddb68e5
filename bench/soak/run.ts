/**
 * Soak and rolling-restart run for the classifier service (not part of CI).
 *
 * 1. Starts `src/classifier/main.ts` with `--workers N` on a free port.
 * 2. Measures peak throughput of `POST /predict` with a closed loop of C keep-alive clients.
 * 3. Holds ~80% of that peak (open-loop pacing) for `--duration` seconds, counting errors and
 *    sampling the RSS of the primary and its workers; growth is measured from the end of a warm-up
 *    (the first 20% of the run) to the end.
 * 4. Rolling restart under the same load: each worker in turn gets SIGTERM (graceful shutdown) and
 *    the primary starts a replacement; every failed request is counted.
 *
 * Usage: `node --import tsx bench/soak/run.ts [--duration 600] [--workers 2] [--concurrency 32]`.
 * Prints one JSON object with the figures (docs/benchmarks.md records them).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

interface Args { duration: number; workers: number; concurrency: number; peakSeconds: number }

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(argv[i + 1]);
  };
  return { duration: value('duration', 600), workers: value('workers', 2), concurrency: value('concurrency', 32), peakSeconds: value('peak-seconds', 10) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident set size of a process in bytes, from /proc (0 when it is gone). */
function rss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Pids of the direct children of `pid` (the workers of the primary we started). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
  } catch {
    return [];
  }
}

const BODY = JSON.stringify({ title: 'Transformers for sequence labelling', description: 'attention models for named entity recognition' });

/** Counters shared by every client loop. */
interface Tally { ok: number; failed: number; errors: Map<string, number> }

async function predict(url: string, tally: Tally): Promise<void> {
  try {
    const response = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    await response.arrayBuffer();
    if (response.status === 200) tally.ok += 1;
    else fail(tally, `status ${response.status}`);
  } catch (error) {
    fail(tally, (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
  }
}

function fail(tally: Tally, reason: string): void {
  tally.failed += 1;
  tally.errors.set(reason, (tally.errors.get(reason) ?? 0) + 1);
}

/** Closed loop: C clients back to back for `seconds`. Returns requests per second. */
async function measurePeak(url: string, concurrency: number, seconds: number): Promise<number> {
  const tally: Tally = { ok: 0, failed: 0, errors: new Map() };
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) await predict(url, tally);
  }));
  return tally.ok / seconds;
}

/** Open loop at `rate` per second until `stop()` returns true; requests overlap freely. */
async function paced(url: string, rate: number, stop: () => boolean, tally: Tally): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let sent = 0;
  while (!stop()) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    for (; sent < due; sent += 1) {
      const p = predict(url, tally).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(5);
  }
  await Promise.all(inFlight);
}

async function waitReady(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the service did not become ready at ${url}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/classifier/main.ts', '--port', String(port), '--workers', String(args.workers)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Workers log a JSON "listening" line with their pid once their port is open: the restart loop
  // waits for the replacement's line before stopping the next worker.
  const listening = new Set<number>();
  let pending = '';
  service.stderr!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const match = /"message":"listening".*"pid":(\d+)/.exec(line);
      if (match) listening.add(Number(match[1]));
      else if (/"level":"(error|critical)"/.test(line)) process.stderr.write(line + '\n');
    }
  });
  try {
    await waitReady(url, 60_000);
    const totalRss = (): number => rss(service.pid!) + childrenOf(service.pid!).reduce((sum, pid) => sum + rss(pid), 0);

    const peak = await measurePeak(url, args.concurrency, args.peakSeconds);
    const rate = Math.max(1, Math.round(peak * 0.8));

    const soak: Tally = { ok: 0, failed: 0, errors: new Map() };
    const samples: Array<{ t: number; rss: number }> = [];
    const soakEnd = Date.now() + args.duration * 1000;
    const sampler = setInterval(() => samples.push({ t: Date.now(), rss: totalRss() }), 2000);
    await paced(url, rate, () => Date.now() >= soakEnd, soak);
    clearInterval(sampler);
    const warm = samples[Math.floor(samples.length * 0.2)] ?? samples[0]!;
    const last = samples[samples.length - 1]!;

    const rolling: Tally = { ok: 0, failed: 0, errors: new Map() };
    let rollingDone = false;
    const rollingStarted = Date.now();
    const load = paced(url, rate, () => rollingDone, rolling);
    await sleep(2000);
    const restarted: number[] = [];
    // Only the workers (pids that logged "listening"): the primary has other children, e.g. tsx's esbuild.
    for (const pid of [...listening].filter((p) => childrenOf(service.pid!).includes(p))) {
      process.kill(pid, 'SIGTERM');
      restarted.push(pid);
      const before = new Set(listening);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && ![...listening].some((p) => !before.has(p))) await sleep(100);
    }
    await sleep(2000);
    rollingDone = true;
    await load;

    console.log(JSON.stringify({
      workers: args.workers,
      peakRps: Math.round(peak),
      soak: {
        seconds: args.duration, targetRps: rate, ok: soak.ok, failed: soak.failed, errors: Object.fromEntries(soak.errors),
        rssAfterWarmupMiB: +(warm.rss / 1048576).toFixed(1), rssEndMiB: +(last.rss / 1048576).toFixed(1),
        rssGrowthPercent: +(((last.rss - warm.rss) / warm.rss) * 100).toFixed(2),
      },
      rollingRestart: { workersRestarted: restarted.length, seconds: Math.round((Date.now() - rollingStarted) / 1000), ok: rolling.ok, failed: rolling.failed, errors: Object.fromEntries(rolling.errors) },
    }, null, 2));
  } finally {
    service.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => service.once('exit', resolve)), sleep(15_000)]);
  }
}

await main();
