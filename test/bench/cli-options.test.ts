/**
 * Reading the harness's command line: each mode with its defaults, and every bad value or misplaced
 * option refused with one clear line before anything starts.
 */
import t, { type Test } from 'tap';
import { parseBenchArgs, UsageError } from '../../bench/cli-options.js';

/** The usage error `argv` gives (fails the test when it gives none). */
function refusal(t: Test, argv: string[]): string {
  try {
    parseBenchArgs(argv);
  } catch (error) {
    t.type(error, UsageError, `${argv.join(' ')} is a usage error`);
    t.notMatch((error as Error).message, /\n/, 'the message is one line');
    return (error as Error).message;
  }
  t.fail(`${argv.join(' ')} was accepted`);
  return '';
}

t.test('no mode is a benchmark run with the documented defaults', async (t) => {
  t.same(parseBenchArgs([]), { mode: 'measure', runs: 3, seconds: 5, warmup: 2, connections: 64 });
  t.same(parseBenchArgs(['--peers', 'uws,tsgi', '--runs', '1', '--seconds', '1', '--warmup', '0', '--out', '/tmp/x']), { mode: 'measure', peers: ['uws', 'tsgi'], runs: 1, seconds: 1, warmup: 0, connections: 64, out: '/tmp/x' });
});

t.test('--serve reads the peer and the port, 0 when none is given', async (t) => {
  t.same(parseBenchArgs(['--serve', 'uws', '--port', '8000']), { mode: 'serve', peer: 'uws', port: 8000, exitWithStdin: false });
  t.same(parseBenchArgs(['--serve', 'fastapi', '--exit-with-stdin']), { mode: 'serve', peer: 'fastapi', port: 0, exitWithStdin: true });
});

t.test('an unknown peer is refused in every mode that names peers, listing the known ones', async (t) => {
  for (const argv of [['--serve', 'nope'], ['--profile', 'nope'], ['--peers', 'uws,nope'], ['--smoke', '--peers', 'nope']]) {
    t.match(refusal(t, argv), /unknown peer "nope"; peers: uws, /);
  }
  t.match(refusal(t, ['--peers', ',']), /at least one peer/);
});

t.test('a port outside 0..65535 or not a whole number is refused', async (t) => {
  for (const port of ['abc', '70000', '-1', '1.5', '', '0x50']) {
    t.match(refusal(t, ['--serve', 'uws', '--port', port]), /--port must be a whole number from 0 to 65535/);
  }
});

t.test('runs, seconds and connections must be at least 1; the warm-up may be 0', async (t) => {
  t.match(refusal(t, ['--runs', '0']), /--runs must be a whole number from 1, got "0"/);
  t.match(refusal(t, ['--seconds', '-1']), /--seconds must be a whole number from 1, got "-1"/);
  t.match(refusal(t, ['--connections', '0']), /--connections/);
  t.match(refusal(t, ['--warmup', '-2']), /--warmup must be a whole number from 0/);
  t.equal((parseBenchArgs(['--warmup', '0']) as { warmup: number }).warmup, 0);
});

t.test('an option the chosen mode would ignore is refused instead of starting something else', async (t) => {
  t.match(refusal(t, ['--port', '5']), /--port does not apply to a benchmark run; it is for --serve/);
  t.match(refusal(t, ['--serve', 'uws', '--runs', '3']), /--runs does not apply to --serve/);
  t.match(refusal(t, ['--list', '--smoke']), /choose one mode/);
  t.match(refusal(t, ['--scenario', 'GET /']), /--scenario does not apply/);
});

t.test('unknown options, stray words and missing values are one-line errors', async (t) => {
  t.match(refusal(t, ['--bogus']), /Unknown option '--bogus'/);
  t.match(refusal(t, ['extra']), /Unexpected argument 'extra'/);
  t.match(refusal(t, ['--serve']), /--serve <value>' argument missing/);
});

t.test('--profile checks the scenario against the peer family', async (t) => {
  t.same(parseBenchArgs(['--profile', 'tsgi', '--scenario', 'POST /echo']), { mode: 'profile', peer: 'tsgi', scenario: 'POST /echo', seconds: 5, connections: 64 });
  t.match(refusal(t, ['--profile', 'tsgi', '--scenario', 'POST /predict']), /no HTTP scenario "POST \/predict" for tsgi; choose one of: 'GET \/'/);
});
