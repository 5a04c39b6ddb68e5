/**
 * Starting and stopping one peer as its own process, so its CPU and memory can be read from `/proc`
 * and so a crash in one peer cannot take the harness down.
 *
 * A peer is ready when it prints `listening <port>` on stdout. It is stopped with SIGTERM (then
 * SIGKILL if it lingers), and every peer still alive when the harness exits is killed, so none is
 * left running. Peers are started with `--exit-with-stdin`: they also exit when the harness's end of
 * their stdin closes, which covers a harness killed without a chance to clean up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** Whether `taskset` (util-linux) is present to pin processes to cores. */
export const canPin = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');

/** Prefixes argv with `taskset -c <cpu>` when a core is asked for and taskset exists. */
export function pinned(argv: string[], cpu: number | undefined): string[] {
  return cpu === undefined || !canPin ? argv : ['taskset', '-c', String(cpu), ...argv];
}

/** Starts `definition` on `port` (0: the peer picks one) and waits until it says it is listening. */
export function startPeer(definition: PeerDefinition, port: number, options: LaunchOptions & { cpu?: number; readyTimeoutMs?: number } = {}): Promise<RunningPeer> {
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
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not print "listening <port>" within ${options.readyTimeoutMs ?? 30000} ms`), options.readyTimeoutMs ?? 30000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`peer ${definition.name} ${why}\n${log.slice(-2000)}`));
    };
    void exited.then((code) => fail(`exited with code ${code} before listening`));
    const watch = () => {
      const match = /^listening (\d+)$/m.exec(log);
      if (!match) return;
      child.stdout!.off('data', watch);
      clearTimeout(timer);
      resolve({
        name: definition.name,
        pid: child.pid!,
        port: Number(match[1]),
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
    child.stdout!.on('data', watch);
  });
}
