/**
 * Runs `tsgi serve` (the TypeScript source through tsx, so no build is needed) and waits for it
 * to listen, for the CLI and worker tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CliRun {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Spawns the CLI with `args`. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

/** Waits until `count` "listening" lines appeared on stderr (or the process exits, or time runs out). */
export async function waitListening(run: CliRun, count = 1, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((run.stderr().match(/"message":"listening"/g) ?? []).length >= count) return true;
    if (run.child.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** The pids of the workers that logged "listening" so far (each worker logs its own pid). */
export function listeningWorkerPids(run: CliRun): number[] {
  return [...run.stderr().matchAll(/"message":"listening".*?"pid":(\d+)/g)].map((match) => Number(match[1]));
}

/** Kills the process if a test left it running. */
export function reap(run: CliRun): void {
  if (run.child.exitCode === null) run.child.kill('SIGKILL');
}

/** `true` while a process with this pid exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `pids` is alive, or `timeoutMs` passed; resolves with those still alive. */
export async function waitUntilGone(pids: number[], timeoutMs = 8000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(alive);
}

/** Kills with SIGKILL whichever of `pids` is still alive (a test's teardown). */
export function killSurvivors(pids: number[]): void {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}
