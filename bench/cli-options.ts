/**
 * Reading `npm run bench`'s command line: which mode, with which settings — checked before anything
 * starts, so a typo gives one clear line and a non-zero exit instead of a stack trace, a peer on a
 * port nobody asked for, or a benchmark that measures nothing and still overwrites the committed
 * report.
 *
 * Every option belongs to one or more modes; an option given to a mode that would ignore it is an
 * error (`--port` without `--serve` used to start the full benchmark).
 */
import { parseArgs } from 'node:util';
import { peers } from './peers/catalogue.js';
import { scenarios } from './scenarios.js';

/** A command line the harness refuses; the message is one line, shown as is. */
export class UsageError extends Error {
  /** Exit status for a usage error, as most command-line tools use. */
  readonly exitCode = 2;
  readonly code = 'bench_usage';
}

/** What the command line asks for. */
export type BenchCommand =
  | { mode: 'help' }
  | { mode: 'list' }
  | { mode: 'serve'; peer: string; port: number; exitWithStdin: boolean }
  | { mode: 'smoke'; peers?: string[] }
  | { mode: 'profile'; peer: string; scenario?: string; seconds: number; connections: number }
  | { mode: 'rerender'; out?: string }
  | { mode: 'measure'; peers?: string[]; runs: number; seconds: number; warmup: number; connections: number; out?: string };

type Mode = BenchCommand['mode'];

/** The options, and the modes each one is meant for (a mode flag itself is listed under its mode). */
const OPTIONS = {
  serve: { type: 'string', modes: ['serve'] },
  port: { type: 'string', modes: ['serve'] },
  'exit-with-stdin': { type: 'boolean', modes: ['serve'] },
  list: { type: 'boolean', modes: ['list'] },
  smoke: { type: 'boolean', modes: ['smoke'] },
  profile: { type: 'string', modes: ['profile'] },
  scenario: { type: 'string', modes: ['profile'] },
  peers: { type: 'string', modes: ['measure', 'smoke'] },
  runs: { type: 'string', modes: ['measure'] },
  seconds: { type: 'string', modes: ['measure', 'profile'] },
  warmup: { type: 'string', modes: ['measure'] },
  connections: { type: 'string', modes: ['measure', 'profile'] },
  out: { type: 'string', modes: ['measure', 'rerender'] },
  rerender: { type: 'boolean', modes: ['rerender'] },
  help: { type: 'boolean', short: 'h', modes: ['help'] },
} as const satisfies Record<string, { type: 'string' | 'boolean'; short?: string; modes: readonly Mode[] }>;

type OptionName = keyof typeof OPTIONS;
const MODE_FLAGS: Array<[OptionName, Mode]> = [['help', 'help'], ['serve', 'serve'], ['list', 'list'], ['smoke', 'smoke'], ['profile', 'profile'], ['rerender', 'rerender']];

/**
 * Reads `argv` (without node and the script). Throws a {@link UsageError} naming the first problem.
 *
 * @example
 * ```ts
 * parseBenchArgs(['--serve', 'uws', '--port', '8000']); // { mode: 'serve', peer: 'uws', port: 8000, exitWithStdin: false }
 * parseBenchArgs(['--runs', '0']);                      // throws UsageError: --runs must be a whole number from 1 ...
 * ```
 */
