/**
 * The test client and the real server agree on WebSocket sessions: accept (with a subprotocol),
 * echo, the app's close code, both kinds of denial, and what the client sees when the app fails
 * before or after accepting (docs/protocol.md §3.2, §4.2, §4.4). Harness: server-parity.ts.
 */
import t from 'tap';
import type { App, WebSocketReceive, WebSocketScope, WebSocketSend } from '../../../src/protocol/index.js';
import { start } from '../../server/helpers.js';
import { webSocketViaServer, webSocketViaTestClient, type WebSocketOutcome, type WebSocketScript } from './server-parity.js';

type Session = (scope: WebSocketScope, receive: WebSocketReceive, send: WebSocketSend) => Promise<void>;

/** Echoes texts until "bye", then closes with 4000. */
async function echoUntilBye(receive: WebSocketReceive, send: WebSocketSend): Promise<void> {
  for (;;) {
    const event = await receive();
    if (event.type === 'websocket.disconnect') return;
    if (event.type !== 'websocket.receive' || event.text === undefined) continue;
    if (event.text === 'bye') return send({ type: 'websocket.close', code: 4000, reason: 'done' });
    await send({ type: 'websocket.send', text: `echo:${event.text}` });
  }
}

/** The sessions under test, by the first path segment. */
const SESSIONS: Record<string, Session> = {
  async echo(scope, receive, send) {
    await receive();
    await send({ type: 'websocket.accept', subprotocol: scope.subprotocols.includes('chat') ? 'chat' : null });
    await echoUntilBye(receive, send);
  },
  async 'chooses'(scope, receive, send) {
    // The subprotocol to choose is the query string: '' (none), or one the client may not have offered.
    await receive();
    await send({ type: 'websocket.accept', subprotocol: decodeURIComponent(scope.queryString) });
    await send({ type: 'websocket.close', code: 4001 });
  },
  async 'handshake-header'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.accept', headers: [['sec-websocket-accept', 'forged']] });
  },
  async 'close-before-accept'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.close' });
  },
  async 'denial-response'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.http.response.start', status: 401, headers: [['www-authenticate', 'Bearer']] });
    await send({ type: 'websocket.http.response.body', body: 'no ', moreBody: true });
    await send({ type: 'websocket.http.response.body', body: 'token' });
  },
  async 'throws-before-accept'(_scope, receive) {
    await receive();
    throw new Error('refused by a bug');
  },
  async 'returns-without-handshake'(_scope, receive) {
    await receive();
  },
  async 'returns-mid-denial'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.http.response.start', status: 401 });
    await send({ type: 'websocket.http.response.body', body: 'half', moreBody: true });
  },
  async 'send-before-accept'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.send', text: 'too early' });
  },
  async 'throws-after-accept'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.accept' });
    const event = await receive();
    if (event.type === 'websocket.receive') await send({ type: 'websocket.send', text: `got:${event.text}` });
    throw new Error('handler failed after accepting');
  },
  async 'returns-after-accept'(_scope, receive, send) {
    await receive();
    await send({ type: 'websocket.accept' });
    const event = await receive();
    if (event.type === 'websocket.receive') await send({ type: 'websocket.send', text: `last:${event.text}` });
  },
};

const app: App = async (scope, receive, send) => {
  if (scope.type !== 'websocket') return;
  const session = SESSIONS[scope.path.split('/')[1] ?? ''];
  if (session === undefined) throw new Error(`no session for ${scope.path}`);
  await session(scope, receive as WebSocketReceive, send as WebSocketSend);
};

/** [what the test says, script, expected outcome]. */
const CASES: Array<[string, WebSocketScript, WebSocketOutcome]> = [
  ['an echo session with a chosen subprotocol ends with the app\'s close code', { path: '/echo', subprotocols: ['other', 'chat'], texts: ['a', 'b', 'bye'] }, { kind: 'accepted', subprotocol: 'chat', replies: ['echo:a', 'echo:b'], code: 4000 }],
  ['an echo session without subprotocols accepts with none', { path: '/echo', texts: ['x', 'bye'] }, { kind: 'accepted', subprotocol: null, replies: ['echo:x'], code: 4000 }],
  ['an empty subprotocol chooses none', { path: '/chooses?', texts: [] }, { kind: 'accepted', subprotocol: null, replies: [], code: 4001 }],
  ['a subprotocol the client did not offer fails the upgrade', { path: '/chooses?v2', subprotocols: ['chat'], texts: [] }, { kind: 'failed-before-accept' }],
  ['an accept header the handshake writes itself fails the upgrade', { path: '/handshake-header', texts: [] }, { kind: 'failed-before-accept' }],
  ['a close before accept denies the upgrade with 403', { path: '/close-before-accept', texts: [] }, { kind: 'denied', status: 403 }],
  ['a denial response is the app\'s own status', { path: '/denial-response', texts: [] }, { kind: 'denied', status: 401 }],
  ['an app that throws before accepting fails the upgrade', { path: '/throws-before-accept', texts: [] }, { kind: 'failed-before-accept' }],
  ['an app that returns without answering is refused with 403', { path: '/returns-without-handshake', texts: [] }, { kind: 'denied', status: 403 }],
  ['an app that returns mid-denial is refused with 403', { path: '/returns-mid-denial', texts: [] }, { kind: 'denied', status: 403 }],
  ['a send before accept fails the upgrade', { path: '/send-before-accept', texts: [] }, { kind: 'failed-before-accept' }],
  ['an app that throws after accepting is closed with 1011', { path: '/throws-after-accept', texts: ['x'] }, { kind: 'accepted', subprotocol: null, replies: ['got:x'], code: 1011 }],
  ['an app that returns after accepting is closed with 1000', { path: '/returns-after-accept', texts: ['y'] }, { kind: 'accepted', subprotocol: null, replies: ['last:y'], code: 1000 }],
];

t.test('the test client and the real server agree, session by session', async (t) => {
  const server = await start(app, { lifespan: 'off' });
  t.teardown(() => server.close());
  for (const [what, script, expected] of CASES) {
    const inProcess = await webSocketViaTestClient(app, script);
    const overSocket = await webSocketViaServer(server.port, script);
    t.same(inProcess, overSocket, what);
    t.same(overSocket, expected, `${what}: as the spec says`);
  }
});
