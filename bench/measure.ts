/**
 * The measurement itself: start the peers pinned to one core, check their answers, warm them up, then
 * load each scenario several times from another core and keep the medians.
 *
 * Runs are interleaved (round 1 of every peer, then round 2, ...) so that a burst of noise from the
 * rest of the machine spreads over all peers instead of landing on one, and each round starts with a
 * different peer (`rotated`). Server CPU time per request
 * comes from `/proc/<pid>/stat` before and after each run, peak memory from `VmHWM` at the end.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { checkPeer } from './checks.js';
import { cpuSeconds, peakRssMiB } from './proc-stats.js';
import { pinned, startPeer, type RunningPeer } from './peer-process.js';
import { harnessScript, peers as allPeers, type PeerDefinition, type PeerFamily } from './peers/catalogue.js';
import { scenarios, type Scenario } from './scenarios.js';
import { hasWrk, runWrk } from './wrk.js';

const run = promisify(execFile);
/** The server's core and the load generator's core. */
const SERVER_CPU = 0;
const LOAD_CPU = 1;

/** Settings of one benchmark run. */
export interface BenchOptions {
  peers?: string[];
  runs: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/** The medians for one peer on one scenario. */
export interface Row {
  peer: string;
  scenario: string;
  family: PeerFamily;
  unit: string;
  unitsPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  cpuUsPerUnit: number | null;
  /** Failed responses summed over all runs (should be 0). */
  failures: number;
  /** Units per second of each run, for the spread. */
  samples: number[];
}

/** What happened to one peer. */
export interface PeerOutcome {
  definition: PeerDefinition;
  status: 'measured' | 'absent' | 'failed';
  detail?: string;
  peakRssMiB: number | null;
}

/** Everything a report needs. */
export interface BenchResult {
  options: BenchOptions;
  startedAt: Date;
  finishedAt: Date;
  outcomes: PeerOutcome[];
  rows: Row[];
}

interface OneRun {
  unitsPerSecond: number;
  units: number;
  p50Ms: number | null;
  p99Ms: number | null;
  cpuUsPerUnit: number | null;
  failures: number;
}

/**
 * Runs the whole comparison. Throws, before anything is written, when wrk is missing or when no peer
 * could be measured (all absent or failed), so a run that measured nothing never replaces a report.
 */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  if (!(await hasWrk())) throw new Error('wrk is not installed (apt-get install wrk); --smoke and --serve work without it');
  const startedAt = new Date();
  const outcomes: PeerOutcome[] = [];
  const rows: Row[] = [];
  for (const family of ['api', 'classifier'] as const) {
    const chosen = allPeers.filter((peer) => peer.family === family && (!options.peers || options.peers.includes(peer.name)));
    const running = await startFamily(chosen, outcomes);
    try {
      for (const scenario of scenarios.filter((candidate) => candidate.family === family)) {
        rows.push(...(await measureScenario(scenario, running, options)));
      }
    } finally {
      for (const [definition, peer] of running) {
        outcomes.push({ definition, status: 'measured', peakRssMiB: peakRssMiB(peer.pid) });
        await peer.stop();
      }
    }
  }
  outcomes.sort((a, b) => allPeers.indexOf(a.definition) - allPeers.indexOf(b.definition));
  if (!rows.length) throw new Error(`nothing was measured: ${outcomes.map((o) => `${o.definition.name} ${o.status}${o.detail ? ` (${o.detail})` : ''}`).join('; ') || 'no peer chosen'}`);
  return { options, startedAt, finishedAt: new Date(), outcomes, rows };
}

