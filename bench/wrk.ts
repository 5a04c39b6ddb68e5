/**
 * Driving wrk: one HTTP load run against one peer, pinned to its own core, and its output parsed.
 *
 * GET scenarios use wrk's command line; POST scenarios need a Lua script that sets the method, body
 * and Content-Type, written to a temporary file. `--latency` makes wrk print its percentile table,
 * from which p50 and p99 are read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pinned } from './peer-process.js';
import type { HttpScenario } from './scenarios.js';

const run = promisify(execFile);

/** What one wrk run measured. */
export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Responses with a status outside 2xx/3xx, plus socket errors: a sound run has 0. */
  failures: number;
}

/** Whether wrk is installed. */
export async function hasWrk(): Promise<boolean> {
  return run('wrk', ['--version']).then(() => true, (error: { code?: unknown; stdout?: string }) => typeof error.stdout === 'string' && error.stdout.includes('wrk'));
}

let scriptDir: string | undefined;
/** A Lua script that makes wrk send `scenario`'s method, body and Content-Type. */
function luaScript(scenario: HttpScenario): string {
  scriptDir ??= mkdtempSync(join(tmpdir(), 'tsgi-bench-'));
  const path = join(scriptDir, `${scenario.name.replace(/[^a-z0-9]+/gi, '-')}.lua`);
  // A JSON string literal of ASCII text is also a valid Lua string literal.
  writeFileSync(path, `wrk.method = "${scenario.method}"\nwrk.body = ${JSON.stringify(scenario.body ?? '')}\nwrk.headers["Content-Type"] = "application/json"\n`);
  return path;
}

/** Loads `http://127.0.0.1:<port><path>` for `seconds` with `connections` connections on one wrk thread. */
export async function runWrk(scenario: HttpScenario, port: number, options: { seconds: number; connections: number; cpu?: number }): Promise<WrkResult> {
  const args = ['-t1', `-c${scenario.connections ?? options.connections}`, `-d${options.seconds}s`, '--latency', '--timeout', '5s'];
  if (scenario.method !== 'GET' || scenario.body !== undefined) args.push('-s', luaScript(scenario));
  args.push(`http://127.0.0.1:${port}${scenario.path}`);
  const [file, ...rest] = pinned(['wrk', ...args], options.cpu);
  const { stdout } = await run(file!, rest, { timeout: (options.seconds + 20) * 1000 });
  return parseWrk(stdout);
}

/** Reads wrk's report. Exported for the tests. */
export function parseWrk(text: string): WrkResult {
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    requests: number(/(\d+) requests in/),
    p50Ms: latencyMs(/^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text)),
    p99Ms: latencyMs(/^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text)),
    failures: (number(/Non-2xx or 3xx responses: (\d+)/) || 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

const MS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000 };
function latencyMs(match: RegExpExecArray | null): number | null {
  return match ? Number(match[1]) * MS_PER_UNIT[match[2]!]! : null;
}
