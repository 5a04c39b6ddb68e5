/**
 * Flag parsing for the classifier CLIs: known flags only, clear errors otherwise.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { HelpRequested, integerFlag, parseFlags, requireFlag, UsageError } from '../../../src/classifier/training/cli-args.js';

t.test('reads --name value and --name=value pairs', async (t) => {
  t.same(parseFlags(['--data', 'a.csv', '--json=out.json'], ['data', 'json']), { data: 'a.csv', json: 'out.json' });
});

t.test('keeps values that contain = or start with a dash', async (t) => {
  t.same(parseFlags(['--title=a=b', '--description', '-x'], ['title', 'description']), { title: 'a=b', description: '-x' });
});

t.test('rejects unknown, repeated and value-less flags and stray arguments', async (t) => {
  t.throws(() => parseFlags(['--dat', 'x'], ['data']), UsageError);
  t.throws(() => parseFlags(['--data', 'x', '--data', 'y'], ['data']), /given twice/);
  t.throws(() => parseFlags(['--data'], ['data']), /needs a value/);
  t.throws(() => parseFlags(['data'], ['data']), /unexpected argument/);
});

t.test('required and integer flags explain what is wrong', async (t) => {
  t.throws(() => requireFlag({}, 'data'), /missing required flag --data/);
  t.equal(integerFlag({ seed: '7' }, 'seed', 42), 7);
  t.equal(integerFlag({}, 'seed', 42), 42);
  t.throws(() => integerFlag({ seed: 'x' }, 'seed', 42), /must be an integer/);
});

t.test('--help or -h in a flag position asks for help; as a value it is text', async (t) => {
  t.throws(() => parseFlags(['--help'], ['data']), HelpRequested);
  t.throws(() => parseFlags(['--data', 'a.csv', '-h'], ['data']), HelpRequested);
  t.same(parseFlags(['--title', '--help'], ['title']), { title: '--help' });
});

/** Runs a training CLI from source the way npm would run its build. */
function runTrainingCli(file: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `src/classifier/training/${file}`, ...args], { encoding: 'utf8', timeout: 30_000 });
}

t.test('every training CLI prints its usage for --help and exits 0', async (t) => {
  for (const [file, command] of [['train-cli.ts', 'npm run train'], ['evaluate-cli.ts', 'npm run evaluate'], ['variations-cli.ts', 'npm run variations']]) {
    const run = runTrainingCli(file!, ['--help']);
    t.equal(run.status, 0, `${file} exits 0`);
    t.match(run.stdout, new RegExp(`^usage: ${command} -- --data <csv>`), `${file} prints its usage`);
  }
});

t.test('a usage error names the tool, says what is wrong, shows the usage and exits 2', async (t) => {
  const run = runTrainingCli('train-cli.ts', ['--dat', 'x.csv']);
  t.equal(run.status, 2);
  t.match(run.stderr, /^train: unknown flag --dat .*\nusage: npm run train/s);
});
