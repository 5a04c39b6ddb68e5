/**
 * `--serve <peer>`: run one Node peer in this process, so anyone can measure it with their own tools.
 *
 * Prints `listening <port>` once the port accepts connections and exits 0 on SIGTERM or SIGINT. With
 * `--exit-with-stdin` (the harness passes it) it also exits when stdin closes, so a peer never
 * outlives the harness that started it. Python peers are run by their own script; `--serve` hands
 * over to it with the same flags.
 */
import { spawn } from 'node:child_process';
import { freePort, waitForHttp } from './peer-process.js';
import { findPeer, type PeerDefinition } from './peers/catalogue.js';
import { nodePeerModules } from './peers/node-peers.js';

/** Serves peer `name` on 127.0.0.1:`port` until a signal arrives. */
export async function servePeer(name: string, port: number, exitWithStdin: boolean): Promise<void> {
  const definition = findPeer(name);
  const why = definition.unavailable();
  if (why) throw new Error(`peer ${name} cannot run here: ${why}`);
  const load = nodePeerModules[name];
  if (!load) return handOver(definition, definition.readyPath && port === 0 ? await freePort() : port);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
  if (exitWithStdin) {
    process.stdin.on('data', () => {}).once('end', () => process.exit(0)).resume();
  }
  const bound = await (await load()).listen(port);
  process.stdout.write(`listening ${bound}\n`);
}

/**
 * Runs a peer's own program in the foreground, passing signals on and its exit code back; for a
 * program that does not announce its port, polls its readiness path and announces it here. Such a
 * program has log lines of its own: they go to stderr, so that stdout carries `listening <port>` alone.
 */
async function handOver(definition: PeerDefinition, port: number): Promise<void> {
  const command = definition.command(port, {});
  const [file, ...args] = command.argv.filter((arg) => arg !== '--exit-with-stdin');
  const child = spawn(file!, args, { stdio: ['inherit', definition.readyPath ? 2 : 'inherit', 'inherit'], env: { ...process.env, ...command.env } });
  // Listened for at once: a program that fails to start (a taken port) may exit while we poll.
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  if (definition.readyPath && (await waitForHttp(port, definition.readyPath, () => child.exitCode !== null || child.signalCode !== null))) process.stdout.write(`listening ${port}\n`);
  process.exit(await exited);
}
