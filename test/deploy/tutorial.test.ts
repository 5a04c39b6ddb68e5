/**
 * The tutorial keeps working: every step listed in docs/tutorial/README.md has its page and its
 * example file, and each example, served by the real tsgi server on a free port, answers the way
 * its page says. The list of steps is read from the README table, so a step added there without a
 * check here fails (each step needs a probe below).
 */
import t, { type Test } from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { App } from '../../src/protocol/index.js';
import { serve } from '../../src/server/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}docs/tutorial/README.md`, 'utf8');

interface Step { page: string; example: string }

/** Rows of the README's step table: `| [1](01-x.md) | \`examples/01-x.ts\` | ... |`. */
const steps: Step[] = [...readme.matchAll(/^\| \[\d+\]\((\S+\.md)\) \| `(examples\/\S+\.ts)` \|/gm)].map((m) => ({ page: m[1]!, example: m[2]! }));

/** Talks to a served example at `base` (http://127.0.0.1:port) and asserts it answered. */
type Probe = (t: Test, base: string) => Promise<void>;

async function websocketRoundTrip(url: string, message: string): Promise<string> {
  const ws = new WebSocket(url, { handshakeTimeout: 5000 });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply from ${url} within 5 s`)), 5000);
      ws.once('error', reject);
      ws.once('open', () => ws.send(message));
      ws.once('message', (data) => { clearTimeout(timer); resolve(String(data)); });
    });
  } finally {
    ws.close();
  }
}

const PROBES: Record<string, Probe> = {
  'examples/01-raw-protocol-app.ts': async (t, base) => {
    const response = await fetch(`${base}/hello?name=tsgi`);
    t.equal(response.status, 200);
    t.equal(await response.text(), 'GET /hello?name=tsgi\n');
    const echoed = await fetch(`${base}/echo`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    t.equal(await echoed.text(), 'hello');
  },
  'examples/02-streaming.ts': async (t, base) => {
    const response = await fetch(`${base}/count?to=3&every=1`);
    t.equal(await response.text(), '1\n2\n3\n');
    const upload = await fetch(`${base}/upload`, { method: 'POST', body: new Uint8Array(100_000) });
    t.match(await upload.json(), { bytes: 100_000 });
  },
  'examples/03-websocket-echo.ts': async (t, base) => {
    t.equal(await websocketRoundTrip(`${base.replace('http', 'ws')}/echo`, 'hello'), 'HELLO');
  },
  'examples/04-lifespan-state.ts': async (t, base) => {
    const first = (await (await fetch(`${base}/hits`)).json()) as { hits: number };
    const second = (await (await fetch(`${base}/hits`)).json()) as { hits: number };
    t.equal(second.hits, first.hits + 1, 'the store set up in the lifespan is shared by requests');
  },
  'examples/05-framework-app.ts': async (t, base) => {
    t.same(await (await fetch(`${base}/`)).json(), { api: 'tsgi' });
    const note = await fetch(`${base}/notes/1`);
    t.equal(note.status, 200);
    t.equal((await fetch(`${base}/notes/999`)).status, 404);
    t.equal(await websocketRoundTrip(`${base.replace('http', 'ws')}/live`, 'quiet'), 'QUIET');
  },
  'examples/06-items-api.ts': async (t, base) => {
    const created = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer user-token' }, body: JSON.stringify({ title: 'lamp', price: 12.5 }) });
    t.equal(created.status, 201);
    const invalid = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer user-token' }, body: JSON.stringify({ title: '', price: -1 }) });
    t.equal(invalid.status, 422);
    const { detail } = (await invalid.json()) as { detail: Array<{ loc: unknown[] }> };
    t.ok(detail.length >= 2, 'every error is listed');
    t.equal((await fetch(`${base}/items/abc`)).status, 422);
    const anonymous = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'lamp', price: 1 }) });
    t.equal(anonymous.status, 401, 'no Bearer token: 401');
    t.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
  },
  'examples/07-classifier.ts': async (t, base) => {
    const info = (await (await fetch(`${base}/`)).json()) as { data: { service: string } };
    t.equal(info.data.service, 'tagifai');
    const answer = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Transformers for text' }) });
    t.equal(answer.status, 200);
    const { data } = (await answer.json()) as { data: { results: Array<{ prediction: string; probabilities: Record<string, number> }> } };
    t.equal(Object.keys(data.results[0]!.probabilities).length, 4, 'a probability for each of the four labels');
    t.equal((await fetch(`${base}/readyz`)).status, 200);
  },
};

t.test('the tutorial lists its steps in order, from example 01 on', async (t) => {
  t.ok(steps.length >= 5, `${steps.length} steps found in docs/tutorial/README.md`);
  t.same(steps.map((s) => s.example), [...steps.map((s) => s.example)].sort());
  t.equal(steps[0]!.example, 'examples/01-raw-protocol-app.ts');
});

for (const step of steps) {
  t.test(`step ${step.page} has its page and example, and the example answers under the server`, async (t) => {
    t.ok(existsSync(`${root}docs/tutorial/${step.page}`), `docs/tutorial/${step.page} exists`);
    t.ok(existsSync(`${root}${step.example}`), `${step.example} exists`);
    const page = readFileSync(`${root}docs/tutorial/${step.page}`, 'utf8');
    t.ok(page.includes(step.example), 'the page names its example file');
    const probe = PROBES[step.example];
    t.ok(probe, `a probe for ${step.example}`);
    const module = (await import(pathToFileURL(`${root}${step.example}`).href)) as { app: App };
    const server = await serve(module.app, { port: 0, accessLog: false, logLevel: 'warning' });
    try {
      await probe!(t, `http://127.0.0.1:${server.port}`);
    } finally {
      t.equal(await server.close(), 0, 'the server shuts down cleanly');
    }
  });
}
