import t from 'tap';
import { asEvent, checkSendEventFields, describe } from '../../src/protocol/event-fields.js';
import { throwsRule } from './expect-rule.js';
import type { ProtocolRule } from '../../src/protocol/errors.js';

type Case = [what: string, event: { type: string; [key: string]: unknown }, rule: ProtocolRule];

/** One malformed event per field rule; each must be rejected with that rule. */
const MALFORMED: Case[] = [
  ['a status given as a string', { type: 'http.response.start', status: '200' }, 'invalid-status'],
  ['a fractional status', { type: 'http.response.start', status: 200.5 }, 'invalid-status'],
  ['a status below 100', { type: 'http.response.start', status: 99 }, 'invalid-status'],
  ['a status above 599', { type: 'http.response.start', status: 600 }, 'invalid-status'],
  ['an interim status 103, which is not a final answer', { type: 'http.response.start', status: 103 }, 'invalid-status'],
  ['a status 101 outside an upgrade', { type: 'http.response.start', status: 101 }, 'invalid-status'],
  ['a status of NaN', { type: 'http.response.start', status: Number.NaN }, 'invalid-status'],
  ['a missing status', { type: 'http.response.start' }, 'invalid-status'],
  ['headers given as an object', { type: 'http.response.start', status: 200, headers: { a: 'b' } }, 'invalid-headers'],
  ['a header pair of three', { type: 'http.response.start', status: 200, headers: [['a', 'b', 'c']] }, 'invalid-headers'],
  ['a header value given as bytes', { type: 'http.response.start', status: 200, headers: [['a', new Uint8Array()]] }, 'invalid-headers'],
  ['a header name with a space', { type: 'http.response.start', status: 200, headers: [['bad name', 'x']] }, 'invalid-headers'],
  ['a header value with CRLF', { type: 'http.response.start', status: 200, headers: [['x', 'a\r\nset-cookie: evil=1']] }, 'invalid-headers'],
  ['a header value with a lone LF', { type: 'http.response.start', status: 200, headers: [['x', 'a\nb']] }, 'invalid-headers'],
  ['a header value with a control character', { type: 'http.response.start', status: 200, headers: [['x', 'a\u0001b']] }, 'invalid-headers'],
  ['a header value with a character outside latin-1', { type: 'http.response.start', status: 200, headers: [['x', 'price in €']] }, 'invalid-headers'],
  ['an empty header name', { type: 'http.response.start', status: 200, headers: [['', 'x']] }, 'invalid-headers'],
  ['a transfer-encoding, which only the server writes', { type: 'http.response.start', status: 200, headers: [['Transfer-Encoding', 'chunked']] }, 'invalid-headers'],
  ['a proxy-connection header, which only the server writes', { type: 'http.response.start', status: 200, headers: [['proxy-connection', 'keep-alive']] }, 'invalid-headers'],
  ['an accept with a connection header', { type: 'websocket.accept', headers: [['connection', 'close']] }, 'invalid-headers'],
  ['a keep-alive header', { type: 'http.response.start', status: 200, headers: [['keep-alive', 'timeout=5']] }, 'invalid-headers'],
  ['a trailer header, when TSGI 1.0 has no trailers', { type: 'http.response.start', status: 200, headers: [['trailer', 'x-sum']] }, 'invalid-headers'],
  ['a denial that asks to keep the connection', { type: 'websocket.http.response.start', status: 401, headers: [['Connection', 'keep-alive']] }, 'invalid-headers'],
  ['an accept repeating the handshake accept key', { type: 'websocket.accept', headers: [['Sec-WebSocket-Accept', 'x']] }, 'invalid-headers'],
  ['an accept choosing its subprotocol by header', { type: 'websocket.accept', headers: [['sec-websocket-protocol', 'chat']] }, 'invalid-headers'],
  ['an accept with a content-length', { type: 'websocket.accept', headers: [['content-length', '0']] }, 'invalid-headers'],
  ['a content-length that is not a number', { type: 'http.response.start', status: 200, headers: [['Content-Length', 'ten']] }, 'invalid-headers'],
  ['a negative content-length', { type: 'http.response.start', status: 200, headers: [['content-length', '-1']] }, 'invalid-headers'],
  ['a content-length with a space', { type: 'http.response.start', status: 200, headers: [['content-length', ' 5']] }, 'invalid-headers'],
  ['a content-length in exponent form', { type: 'http.response.start', status: 200, headers: [['content-length', '1e3']] }, 'invalid-headers'],
  ['a header list with a hole', { type: 'http.response.start', status: 200, headers: [, ['a', 'b']] }, 'invalid-headers'],
  ['trailers given as a string', { type: 'http.response.start', status: 200, trailers: 'no' }, 'invalid-trailers'],
  ['trailers requested, which TSGI 1.0 lacks', { type: 'http.response.start', status: 200, trailers: true }, 'invalid-trailers'],
  ['a body given as a number', { type: 'http.response.body', body: 12 }, 'invalid-body'],
  ['a body given as an array', { type: 'http.response.body', body: [1, 2] }, 'invalid-body'],
  ['moreBody given as a string', { type: 'http.response.body', body: '', moreBody: 'yes' }, 'invalid-more-body'],
  ['a relative pathsend path', { type: 'http.response.pathsend', path: 'file.txt' }, 'invalid-path'],
  ['a pathsend without a path', { type: 'http.response.pathsend' }, 'invalid-path'],
  ['a numeric subprotocol', { type: 'websocket.accept', subprotocol: 1 }, 'invalid-subprotocol'],
  ['accept headers as an object', { type: 'websocket.accept', headers: {} }, 'invalid-headers'],
  ['a message with neither text nor bytes', { type: 'websocket.send' }, 'invalid-message'],
  ['a message with both text and bytes', { type: 'websocket.send', text: 'a', bytes: new Uint8Array() }, 'invalid-message'],
  ['text given as bytes', { type: 'websocket.send', text: new Uint8Array() }, 'invalid-message'],
  ['bytes given as a string', { type: 'websocket.send', bytes: 'abc' }, 'invalid-message'],
  ['close code 1005, reserved for reporting', { type: 'websocket.close', code: 1005 }, 'invalid-close-code'],
  ['close code 2000, unassigned', { type: 'websocket.close', code: 2000 }, 'invalid-close-code'],
  ['close code as a string', { type: 'websocket.close', code: '1000' }, 'invalid-close-code'],
  ['a numeric close reason', { type: 'websocket.close', reason: 5 }, 'invalid-close-reason'],
  ['a close reason over 123 bytes', { type: 'websocket.close', reason: 'é'.repeat(62) }, 'invalid-close-reason'],
  ['a denial status of 1000', { type: 'websocket.http.response.start', status: 1000 }, 'invalid-status'],
  ['a denial status of 101, which would claim the upgrade', { type: 'websocket.http.response.start', status: 101 }, 'invalid-status'],
  ['denial headers with a bad pair', { type: 'websocket.http.response.start', status: 403, headers: [[1, 2]] }, 'invalid-headers'],
  ['a denial body given as a number', { type: 'websocket.http.response.body', body: 1 }, 'invalid-body'],
  ['a numeric startup failure message', { type: 'lifespan.startup.failed', message: 1 }, 'invalid-failure-message'],
  ['a numeric shutdown failure message', { type: 'lifespan.shutdown.failed', message: false }, 'invalid-failure-message'],
];

