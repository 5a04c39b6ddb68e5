/**
 * `npm run bench`: the benchmark harness's command line.
 *
 *   npm run bench                                  measure every peer, print the table, write docs/benchmarks.md
 *   npm run bench -- --peers uws,tsgi --runs 3     a subset, fewer or more runs
 *   npm run bench -- --serve <peer> --port <n>     serve one peer alone (prints `listening <port>`)
 *   npm run bench -- --list                        name the peers and whether each can run here
 *   npm run bench -- --rerender                    rewrite the docs from bench/results/last-run.json
 *   npm run bench -- --smoke                       start every peer, check its answers, load it for ~1 s
 *   npm run bench -- --profile <peer> [--scenario 'POST /echo']   load it under `--cpu-prof`, print the top functions
 *
 * A bad command line or a failure (a taken port, wrk missing, a peer that cannot run here) ends with
 * one line on stderr: exit 2 for usage, 1 for the rest.
 */
import { parseBenchArgs, UsageError, type BenchCommand } from './cli-options.js';
import { peers } from './peers/catalogue.js';
import { servePeer } from './serve.js';

const USAGE = `npm run bench -- [options]

  (no mode)                 measure every peer, print the table, write docs/benchmarks.md + .svg
  --peers a,b               measure only these peers (see --list)
  --runs N --seconds S      runs per scenario (medians) and seconds per run   [3, 5]
  --warmup S                warm-up seconds per peer and scenario (0: none)  [2]
  --connections N           concurrent wrk connections                       [64]
  --out DIR                 write benchmarks.md, .svg and last-run.json into DIR instead of docs/
  --serve PEER --port N     serve one peer alone; prints "listening <port>"; exits 0 on SIGTERM
  --list                    name the peers and whether each can run here
  --smoke [--peers a,b]     start every peer, check its answers, load it for about a second
  --profile PEER [--scenario 'POST /echo'] [--seconds S]   load it under --cpu-prof, print the top functions
  --rerender [--out DIR]    rewrite the docs from bench/results/last-run.json
`;

/**
 * Carries out one command. Resolves with the exit status for the modes that end by themselves;
 * `undefined` leaves the process running (`--serve`) or lets it end naturally.
 */
async function main(command: BenchCommand): Promise<number | undefined> {
  switch (command.mode) {
    case 'help':
      process.stdout.write(USAGE);
      return undefined;
    case 'serve':
      await servePeer(command.peer, command.port, command.exitWithStdin);
      return undefined;
    case 'list':
      for (const peer of peers) {
        const why = peer.unavailable();
        process.stdout.write(`${peer.name.padEnd(16)} ${peer.family.padEnd(10)} ${peer.summary}${why ? `  [absent: ${why}]` : ''}\n`);
      }
      return undefined;
    case 'smoke': {
      const { runSmoke, formatSmoke } = await import('./smoke.js');
      const reports = await runSmoke({ peers: command.peers });
      process.stdout.write(formatSmoke(reports));
      return reports.some((report) => report.status === 'failed') ? 1 : 0;
    }
    case 'profile': {
      const { profilePeer } = await import('./profile.js');
      await profilePeer(command.peer, { seconds: command.seconds, connections: command.connections, ...(command.scenario ? { scenarioName: command.scenario } : {}) });
      return 0;
    }
    case 'rerender': {
      const { writeReport, readLastRun } = await import('./report.js');
      process.stdout.write(await writeReport(readLastRun(), command.out));
      return undefined;
    }
    case 'measure': {
      const { runBenchmark } = await import('./measure.js');
      const { writeReport } = await import('./report.js');
      const result = await runBenchmark({ peers: command.peers, runs: command.runs, seconds: command.seconds, warmupSeconds: command.warmup, connections: command.connections });
      process.stdout.write(await writeReport(result, command.out));
      return 0;
    }
  }
}

try {
  const code = await main(parseBenchArgs(process.argv.slice(2)));
  // Peers started by the harness are killed on exit (peer-process.ts), so an explicit exit is safe.
  if (code !== undefined) process.exit(code);
} catch (error) {
  // One line, no stack: the messages say what is wrong and what to do (the trace helps nobody here).
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`bench: ${message}\n`);
  process.exit(error instanceof UsageError ? error.exitCode : 1);
}
