/**
 * Flag parsing for the classifier CLIs: known flags only, clear errors otherwise.
 */
import t from 'tap';
import { integerFlag, parseFlags, requireFlag, UsageError } from '../../../src/classifier/training/cli-args.js';

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
