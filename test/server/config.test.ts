/**
 * Server options (config.ts) and the `tsgi serve` flags that set them (cli-args.ts): defaults,
 * and a wrong value refused at startup naming the option — here for the WebSocket inbox caps.
 */
import t from 'tap';
import { DEFAULT_OPTIONS, resolveOptions } from '../../src/server/index.js';
import { QUEUED_BYTES_FACTOR, wsQueuedBytesLimit } from '../../src/server/config.js';
import { helpText, parseServeArgs, type ServeCommand } from '../../src/server/cli-args.js';
import { runCli, reap } from './cli-process.js';

t.test('by default 4096 messages may wait per WebSocket, and 4 x wsMaxMessageSize characters/bytes', async (t) => {
  const options = resolveOptions();
  t.equal(options.wsMaxQueuedMessages, 4096);
  t.equal(options.wsMaxQueuedBytes, undefined);
  t.equal(QUEUED_BYTES_FACTOR, 4);
  t.equal(wsQueuedBytesLimit(options), 4 * 1024 * 1024);
  t.equal(wsQueuedBytesLimit(resolveOptions({ wsMaxMessageSize: 1000 })), 4000, 'the default follows the message size');
});

t.test('a given wsMaxQueuedBytes is the byte cap whatever the message size', async (t) => {
  const options = resolveOptions({ wsMaxQueuedMessages: 3, wsMaxQueuedBytes: 10, wsMaxMessageSize: 1000 });
  t.equal(options.wsMaxQueuedMessages, 3);
  t.equal(wsQueuedBytesLimit(options), 10);
});

t.test('a wsMaxQueuedMessages below 1 or not a number is refused, naming the option', async (t) => {
  for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
    t.throws(() => resolveOptions({ wsMaxQueuedMessages: value }), { code: 'bad-option', message: /wsMaxQueuedMessages/ }, String(value));
  }
});

t.test('a wsMaxQueuedBytes below 1 or not a number is refused, naming the option', async (t) => {
  for (const value of [0, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number, null as unknown as number]) {
    t.throws(() => resolveOptions({ wsMaxQueuedBytes: value }), { code: 'bad-option', message: /wsMaxQueuedBytes/ }, String(value));
  }
});

t.test('--ws-max-queued-messages and --ws-max-queued-bytes set the two caps', async (t) => {
  const command = parseServeArgs(['app.js', '--ws-max-queued-messages', '16', '--ws-max-queued-bytes', '65536']) as ServeCommand;
  t.match(command.options, { wsMaxQueuedMessages: 16, wsMaxQueuedBytes: 65536 });
  const plain = parseServeArgs(['app.js']) as ServeCommand;
  t.same(resolveOptions(plain.options).wsMaxQueuedMessages, DEFAULT_OPTIONS.wsMaxQueuedMessages, 'left out: the default');
  t.equal(resolveOptions(plain.options).wsMaxQueuedBytes, undefined);
});

t.test('a queue flag that is not a non-negative integer is refused, naming the flag', async (t) => {
  t.throws(() => parseServeArgs(['app.js', '--ws-max-queued-messages', '2.5']), { code: 'bad-option', message: /--ws-max-queued-messages expects a non-negative integer/ });
  t.throws(() => parseServeArgs(['app.js', '--ws-max-queued-bytes=-5']), { code: 'bad-option', message: /--ws-max-queued-bytes expects a non-negative integer/ });
});

t.test('the help lists both queue flags with their defaults', async (t) => {
  const help = helpText();
  t.match(help, /--ws-max-queued-messages <n>.*\(default 4096\)/);
  t.match(help, /--ws-max-queued-bytes <bytes>.*\(default 4 x ws-max-message-size\)/);
});

t.test('a WebSocket idle timeout uWS cannot take is refused, naming the option', async (t) => {
  for (const value of [1, 7, 961, 8.5, 0.5]) {
    t.throws(() => resolveOptions({ wsIdleTimeout: value }), { code: 'bad-option', message: /wsIdleTimeout must be 0 \(off\) or a whole number of seconds from 8 to 960/ }, String(value));
  }
  for (const value of [0, 8, 120, 960]) t.equal(resolveOptions({ wsIdleTimeout: value }).wsIdleTimeout, value, `${value} is kept`);
});

t.test('tsgi serve --ws-idle-timeout 3 exits 1 with one line instead of aborting in uWS', async (t) => {
  const run = runCli(['serve', 'test/server/fixtures/apps.ts', '--port', '0', '--ws-idle-timeout', '3']);
  t.teardown(() => reap(run));
  t.equal(await run.exited, 1, 'exit code 1 (uWS aborted the process: SIGABRT, no exit code)');
  t.match(run.stderr(), /^tsgi: option wsIdleTimeout must be 0 \(off\) or a whole number of seconds from 8 to 960, got 3\n$/);
});

t.test('limits uWS or Node timers would wrap are refused', async (t) => {
  t.throws(() => resolveOptions({ wsMaxBackpressure: 2 ** 32 }), { code: 'bad-option', message: /wsMaxBackpressure must be at most 536870912/ });
  t.throws(() => resolveOptions({ timeoutGracefulShutdown: 1e10 }), { code: 'bad-option', message: /timeoutGracefulShutdown must be at most 2147483 seconds/ });
  t.throws(() => resolveOptions({ shutdownDelay: 3e6 }), { code: 'bad-option', message: /shutdownDelay must be at most/ });
});

t.test('contradictory flags are refused, naming both', async (t) => {
  t.throws(() => parseServeArgs(['app.js', '--uds', '/tmp/a.sock', '--workers', '2']), { code: 'bad-option', message: /--uds cannot be used with --workers/ });
  t.throws(() => parseServeArgs(['app.js', '--uds', '/tmp/a.sock', '--port', '8001']), { code: 'bad-option', message: '--uds and --port cannot be used together: a Unix socket has no port' });
  t.throws(() => parseServeArgs(['app.js', '--uds', '/tmp/a.sock', '--host', '0.0.0.0']), { code: 'bad-option', message: /--uds and --host/ });
  t.throws(() => parseServeArgs(['app.js', '--proxy-headers', '--no-proxy-headers']), { code: 'bad-option', message: /contradict/ });
  t.match(parseServeArgs(['app.js', '--uds', '/tmp/a.sock', '--workers', '1']), { options: { uds: '/tmp/a.sock' } }, 'one process on a Unix socket is fine');
});

t.test('a root path without a leading slash is refused (scope.path would read "api/items")', async (t) => {
  t.throws(() => resolveOptions({ rootPath: 'api' }), { code: 'bad-option', message: 'option rootPath must be empty or start with "/", got "api"' });
  t.equal(resolveOptions({ rootPath: '/api/' }).rootPath, '/api');
  t.equal(resolveOptions({ rootPath: '' }).rootPath, '');
});
