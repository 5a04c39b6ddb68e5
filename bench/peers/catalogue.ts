/**
 * The peers: every server the benchmark compares, how to start each one, and what each one does
 * differently from the others.
 *
 * Node peers run through this harness's own `--serve` mode (one process per peer, loaded from
 * `node-peers.ts`); the Python peers run on Debian's python3 with uvicorn. A peer whose requirements
 * are missing here (Debian packages, the dataset, a module not written yet) says why, and is reported
 * as absent rather than failed.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

/** What a benchmark family serves: the API contract or the classifier contract. */
export type PeerFamily = 'api' | 'classifier';

/** Extra switches for a launch. */
export interface LaunchOptions {
  /** Directory for V8 CPU profiles (`--cpu-prof`), Node peers only. */
  cpuProfileDir?: string;
}

/** One peer of the comparison. */
export interface PeerDefinition {
  name: string;
  family: PeerFamily;
  /** One line: what serves the requests. */
  summary: string;
  /** How this peer's work differs from the others', flagged beside its figures. */
  caveat?: string;
  /** Why it cannot run on this machine, or `null` when it can. */
  unavailable(): string | null;
  /** The command that serves it on `port`, printing `listening <port>` when ready. */
  command(port: number, options: LaunchOptions): { argv: string[]; env?: Record<string, string> };
  /**
   * Set for a peer that does not print `listening <port>` (a program with its own log format): the
   * harness gives it a free port and polls this path until it answers 200.
   */
  readyPath?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: the nearest folder above this file with a package.json (works from `bench/` and any build folder). */
export const projectRoot = findRoot(here);

function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
  }
  return resolve(from, '../..');
}
/** Under tsx the harness runs its `.ts` files; after `npm run build`, the `.js` files in `dist/bench`. */
const runningTypeScript = import.meta.url.endsWith('.ts');

/** Debian's python3 (the Debian packages are installed for it, not for any other python on PATH). */
export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const pythonPeerDir = join(projectRoot, 'bench', 'peers');

