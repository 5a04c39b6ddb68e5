/**
 * `--profile <peer>`: load one peer with V8's sampling profiler on (`node --cpu-prof`) and print where
 * its time went, by function (self time) and by file.
 *
 * The profile file stays in a temporary directory for a closer look in Chrome DevTools; the summary
 * here is the first thing to read: the heaviest functions are where a fix pays.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startPeer } from './peer-process.js';
import { findPeer, projectRoot } from './peers/catalogue.js';
import { scenarios, type HttpScenario } from './scenarios.js';
import { runWrk } from './wrk.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Profiles `name` under the scenario called `scenarioName` and prints the summary. */
export async function profilePeer(name: string, options: { seconds: number; connections: number; scenarioName?: string }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-profile-'));
  const definition = findPeer(name);
  const scenario = scenarios.find((s): s is HttpScenario => s.kind === 'http' && s.family === definition.family && (!options.scenarioName || s.name === options.scenarioName));
  if (!scenario) throw new Error(`no HTTP scenario ${options.scenarioName ?? ''} for ${name}`);
  const peer = await startPeer(definition, 0, { cpu: 0, cpuProfileDir: dir });
  // A warm-up first, so start-up (module loading, tsx) and the JIT's first tiers stay out of the window.
  await runWrk(scenario, peer.port, { seconds: 2, connections: options.connections, cpu: 1 });
  const loadStarted = performance.now();
  const result = await runWrk(scenario, peer.port, { seconds: options.seconds, connections: options.connections, cpu: 1 });
  const windowMicros = (performance.now() - loadStarted) * 1000;
  const stopStarted = performance.now();
  await peer.stop(15000);
  const tailMicros = (performance.now() - stopStarted) * 1000;
  const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  process.stdout.write(`${name} ${scenario.name}: ${Math.round(result.requestsPerSecond)} req/s under the profiler\nprofile: ${join(dir, file)}\n\n`);
  process.stdout.write(summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, { windowMicros, tailMicros }));
}

/**
 * Self time per function and per file, heaviest first, as shares of the busy (non-idle) time. With a
 * window, only the samples of the load run count: those between `endTime - tail - window` and
 * `endTime - tail` (the tail being the shutdown after the load).
 */
export function summarise(profile: CpuProfile, options: { windowMicros?: number; tailMicros?: number; top?: number } = {}): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const to = profile.endTime - (options.tailMicros ?? 0);
  const from = options.windowMicros === undefined ? -Infinity : to - options.windowMicros;
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (at < from || at > to) return;
    if (frame.functionName === '(idle)') {
      idle += micros;
      return;
    }
    total += micros;
    const file = frame.url ? relative(projectRoot, frame.url.replace('file://', '')) : '(native)';
    const key = `${frame.functionName || '(anonymous)'}  ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + micros);
  });
  const list = (map: Map<string, number>, count: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`).join('\n');
  const busy = total + idle === 0 ? 0 : (total / (total + idle)) * 100;
  // V8 counts time spent in uWS's own C++ (parsing, socket writes inside the event loop's poll phase)
  // as idle, so "JavaScript" here is the share of the window spent running JS and the GC.
  return `JavaScript ${busy.toFixed(0)}% of the window (the rest: waiting, or native uWS code, which V8 counts as idle); shares below are of the JavaScript time\n\ntop functions by self time:\n${list(selfByFunction, options.top ?? 25)}\n\ntop files by self time:\n${list(selfByFile, 15)}\n`;
}