t.test('each malformed field is rejected with its named rule', async (t) => {
  for (const [what, event, rule] of MALFORMED) throwsRule(t, () => checkSendEventFields(event, 'idle'), rule, what);
});

t.test('well-formed events of every send type pass', async (t) => {
  const good = [
    { type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain'], ['Set-Cookie', 'a=1']], trailers: false },
    { type: 'http.response.start', status: 599 },
    { type: 'http.response.start', status: 200, headers: [['Connection', 'close']] },
    { type: 'http.response.start', status: 200, headers: [['x-latin-1', 'caf\u00e9\tand a tab'], ['x-empty', '']] },
    { type: 'http.response.start', status: 426, headers: [['upgrade', 'websocket'], ['content-length', '0']] },
    { type: 'websocket.http.response.start', status: 401, headers: [['content-length', '8'], ['transfer-encoding', 'chunked']] },
    { type: 'websocket.accept', subprotocol: '', headers: [['x-session', '1'], ['set-cookie', 'a=1']] },
    { type: 'http.response.body', body: 'text', moreBody: true },
    { type: 'http.response.body', body: new Uint8Array([1]) },
    { type: 'http.response.body' },
    { type: 'http.response.pathsend', path: '/srv/file.bin' },
    { type: 'websocket.accept', subprotocol: null, headers: [] },
    { type: 'websocket.send', bytes: new Uint8Array(3) },
    { type: 'websocket.send', text: '' },
    { type: 'websocket.close', code: 4000, reason: 'done' },
    { type: 'websocket.close', reason: 'é'.repeat(61) },
    { type: 'websocket.http.response.start', status: 401, headers: [['www-authenticate', 'Bearer']] },
    { type: 'websocket.http.response.body', body: 'denied' },
    { type: 'lifespan.startup.complete' },
    { type: 'lifespan.startup.failed', message: 'database unreachable' },
    { type: 'lifespan.shutdown.complete' },
    { type: 'lifespan.shutdown.failed' },
  ];
  for (const event of good) t.doesNotThrow(() => checkSendEventFields(event, 'idle'), event.type);
});

t.test('the error names the field and what arrived', async (t) => {
  const error = throwsRule(t, () => checkSendEventFields({ type: 'http.response.start', status: '200' }, 'idle'), 'invalid-status');
  t.match(error?.message, /status must be an integer from 200 to 599 \(a final status\), got "200"/);
  t.equal(error?.eventType, 'http.response.start');
});

t.test('asEvent accepts an object with a string type and rejects anything else', async (t) => {
  const event = { type: 'x' };
  t.equal(asEvent(event, 'idle'), event);
  throwsRule(t, () => asEvent([], 'idle'), 'not-an-event');
  throwsRule(t, () => asEvent({ type: null }, 'idle'), 'not-an-event');
});

t.test('describe keeps error messages short and readable', async (t) => {
  t.equal(describe(null), 'null');
  t.equal(describe('x'.repeat(50)), JSON.stringify(`${'x'.repeat(40)}...`));
  t.equal(describe(new Uint8Array(4)), 'a Uint8Array of 4 bytes');
  t.equal(describe([1, 2]), 'an array of 2');
  t.equal(describe(3), 'number 3');
  t.equal(describe({}), 'an object');
  t.equal(describe(() => 1), 'a function');
});

t.test('a header string accepted many times before is still checked: a bad one is refused after any number of good ones', async (t) => {
  const good = { type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] };
  // Well past the bound of the remembered strings, so the cache fills, empties and refills.
  for (let i = 0; i < 3000; i++) {
    checkSendEventFields({ type: 'http.response.start', status: 200, headers: [[`x-n${i}`, `v${i}`]] }, 'idle');
    checkSendEventFields(good, 'idle');
  }
  throwsRule(t, () => checkSendEventFields({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json\r\nx-evil: 1']] }, 'idle'), 'invalid-headers', 'value with CRLF');
  throwsRule(t, () => checkSendEventFields({ type: 'http.response.start', status: 200, headers: [['content type', 'application/json']] }, 'idle'), 'invalid-headers', 'name with a space');
  throwsRule(t, () => checkSendEventFields({ type: 'http.response.start', status: 200, headers: [['x', 'a\0b']] }, 'idle'), 'invalid-headers', 'value with NUL');
});

t.test('a long header value, too long to be remembered, is checked every time', async (t) => {
  const long = 'a'.repeat(1000);
  checkSendEventFields({ type: 'http.response.start', status: 200, headers: [['x-long', long]] }, 'idle');
  throwsRule(t, () => checkSendEventFields({ type: 'http.response.start', status: 200, headers: [['x-long', `${long}\n`]] }, 'idle'), 'invalid-headers');
});
