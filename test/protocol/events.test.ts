import t from 'tap';
import { readFileSync } from 'node:fs';
import { throwsRule } from './expect-rule.js';
import { assertNever, type ReceiveEvent, type SendEvent } from '../../src/protocol/events.js';
import { stepHttpResponse } from '../../src/protocol/response-state.js';
import { stepWebSocket } from '../../src/protocol/websocket-state.js';
import { stepLifespan } from '../../src/protocol/lifespan-state.js';

/** One well-formed sample of every event, in both directions. */
const SAMPLES: Array<ReceiveEvent | SendEvent> = [
  { type: 'http.request', body: new Uint8Array([1]), moreBody: false },
  { type: 'http.disconnect' },
  { type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']], trailers: false },
  { type: 'http.response.body', body: 'hi', moreBody: false },
  { type: 'http.response.pathsend', path: '/srv/index.html' },
  { type: 'websocket.connect' },
  { type: 'websocket.receive', text: 'hi' },
  { type: 'websocket.disconnect', code: 1000, reason: '' },
  { type: 'websocket.accept', subprotocol: null, headers: [] },
  { type: 'websocket.send', bytes: new Uint8Array([1]) },
  { type: 'websocket.close', code: 1000, reason: 'done' },
  { type: 'websocket.http.response.start', status: 403, headers: [] },
  { type: 'websocket.http.response.body', body: 'denied' },
  { type: 'lifespan.startup' },
  { type: 'lifespan.shutdown' },
  { type: 'lifespan.startup.complete' },
  { type: 'lifespan.startup.failed', message: 'x' },
  { type: 'lifespan.shutdown.complete' },
  { type: 'lifespan.shutdown.failed', message: 'y' },
];

/**
 * Which way an event flows and which machine judges it. The switch has no default: an event type
 * added to events.ts without a case here fails to compile at `assertNever`.
 */
function route(event: ReceiveEvent | SendEvent): 'receive' | 'http' | 'websocket' | 'lifespan' {
  switch (event.type) {
    case 'http.request':
    case 'http.disconnect':
    case 'websocket.connect':
    case 'websocket.receive':
    case 'websocket.disconnect':
      return 'receive';
    case 'lifespan.startup':
    case 'lifespan.shutdown':
    case 'lifespan.startup.complete':
    case 'lifespan.startup.failed':
    case 'lifespan.shutdown.complete':
    case 'lifespan.shutdown.failed':
      return 'lifespan';
    case 'http.response.start':
    case 'http.response.body':
    case 'http.response.pathsend':
      return 'http';
    case 'websocket.accept':
    case 'websocket.send':
    case 'websocket.close':
    case 'websocket.http.response.start':
    case 'websocket.http.response.body':
      return 'websocket';
    default:
      return assertNever(event, 'event');
  }
}

t.test('assertNever throws a TypeError naming the value', async (t) => {
  t.throws(() => assertNever('x' as never, 'event'), /unexpected event: "x"/);
});

t.test('the spec and the code list the same event types', async (t) => {
  const spec = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const section3 = spec.slice(spec.indexOf('## 3. Events'), spec.indexOf('## 4. Ordering rules'));
  const documented = new Set(section3.match(/`(?:http|websocket|lifespan)\.[a-z.]+`/g)?.map((name) => name.slice(1, -1)));
  t.same([...documented].sort(), SAMPLES.map((event) => event.type).sort());
});

t.test('every app-to-server event is legal in some state of its machine', async (t) => {
  const legalFrom = {
    http: { 'http.response.start': 'idle', 'http.response.body': 'started', 'http.response.pathsend': 'started' },
    websocket: {
      'websocket.accept': 'handshake',
      'websocket.send': 'open',
      'websocket.close': 'open',
      'websocket.http.response.start': 'handshake',
      'websocket.http.response.body': 'denying',
    },
  } as const;
  for (const event of SAMPLES) {
    const kind = route(event);
    if (kind === 'http') t.doesNotThrow(() => stepHttpResponse(legalFrom.http[event.type as keyof typeof legalFrom.http], event), event.type);
    if (kind === 'websocket') t.doesNotThrow(() => stepWebSocket(legalFrom.websocket[event.type as keyof typeof legalFrom.websocket], event), event.type);
  }
});

t.test('every lifespan event is legal in the state where it belongs', async (t) => {
  const from = {
    'lifespan.startup': 'waiting-startup',
    'lifespan.startup.complete': 'starting',
    'lifespan.startup.failed': 'starting',
    'lifespan.shutdown': 'started',
    'lifespan.shutdown.complete': 'stopping',
    'lifespan.shutdown.failed': 'stopping',
  } as const;
  for (const event of SAMPLES.filter((e) => route(e) === 'lifespan')) {
    t.doesNotThrow(() => stepLifespan(from[event.type as keyof typeof from], event), event.type);
  }
});

t.test('a server-to-app connection event is never accepted from the app', async (t) => {
  for (const event of SAMPLES.filter((e) => route(e) === 'receive')) {
    const step = event.type.startsWith('http') ? () => stepHttpResponse('idle', event) : () => stepWebSocket('handshake', event);
    throwsRule(t, step, 'unknown-event', event.type);
  }
});