/** Starts the available peers of one family and keeps those whose answers are correct. */
async function startFamily(chosen: PeerDefinition[], outcomes: PeerOutcome[]): Promise<Map<PeerDefinition, RunningPeer>> {
  const running = new Map<PeerDefinition, RunningPeer>();
  for (const definition of chosen) {
    const why = definition.unavailable();
    if (why) {
      outcomes.push({ definition, status: 'absent', detail: why, peakRssMiB: null });
      continue;
    }
    log(`starting ${definition.name}`);
    const peer = await startPeer(definition, 0, { cpu: SERVER_CPU, readyTimeoutMs: 60000 }).catch((error: Error) => error);
    if (peer instanceof Error) {
      outcomes.push({ definition, status: 'failed', detail: peer.message.split('\n')[0], peakRssMiB: null });
      continue;
    }
    const failures = await checkPeer(definition.family, `http://127.0.0.1:${peer.port}`, definition.name);
    if (failures.length) {
      outcomes.push({ definition, status: 'failed', detail: `wrong answers: ${failures.join('; ')}`, peakRssMiB: null });
      await peer.stop();
      continue;
    }
    running.set(definition, peer);
  }
  return running;
}

async function measureScenario(scenario: Scenario, running: Map<PeerDefinition, RunningPeer>, options: BenchOptions): Promise<Row[]> {
  const runs = new Map<PeerDefinition, OneRun[]>();
  for (const [definition, peer] of running) {
    runs.set(definition, []);
    if (options.warmupSeconds === 0) continue;
    log(`warm-up ${definition.name} ${scenario.name}`);
    await measureOnce(scenario, peer, options.warmupSeconds, options.connections);
  }
  const order = [...running];
  for (let round = 1; round <= options.runs; round++) {
    for (const [definition, peer] of rotated(order, round - 1)) {
      const result = await measureOnce(scenario, peer, options.seconds, options.connections);
      log(`run ${round} ${definition.name} ${scenario.name}: ${Math.round(result.unitsPerSecond)} ${scenario.unit}/s`);
      runs.get(definition)!.push(result);
    }
  }
  return [...runs].map(([definition, results]) => ({
    peer: definition.name,
    scenario: scenario.name,
    family: scenario.family,
    unit: scenario.unit,
    unitsPerSecond: median(results.map((r) => r.unitsPerSecond))!,
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    cpuUsPerUnit: median(results.map((r) => r.cpuUsPerUnit)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    samples: results.map((r) => r.unitsPerSecond),
  }));
}

/** One load run of `seconds` against `peer`, with the server's CPU time read around it. */
async function measureOnce(scenario: Scenario, peer: RunningPeer, seconds: number, connections: number): Promise<OneRun> {
  const cpuBefore = cpuSeconds(peer.pid);
  let outcome: Omit<OneRun, 'cpuUsPerUnit'>;
  if (scenario.kind === 'http') {
    const result = await runWrk(scenario, peer.port, { seconds, connections, cpu: LOAD_CPU });
    outcome = { unitsPerSecond: result.requestsPerSecond * scenario.unitsPerRequest, units: result.requests * scenario.unitsPerRequest, p50Ms: result.p50Ms, p99Ms: result.p99Ms, failures: result.failures };
  } else {
    const argv = pinned([...harnessScript('ws-load'), '--url', `ws://127.0.0.1:${peer.port}${scenario.path}`, '--message', scenario.message, '--seconds', String(seconds), '--connections', '16', '--window', '16'], LOAD_CPU);
    const { stdout } = await run(argv[0]!, argv.slice(1), { timeout: (seconds + 30) * 1000 });
    const { messages, seconds: took, closedEarly } = JSON.parse(stdout.trim().split('\n').pop()!) as { messages: number; seconds: number; closedEarly: number };
    outcome = { unitsPerSecond: messages / took, units: messages, p50Ms: null, p99Ms: null, failures: closedEarly };
  }
  const cpuAfter = cpuSeconds(peer.pid);
  const cpuUsPerUnit = cpuBefore === null || cpuAfter === null || outcome.units === 0 ? null : ((cpuAfter - cpuBefore) * 1e6) / outcome.units;
  return { ...outcome, cpuUsPerUnit };
}

/**
 * The peers in the order of one round: each round starts one peer further along, so no peer always
 * runs first (right after a warm-up or an idle pause) or always right after the same neighbour.
 */
export function rotated<T>(items: readonly T[], by: number): T[] {
  if (!items.length) return [];
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** The median of the numbers present, or `null` when there are none. */
export function median(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value)).sort((a, b) => a - b);
  if (!present.length) return null;
  const middle = Math.floor(present.length / 2);
  return present.length % 2 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
