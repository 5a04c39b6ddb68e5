/**
 * Command-line flags of the classifier CLIs: `--name value` pairs, nothing more.
 *
 * Deliberately tiny: the CLIs take a handful of named options, so a declarative table of known
 * flags gives clear errors ("unknown flag --dat") without pulling in a dependency.
 */

/** Raised for unknown, repeated or value-less flags and missing required ones. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Raised by `parseFlags` for `--help` or `-h` where a flag name is expected. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
  constructor() {
    super('help requested');
  }
}

/**
 * Parses `argv` against the allowed flag names; returns name → value. `--help` (or `-h`) in a
 * flag's place raises `HelpRequested`; as a flag's value (`--title --help`) it is just text.
 *
 * @example
 * parseFlags(['--data', 'a.csv'], ['data', 'json']) // → { data: 'a.csv' }
 */
export function parseFlags(argv: readonly string[], allowed: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    const [rawName, inlineValue] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (rawName === undefined) throw new UsageError(`unexpected argument "${arg}"`);
    if (!allowed.includes(rawName)) throw new UsageError(`unknown flag --${rawName} (known: ${allowed.map((a) => `--${a}`).join(', ')})`);
    if (rawName in flags) throw new UsageError(`flag --${rawName} given twice`);
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new UsageError(`flag --${rawName} needs a value`);
    flags[rawName] = value;
  }
  return flags;
}

/** A flag that must be present. */
export function requireFlag(flags: Record<string, string>, name: string): string {
  const value = flags[name];
  if (value === undefined) throw new UsageError(`missing required flag --${name}`);
  return value;
}

/** An integer flag with a default. */
export function integerFlag(flags: Record<string, string>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new UsageError(`flag --${name} must be an integer, got "${raw}"`);
  return value;
}

/**
 * Runs a CLI's `main` and turns its outcome into output and an exit code, the same way for every
 * classifier CLI: `--help` prints the usage (exit 0); a `UsageError` prints the message and the
 * usage (exit 2); any other error prints its message (exit 1). Messages start with the CLI's name
 * so a line in a log says which tool wrote it.
 */
export async function runCli(name: string, usage: string, main: (argv: readonly string[]) => void | Promise<void>, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    await main(argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${usage}\n`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${message}\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${name}: ${message}\n`);
    process.exitCode = 1;
  }
}
