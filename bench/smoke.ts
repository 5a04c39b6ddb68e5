/**
 * Smoke mode (`--smoke`, part of `npm test`): every peer started, its answers checked, loaded for about
 * a second, and stopped with SIGTERM (which must exit 0) — so the harness cannot rot between real runs.
 *
 * A peer that cannot run on this machine (Debian packages or the dataset missing, a module not written
 * yet) is reported as absent, not failed. Peers start in parallel to keep the mode fast; nothing is
 * pinned and no figure from it means anything.
 */
import { checkPeer, staleDifferences } from './checks.js';
import { startPeer, type RunningPeer } from './peer-process.js';
import { peers as allPeers, type PeerDefinition } from './peers/catalogue.js';
import { scenarios, type HttpScenario } from './scenarios.js';
import { hasWrk, runWrk } from './wrk.js';

/** The outcome for one peer. */
export interface SmokeReport {
  peer: string;
  status: 'ok' | 'absent' | 'failed';
  detail: string;
}

/** Runs the smoke test over `peers` (default: all) and resolves with one report per peer. */
export async function runSmoke(options: { peers?: string[]; loadSeconds?: number } = {}): Promise<SmokeReport[]> {
  const chosen = allPeers.filter((peer) => !options.peers || options.peers.includes(peer.name));
  const withWrk = await hasWrk();
  const starts = chosen.map((peer) => (peer.unavailable() ? Promise.resolve(null) : startPeer(peer, 0, { readyTimeoutMs: 35000 })));
  const started = await Promise.allSettled(starts);
  // Exercised side by side too: the figures mean nothing here, and the mode stays fast.
  return Promise.all(
    chosen.map(async (peer, index): Promise<SmokeReport> => {
      const outcome = started[index]!;
      const why = peer.unavailable();
      if (why) return { peer: peer.name, status: 'absent', detail: why };
      if (outcome.status === 'rejected') return { peer: peer.name, status: 'failed', detail: String((outcome.reason as Error).message) };
      return exercise(peer, outcome.value!, withWrk, options.loadSeconds ?? 1);
    }),
  );
}

async function exercise(peer: PeerDefinition, running: RunningPeer, withWrk: boolean, seconds: number): Promise<SmokeReport> {
  try {
    const failures = await checkPeer(peer.family, `http://127.0.0.1:${running.port}`, peer.name);
    if (failures.length) return { peer: peer.name, status: 'failed', detail: failures.join('; ') };
    const stale = await staleDifferences(peer.family, `http://127.0.0.1:${running.port}`, peer.name);
    const note = stale.length ? `; answers now as the others on ${stale.join(', ')}: remove it from peers/differences.ts` : '';
    const scenario = scenarios.find((candidate): candidate is HttpScenario => candidate.kind === 'http' && candidate.family === peer.family)!;
    let load = 'not loaded: wrk is not installed';
    if (withWrk) {
      let took = seconds;
      let result = await runWrk(scenario, running.port, { seconds, connections: 16 });
      // Every peer loaded at once on a shared machine: a slow one (the Python classifier) may finish
      // nothing in the first second. Given longer, a sound peer answers; a hung one still fails.
      if (result.requests === 0 && result.failures === 0) {
        took = seconds * 5;
        result = await runWrk(scenario, running.port, { seconds: took, connections: 4 });
      }
      if (!(result.requests > 0) || result.failures > 0) return { peer: peer.name, status: 'failed', detail: `under load: ${result.requests} requests, ${result.failures} failures` };
      load = `${scenario.name} ${Math.round(result.requestsPerSecond)} req/s for ${took} s`;
    }
    const code = await running.stop();
    if (code !== 0) return { peer: peer.name, status: 'failed', detail: `exited with ${code} on SIGTERM (expected 0)` };
    return { peer: peer.name, status: 'ok', detail: `answers correct; ${load}; exit 0 on SIGTERM${note}` };
  } finally {
    await running.stop(1000);
  }
}

/** The reports as aligned text lines. */
export function formatSmoke(reports: SmokeReport[]): string {
  return reports.map((report) => `${report.status.padEnd(6)} ${report.peer.padEnd(16)} ${report.detail}\n`).join('');
}
