/**
 * Correctness before speed: the answers a peer must give before any of its figures count.
 *
 * Every check sends one request and compares status and JSON body with the contract, including the
 * failure cases (422 for a non-integer id or a bad echo body, 400 for malformed JSON), so a peer cannot
 * look fast by skipping work, and hostile variants (an id past 2^53, a repeated `?q=`, an empty or
 * oversized body, a binary or 64 KiB WebSocket message) so the peers answer them alike. A peer listed
 * in peers/differences.ts for a request is not checked on it. A check returns a sentence saying what
 * was wrong, or `null`.
 */
import { isDeepStrictEqual } from 'node:util';
import WebSocket from 'ws';
import type { PeerFamily } from './peers/catalogue.js';
import { BATCH_BODY } from './scenarios.js';
import { differsOn } from './peers/differences.js';

/** One expectation about one request. */
interface Check {
  /** The request, as peers/differences.ts names it. */
  request: string;
  name: string;
  run(base: string): Promise<string | null>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const LABELS = ['computer-vision', 'mlops', 'natural-language-processing', 'other'];

async function call(base: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body, headers: JSON_TYPE }),
    signal: AbortSignal.timeout(10000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Expects `status`, and (when given) exactly the JSON `body`. */
function expect(path: string, status: number, body?: unknown, requestBody?: string, label = ''): Check {
  const request = `${requestBody === undefined ? 'GET' : 'POST'} ${path}${label}`;
  return {
    request,
    name: `${request} → ${status}`,
    run: async (base) => {
      const answer = await call(base, path, requestBody);
      if (answer.status !== status) return `expected ${status}, got ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`;
      if (body !== undefined && !isDeepStrictEqual(answer.json, body)) return `expected ${JSON.stringify(body)}, got ${JSON.stringify(answer.json).slice(0, 200)}`;
      return null;
    },
  };
}

/** Sends `message` on a WebSocket at `path` and hands the reply to `judge`. */
function socketCheck(path: string, message: string | Buffer, judge: (reply: string, isBinary: boolean) => string | null, label = 'a message'): Check {
  return {
    request: `WS ${path} (${label})`,
    name: `WS ${path} answers ${label}`,
    run: (base) =>
      new Promise((resolve) => {
        const socket = new WebSocket(base.replace('http', 'ws') + path, { perMessageDeflate: false });
        const timer = setTimeout(() => finish('no reply within 10 s'), 10000);
        const finish = (verdict: string | null) => {
          clearTimeout(timer);
          // A closing handshake, not a reset: some servers keep a handler alive for a vanished socket.
          socket.close();
          resolve(verdict);
        };
        socket.on('open', () => socket.send(message));
        socket.on('message', (data, isBinary) => finish(judge(data.toString(), isBinary)));
        socket.on('error', (error) => finish(`socket error: ${error.message}`));
        // A server that drops the connection (uWS past its message limit) says so at once.
        socket.on('close', (code) => finish(`the connection closed (${code}) before a reply`));
      }),
  };
}

function isPrediction(value: unknown): boolean {
  const result = value as { prediction?: unknown; probabilities?: Record<string, number> };
  if (typeof result?.prediction !== 'string' || !LABELS.includes(result.prediction) || typeof result.probabilities !== 'object') return false;
  const sum = LABELS.reduce((total, label) => total + (result.probabilities![label] ?? NaN), 0);
  return Math.abs(sum - 1) < 1e-3;
}

function predictionsCheck(path: string, body: string, count: number): Check {
  return {
    request: `POST ${path}`,
    name: `POST ${path} → 200 with ${count} prediction(s) in the envelope`,
    run: async (base) => {
      const answer = await call(base, path, body);
      const data = (answer.json as { data?: { results?: unknown[] } }).data;
      if (answer.status !== 200) return `expected 200, got ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`;
      if (!Array.isArray(data?.results) || data.results.length !== count || !data.results.every(isPrediction)) return `expected data.results with ${count} predictions, got ${JSON.stringify(answer.json).slice(0, 300)}`;
      return null;
    },
  };
}

const apiChecks: Check[] = [
  expect('/', 200, { api: 'fastit' }),
  expect('/items/42?q=x', 200, { item_id: 42, q: 'x' }),
  expect('/items/forty-two?q=x', 422),
  expect('/echo', 200, { title: 'fast', description: 'it is' }, JSON.stringify({ title: 'fast', description: 'it is' })),
  expect('/echo', 422, undefined, JSON.stringify({ title: 'fast' }), ' (missing field)'),
  expect('/echo', 422, undefined, JSON.stringify({ title: 1, description: 'x' }), ' (number for a string)'),
  expect('/echo', 400, undefined, '{"title": "fast",', ' (malformed JSON)'),
  socketCheck('/ws', 'hello, echo', (reply) => (reply === 'hello, echo' ? null : `expected the echo, got ${reply.slice(0, 100)}`)),
  // Hostile variants: what a FastAPI service answers, which every stack must match or be listed in
  // peers/differences.ts with its reason.
  expect('/items/+5', 200, { item_id: 5, q: null }),
  expect('/items/9007199254740993', 422),
  expect('/items/4.0', 200, { item_id: 4, q: null }),
  expect('/items/0x10', 422),
  expect('/items/1?q=a&q=b', 200, { item_id: 1, q: 'b' }),
  expect('/items/1?q=%E9', 200, { item_id: 1, q: '\ufffd' }),
  expect('/items/%31', 200, { item_id: 1, q: null }),
  expect('/items/%zz', 422),
  expect('/items/', 404),
  expect('/nowhere', 404, { detail: 'Not Found' }),
  expect('/echo', 422, undefined, '', ' (empty body)'),
  expect('/echo', 200, { title: 'a', description: 'b' }, '\ufeff{"title":"a","description":"b"}', ' (byte-order mark)'),
  expect('/echo', 200, { title: '\ud800', description: 'b' }, '{"title":"\\ud800","description":"b"}', ' (lone surrogate)'),
  expect('/echo', 200, { title: 'a', description: 'b' }, '{"title":"a","description":"b","__proto__":{"x":1}}', ' (__proto__ key)'),
  expect('/echo', 413, undefined, JSON.stringify({ title: 'a'.repeat(1100000), description: 'b' }), ' (1.1 MB)'),
  socketCheck('/ws', Buffer.from([0, 1, 2, 255]), (reply, isBinary) => (isBinary && reply === Buffer.from([0, 1, 2, 255]).toString() ? null : 'expected the same 4 bytes back in a binary frame'), 'a binary message'),
  socketCheck('/ws', 'x'.repeat(65536), (reply, isBinary) => (!isBinary && reply.length === 65536 ? null : `expected 64 KiB of text back, got ${reply.length} characters`), 'a 64 KiB message'),
];

const classifierChecks: Check[] = [
  predictionsCheck('/predict', JSON.stringify({ title: 'Transformers for text', description: 'BERT' }), 1),
  predictionsCheck('/predict/batch', BATCH_BODY, 32),
  expect('/predict', 422, undefined, JSON.stringify({ description: 'no title' }), ' (missing title)'),
  expect('/predict', 400, undefined, '{"title": ', ' (malformed JSON)'),
  socketCheck('/ws/predict', JSON.stringify({ id: 7, title: 'YOLO object detection' }), (reply) => {
    const parsed = JSON.parse(reply) as { id?: unknown };
    return parsed.id === 7 && isPrediction(parsed) ? null : `expected {"id":7, prediction, probabilities}, got ${reply.slice(0, 200)}`;
  }),
];

/**
 * Runs every check of `family` against `base` (`http://127.0.0.1:<port>`), except those
 * peers/differences.ts lists for `peer`; returns the failures.
 */
export async function checkPeer(family: PeerFamily, base: string, peer = ''): Promise<string[]> {
  const failures: string[] = [];
  for (const check of family === 'api' ? apiChecks : classifierChecks) {
    if (differsOn(peer, check.request)) continue;
    const verdict = await check.run(base).catch((error: Error) => `request failed: ${error.message}`);
    if (verdict) failures.push(`${check.name}: ${verdict}`);
  }
  return failures;
}

/**
 * The checks skipped for `peer` (listed in peers/differences.ts) that it now passes: a difference that
 * was fixed and should leave the list, or the report keeps describing an answer nobody gives.
 */
export async function staleDifferences(family: PeerFamily, base: string, peer: string): Promise<string[]> {
  const stale: string[] = [];
  for (const check of family === 'api' ? apiChecks : classifierChecks) {
    if (!differsOn(peer, check.request)) continue;
    const verdict = await check.run(base).catch((error: Error) => `request failed: ${error.message}`);
    if (verdict === null) stale.push(check.request);
  }
  return stale;
}

/** The requests the checks of `family` send, as peers/differences.ts names them. */
export function checkRequests(family: PeerFamily): string[] {
  return (family === 'api' ? apiChecks : classifierChecks).map((check) => check.request);
}