/** The Made With ML dataset: `../shared/...` beside the project, or the shared folder of this workplace. */
export function datasetPath(): string | null {
  const candidates = [process.env.TAGIFAI_DATASET, join(projectRoot, '..', 'shared', 'datasets', 'madewithml', 'dataset.csv'), '/work/shared/datasets/madewithml/dataset.csv'];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

/** argv that runs one of this harness's own scripts (`ws-load`, `run`) with the same Node, built or not. */
export function harnessScript(name: string, nodeFlags: string[] = []): string[] {
  return [process.execPath, ...(runningTypeScript ? ['--import', 'tsx'] : []), ...nodeFlags, join(here, '..', `${name}.${runningTypeScript ? 'ts' : 'js'}`)];
}

function nodePeer(name: string, family: PeerFamily, summary: string, needs: string[] = [], caveat?: string): PeerDefinition {
  return {
    name,
    family,
    summary,
    ...(caveat ? { caveat } : {}),
    unavailable: () => {
      const missing = needs.filter((path) => !existsSync(join(projectRoot, path)));
      return missing.length ? `not yet in the tree: ${missing.join(', ')}` : null;
    },
    command: (port, options) => ({
      argv: [
        ...harnessScript('run', options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
        '--serve', name, '--port', String(port), '--exit-with-stdin',
      ],
      // Deployed, as users run them: the tsgi framework checks responses against their schemas
      // only outside production, and Node libraries commonly key their fast paths on it too.
      env: { NODE_ENV: 'production' },
    }),
  };
}

/** A tagifai service peer: `src/classifier/main.ts` itself, so the measured process is the server. */
function tagifaiPeer(name: string, batching: boolean): PeerDefinition {
  // Under tsx the source; after a build, the compiled file beside this build's own bench/ folder.
  const entry = runningTypeScript ? join(projectRoot, 'src', 'classifier', 'main.ts') : join(here, '..', '..', 'src', 'classifier', 'main.js');
  return {
    name,
    family: 'classifier',
    summary: `the tagifai service on tsgi (onnxruntime-node), micro-batching ${batching ? 'on' : 'off'}`,
    readyPath: '/readyz',
    unavailable: () => (existsSync(entry) ? null : `not yet in the tree: ${entry.slice(projectRoot.length + 1)}`),
    command: (port, options) => ({
      argv: [
        process.execPath,
        ...(runningTypeScript ? ['--import', 'tsx'] : []),
        ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
        entry, '--host', '127.0.0.1', '--port', String(port), '--batching', batching ? 'on' : 'off',
      ],
      env: { TAGIFAI_WORKERS: '1', NODE_ENV: 'production' },
    }),
  };
}

let pythonModulesMissing: string | null | undefined;
/** Which of the Python modules the Python peers need cannot be imported (checked once). */
function missingPythonModules(): string | null {
  if (pythonModulesMissing !== undefined) return pythonModulesMissing;
  const probe = spawnSync(python, ['-c', 'import fastapi, uvicorn, uvloop, httptools, wsproto, sklearn'], { encoding: 'utf8', timeout: 20000 });
  pythonModulesMissing = probe.status === 0 ? null : `Debian packages missing (apt-get install python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-wsproto python3-sklearn): ${(probe.stderr || String(probe.error)).trim().split('\n').pop()}`;
  return pythonModulesMissing;
}

function pythonPeer(name: string, family: PeerFamily, summary: string, script: string, withDataset: boolean, caveat?: string): PeerDefinition {
  return {
    name,
    family,
    summary,
    ...(caveat ? { caveat } : {}),
    unavailable: () => missingPythonModules() ?? (withDataset && !datasetPath() ? 'dataset not found: ../shared/datasets/madewithml/dataset.csv (or TAGIFAI_DATASET)' : null),
    command: (port) => ({
      argv: [python, join(pythonPeerDir, script), '--port', String(port), '--exit-with-stdin', ...(withDataset ? ['--data', datasetPath() ?? ''] : [])],
      env: { PYTHONDONTWRITEBYTECODE: '1' },
    }),
  };
}

/** Every peer, in the order the table lists them; `uws` first, as every ratio is taken against it. */
export const peers: PeerDefinition[] = [
  nodePeer('uws', 'api', 'raw uWebSockets.js, hand-written routing and checks', [], 'hand-written checks, no framework: the ceiling'),
  nodePeer('uws-async', 'api', 'raw uWebSockets.js as the uws peer, but copying the request head and answering after an await (abort handler only if unfinished after the drain)', [], 'the floor for an app answering after an await on uWS, not a contender'),
  nodePeer('tsgi-raw', 'api', 'a raw TSGI app on the tsgi server', ['src/server/index.ts'], 'hand-written routing and checks inside one TSGI app'),
  nodePeer('tsgi', 'api', 'the tsgi framework: router, declared TypeBox parameters and bodies validated by ajv, a dependency, response schemas serialised by fast-json-stringify', ['src/server/index.ts', 'src/app/index.ts']),
  nodePeer('node-http', 'api', 'node:http, hand-written routing and checks; ws for /ws', [], 'hand-written checks, no framework'),
  nodePeer('fastify', 'api', 'Fastify 5 with JSON-schema validation and response schemas; ws for /ws'),
  pythonPeer('fastapi', 'api', 'FastAPI + uvicorn (uvloop, httptools), async def, pydantic', 'fastapi_app.py', false),
  tagifaiPeer('tagifai', true),
  tagifaiPeer('tagifai-nobatch', false),
  pythonPeer('tagifai-fastapi', 'classifier', 'FastAPI + scikit-learn TF-IDF + logistic regression, async def', 'tagifai_fastapi.py', true, 'a different model (scikit-learn, trained at start)'),
];

/** The peer called `name`, or an error listing the names. */
export function findPeer(name: string): PeerDefinition {
  const peer = peers.find((candidate) => candidate.name === name);
  if (!peer) throw new Error(`unknown peer "${name}"; peers: ${peers.map((p) => p.name).join(', ')}`);
  return peer;
}