export function parseBenchArgs(argv: string[]): BenchCommand {
  const values = readValues(argv);
  const modes = MODE_FLAGS.filter(([flag]) => values[flag] !== undefined && values[flag] !== false).map(([, mode]) => mode);
  if (modes.length > 1) throw new UsageError(`choose one mode, not ${modes.map((mode) => `--${mode}`).join(' and ')}`);
  const mode: Mode = modes[0] ?? 'measure';
  for (const name of Object.keys(values) as OptionName[]) {
    if (!(OPTIONS[name].modes as readonly Mode[]).includes(mode)) {
      throw new UsageError(`--${name} ${mode === 'measure' ? 'does not apply to a benchmark run' : `does not apply to --${mode}`}; it is for ${OPTIONS[name].modes.map((m) => (m === 'measure' ? 'a benchmark run' : `--${m}`)).join(' or ')}`);
    }
  }
  const text = (name: OptionName) => values[name] as string | undefined;
  switch (mode) {
    case 'help':
    case 'list':
      return { mode };
    case 'serve':
      return { mode, peer: peerName(text('serve')!, '--serve'), port: wholeNumber('port', text('port') ?? '0', 0, 65535), exitWithStdin: values['exit-with-stdin'] === true };
    case 'smoke':
      return { mode, ...peerList(text('peers')) };
    case 'profile': {
      const peer = peerName(text('profile')!, '--profile');
      const scenario = text('scenario');
      if (scenario !== undefined) scenarioFor(peer, scenario);
      return { mode, peer, ...(scenario !== undefined ? { scenario } : {}), seconds: wholeNumber('seconds', text('seconds') ?? '5', 1), connections: wholeNumber('connections', text('connections') ?? '64', 1) };
    }
    case 'rerender':
      return { mode, ...(text('out') !== undefined ? { out: nonEmpty('out', text('out')!) } : {}) };
    case 'measure':
      return {
        mode,
        ...peerList(text('peers')),
        runs: wholeNumber('runs', text('runs') ?? '3', 1),
        seconds: wholeNumber('seconds', text('seconds') ?? '5', 1),
        warmup: wholeNumber('warmup', text('warmup') ?? '2', 0),
        connections: wholeNumber('connections', text('connections') ?? '64', 1),
        ...(text('out') !== undefined ? { out: nonEmpty('out', text('out')!) } : {}),
      };
  }
}

/** parseArgs, with its errors turned into one-line usage errors. */
function readValues(argv: string[]): Partial<Record<OptionName, string | boolean>> {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([name, { type, ...rest }]) => [name, { type, ...('short' in rest ? { short: rest.short } : {}) }]));
  try {
    return parseArgs({ args: joinNegativeValues(argv), options, strict: true, allowPositionals: false }).values as Partial<Record<OptionName, string | boolean>>;
  } catch (error) {
    // Node's messages run over several lines ("Did you forget ..."); the first says what is wrong.
    throw new UsageError(((error as Error).message.split('\n')[0] ?? 'bad arguments').replace(/\.$/, ''));
  }
}

/**
 * `--seconds -1` as `--seconds=-1`: parseArgs refuses a value that looks like an option, which would
 * give "argument is ambiguous" where the useful answer is "must be a whole number from 1".
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : '';
    const next = argv[i + 1];
    if (name in OPTIONS && OPTIONS[name as OptionName].type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

function wholeNumber(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`--${name} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`}, got "${text}"`);
  }
  return value;
}

function nonEmpty(name: string, text: string): string {
  if (text === '') throw new UsageError(`--${name} needs a value`);
  return text;
}

function peerName(name: string, flag: string): string {
  if (!peers.some((peer) => peer.name === name)) throw new UsageError(`${flag}: unknown peer "${name}"; peers: ${peers.map((peer) => peer.name).join(', ')}`);
  return name;
}

function peerList(text: string | undefined): { peers?: string[] } {
  if (text === undefined) return {};
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (!names.length) throw new UsageError('--peers needs at least one peer name (see --list)');
  for (const name of names) peerName(name, '--peers');
  return { peers: names };
}

function scenarioFor(peer: string, name: string): void {
  const family = peers.find((candidate) => candidate.name === peer)!.family;
  const fitting = scenarios.filter((scenario) => scenario.kind === 'http' && scenario.family === family).map((scenario) => scenario.name);
  if (!fitting.includes(name)) throw new UsageError(`--scenario: no HTTP scenario "${name}" for ${peer}; choose one of: ${fitting.map((s) => `'${s}'`).join(', ')}`);
}
