/**
 * Starting and stopping one peer as its own process, so its CPU and memory can be read from `/proc`
 * and so a crash in one peer cannot take the harness down.
 *
 * A peer is ready when it prints `listening <port>` on stdout (or, for a program with its own log
 * format, when its readiness path answers 200). It is stopped with SIGTERM (then
 * SIGKILL if it lingers), and every peer still alive when the harness exits is killed, so none is
 * left running. Peers are started with `--exit-with-stdin`: they also exit when the harness's end of
 * their stdin closes, which covers a harness killed without a chance to clean up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { LaunchOptions, PeerDefinition } from './peers/catalogue.js';

/** A peer process that announced its port. */
export interface RunningPeer {
  name: string;
  pid: number;
  port: number;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `graceMs`, code `null`). */
  stop(graceMs?: number): Promise<number | null>;
  /** stdout and stderr so far, for error reports. */
  output(): string;
}

const alive = new Set<ChildProcess>();
let guarding = false;
/** On the harness's own exit or termination, kill every peer it started (installed at the first start). */
function guardChildren(): void {
  if (guarding) return;
  guarding = true;
  const killAll = () => {
    for (const child of alive) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    });
  }
}

/** Whether `taskset` (util-linux) is present to pin processes to cores. */
export const canPin = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');

/** Prefixes argv with `taskset -c <cpu>` when a core is asked for and taskset exists. */
export function pinned(argv: string[], cpu: number | undefined): string[] {
  return cpu === undefined || !canPin ? argv : ['taskset', '-c', String(cpu), ...argv];
}

/**
 * A free port for a peer that binds it itself, a while later (the Python peers train first).
 *
 * Chosen below the kernel's ephemeral range on purpose: the other peers and the tests bind port 0,
 * which the kernel answers from that range, so a port taken from it could be handed to one of them
 * before the peer binds it; the peer then fails to start while the harness, polling that port,
 * finds the other server (the classifier peers share one contract) and measures the wrong process.
 */
export async function freePort(): Promise<number> {
  const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  const low = 10000;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * Math.max(1, ephemeralLow - low));
    if (await bindsOn(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${ephemeralLow}`);
}

/** Whether `port` can be bound on 127.0.0.1 right now (the probe is closed again). */
function bindsOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `http://127.0.0.1:<port><path>` until it answers 200; resolves `false` if `isOver()` first. */
export async function waitForHttp(port: number, path: string, isOver: () => boolean): Promise<boolean> {
  while (!isOver()) {
    const ok = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Starts `definition` on `port` (0: a free one) and waits until it is listening. */
export async function startPeer(definition: PeerDefinition, port: number, options: LaunchOptions & { cpu?: number; readyTimeoutMs?: number } = {}): Promise<RunningPeer> {
  guardChildren();
  if (definition.readyPath && port === 0) port = await freePort();
  const { argv, env } = definition.command(port, options);
  const [file, ...args] = pinned(argv, options.cpu);
  const child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  alive.add(child);
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (log += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (log += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    alive.delete(child);
    resolve(code);
  }));
  return new Promise<RunningPeer>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not print "listening <port>" within ${options.readyTimeoutMs ?? 30000} ms`), options.readyTimeoutMs ?? 30000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`peer ${definition.name} ${why}\n${log.slice(-2000)}`));
    };
    void exited.then((code) => fail(`exited with code ${code} before listening`));
    const announce = (boundPort: number) => {
      clearTimeout(timer);
      resolve({
        name: definition.name,
        pid: child.pid!,
        port: boundPort,
        output: () => log,
        stop: async (graceMs = 5000) => {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(killer);
          return code;
        },
      });
    };
    if (definition.readyPath) {
      void waitForHttp(port, definition.readyPath, () => child.exitCode !== null || child.signalCode !== null).then((ok) => ok && announce(port));
      return;
    }
    const watch = () => {
      const match = /^listening (\d+)$/m.exec(log);
      if (!match) return;
      child.stdout!.off('data', watch);
      announce(Number(match[1]));
    };
    child.stdout!.on('data', watch);
  });
}
