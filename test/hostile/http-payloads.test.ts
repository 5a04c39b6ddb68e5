/**
 * Hostile payloads over raw sockets: huge, deep and broken JSON bodies, prototype-pollution keys,
 * and path traversal against the static route in every encoding. After each case the server still
 * answers a normal request promptly. (Very long URLs and query strings: long-request-target.test.ts,
 * since the request line counts against the header-size limit.)
 */
import t from 'tap';
import { connect } from 'node:net';
import { startTarget, exchange, get, healthy, SECRET, type Target } from './harness.js';

let target: Target;
t.before(async () => {
  target = await startTarget();
});
t.teardown(() => target.close());

/** POSTs `body` (bytes or text) as JSON and returns the raw answer. */
function postJson(path: string, body: string | Buffer): Promise<{ text: string; closedByServer: boolean }> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = `POST ${path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
  return exchange(target.port, [head, bytes], 5000);
}

function status(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

t.test('answers 413 to a 50 MiB JSON body and closes before reading it all', async (t) => {
  const total = 50 * 1024 * 1024;
  const result = await new Promise<{ text: string; written: number }>((resolve) => {
    const socket = connect(target.port, '127.0.0.1');
    const received: Buffer[] = [];
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(received).toString('latin1'), written });
    };
    const timer = setTimeout(finish, 10_000);
    const pump = (): void => {
      while (!done && written < total) {
        written += piece.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(`POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n[`);
    pump();
  });
  t.match(result.text, /^HTTP\/1\.1 413/);
  t.ok(result.written < total, `the server closed after ${(result.written / 1048576).toFixed(1)} MiB of 50`);
  t.same(target.hits, [], 'the handler never ran');
  t.ok((await healthy(target.port)) >= 0);
});

t.test('parses JSON nested 100 000 levels deep without a stack overflow', async (t) => {
  // V8's JSON.parse is iterative, so deep nesting is accepted; the body limit bounds the cost.
  const answer = await postJson('/echo', '['.repeat(100_000) + ']'.repeat(100_000));
  t.equal(status(answer.text), 200);
  t.ok((await healthy(target.port)) >= 0);
});

t.test('answers 400 to unbalanced deep JSON', async (t) => {
  t.equal(status((await postJson('/echo', '{"a":'.repeat(50_000))).text), 400);
  t.ok((await healthy(target.port)) >= 0);
});

t.test('decodes invalid UTF-8 in JSON lossily inside strings and refuses it elsewhere', async (t) => {
  // Request.json() decodes with U+FFFD replacement (docs/security.md): broken bytes inside a string
  // become replacement characters; broken bytes where JSON syntax is expected are a 400.
  const cases: Array<[Buffer, number]> = [
    [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 200],
    [Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]), 200],
    [Buffer.from([0xef, 0xbb, 0xbf, 0xc0, 0xaf]), 400],
  ];
  for (const [bytes, expected] of cases) t.equal(status((await postJson('/echo', bytes)).text), expected, bytes.toString('hex'));
  t.ok((await healthy(target.port)) >= 0);
});

t.test('does not pollute Object.prototype through __proto__ or constructor keys', async (t) => {
  const bodies = [
    '{"__proto__": {"polluted": "yes"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"a": {"__proto__": {"polluted": "yes"}}, "__proto__": null}',
    '[{"__proto__": {"polluted": "yes"}}]',
  ];
  for (const body of bodies) {
    const answer = await postJson('/echo', body);
    t.equal(status(answer.text), 200, body);
    t.match(answer.text, /"polluted":null/, `${body}: a fresh object inside the server is clean`);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no pollution in this process either');
});

const TRAVERSALS = [
  '/static/../secret.txt',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E%2Fsecret.txt',
  '/static/..%2fsecret.txt',
  '/static/..%2Fsecret.txt',
  '/static/%2e%2e%2fsecret.txt',
  '/static/..%5csecret.txt',
  '/static/..\\secret.txt',
  '/static/%252e%252e%252fsecret.txt',
  '/static/%c0%ae%c0%ae/secret.txt',
  '/static/%c0%ae%c0%ae%c0%afsecret.txt',
  '/static/sub/../../secret.txt',
  '/static/sub/%2e%2e/%2e%2e/secret.txt',
  '/static/./../secret.txt',
  '/static/hello.txt%00../../secret.txt',
  '/static/%00/../secret.txt',
  '/static//../secret.txt',
  '/static/%2f..%2fsecret.txt',
  '/static/....//secret.txt',
  '/static/.%2e/secret.txt',
];

t.test('never serves a file outside the static root, whatever the encoding', async (t) => {
  for (const path of TRAVERSALS) {
    const answer = await exchange(target.port, get(path, 'Connection: close\r\n'), 1500);
    t.notMatch(answer.text, new RegExp(SECRET), path);
    t.notMatch(answer.text, /^HTTP\/1\.1 (200|5\d\d)/, `${path}: refused, not served or crashed`);
  }
  t.ok((await healthy(target.port)) >= 0);
});

t.test('still serves files inside the static root', async (t) => {
  t.match((await exchange(target.port, get('/static/hello.txt', 'Connection: close\r\n'), 1500)).text, /^HTTP\/1\.1 200[\s\S]*\r\n\r\nhello$/);
  t.match((await exchange(target.port, get('/static/sub/%69nner.txt', 'Connection: close\r\n'), 1500)).text, /\r\n\r\ninner$/);
});
