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
 */
import { parseArgs } from 'node:util';
import { peers } from './peers/catalogue.js';
import { servePeer } from './serve.js';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    port: { type: 'string', default: '0' },
    'exit-with-stdin': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    profile: { type: 'string' },
    scenario: { type: 'string' },
    peers: { type: 'string' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    out: { type: 'string' },
    rerender: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const USAGE = `npm run bench -- [options]

  (no mode)                 measure every peer, print the table, write docs/benchmarks.md + .svg
  --peers a,b               measure only these peers (see --list)
  --runs N --seconds S      runs per scenario (medians) and seconds per run   [3, 5]
  --warmup S                warm-up seconds per peer and scenario             [2]
  --connections N           concurrent wrk connections                       [64]
  --out DIR                 write benchmarks.md and .svg into DIR instead of docs/
  --serve PEER --port N     serve one peer alone; prints "listening <port>"; exits 0 on SIGTERM
  --list                    name the peers and whether each can run here
  --smoke                   start every peer, check its answers, load it for about a second
  --profile PEER [--scenario 'POST /echo']   load it under --cpu-prof, print the top functions
  --rerender                rewrite the docs from bench/results/last-run.json
`;

const selected = values.peers ? values.peers.split(',') : undefined;

if (values.help) {
  process.stdout.write(USAGE);
} else if (values.serve) {
  await servePeer(values.serve, Number(values.port), values['exit-with-stdin']!);
} else if (values.list) {
  for (const peer of peers) {
    const why = peer.unavailable();
    process.stdout.write(`${peer.name.padEnd(16)} ${peer.family.padEnd(10)} ${peer.summary}${why ? `  [absent: ${why}]` : ''}\n`);
  }
} else if (values.smoke) {
  const { runSmoke, formatSmoke } = await import('./smoke.js');
  const reports = await runSmoke({ peers: selected });
  process.stdout.write(formatSmoke(reports));
  process.exit(reports.some((report) => report.status === 'failed') ? 1 : 0);
} else if (values.profile) {
  const { profilePeer } = await import('./profile.js');
  await profilePeer(values.profile, { seconds: Number(values.seconds), connections: Number(values.connections), ...(values.scenario ? { scenarioName: values.scenario } : {}) });
  process.exit(0);
} else if (values.rerender) {
  const { writeReport, readLastRun } = await import('./report.js');
  process.stdout.write(await writeReport(readLastRun(), values.out));
} else {
  const { runBenchmark } = await import('./measure.js');
  const { writeReport } = await import('./report.js');
  const result = await runBenchmark({
    peers: selected,
    runs: Number(values.runs),
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    connections: Number(values.connections),
  });
  process.stdout.write(await writeReport(result, values.out));
  process.exit(0);
}
