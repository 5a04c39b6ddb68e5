/**
 * The correctness checks that stand before every measurement: a peer with the contract's answers
 * passes them, a peer that answers wrongly fails them (so the smoke test can fail), and a difference
 * written down in peers/differences.ts is skipped for the peers it names and for no other.
 */
import t from 'tap';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPeer, checkRequests, staleDifferences } from '../../bench/checks.js';
import { knownDifferences } from '../../bench/peers/differences.js';
import { startPeer } from '../../bench/peer-process.js';
import { findPeer } from '../../bench/peers/catalogue.js';

t.setTimeout(60000);

/** A server that answers every request `200 {"api":"fastit"}`: fast because it checks nothing. */
async function carelessServer(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"api":"fastit"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

t.test('a peer with the contract answers passes every API check', async (t) => {
  const peer = await startPeer(findPeer('node-http'), 0);
  t.teardown(() => peer.stop());
  t.same(await checkPeer('api', `http://127.0.0.1:${peer.port}`, 'node-http'), []);
});

t.test('a peer that answers wrongly fails, each failure naming the request and what came back', async (t) => {
  const server = await carelessServer();
  t.teardown(() => server.close());
  const failures = await checkPeer('api', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'careless');
  t.ok(failures.some((line) => line.startsWith('GET /items/forty-two?q=x → 422: expected 422, got 200')), 'a non-integer id answered 200');
  t.ok(failures.some((line) => line.startsWith('GET /items/42?q=x → 200: expected {"item_id":42,"q":"x"}')), 'a wrong body');
  t.ok(failures.some((line) => line.startsWith('POST /echo (malformed JSON) → 400')), 'malformed JSON accepted');
  t.ok(failures.some((line) => line.startsWith('WS /ws answers a binary message')), 'no WebSocket echo');
  t.ok(failures.some((line) => line.startsWith('GET /items/9007199254740993 → 422')), 'a hostile id is checked for an unknown peer');
});

t.test('a listed difference is skipped for the peers it names only', async (t) => {
  const server = await carelessServer();
  t.teardown(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const asFastapi = await checkPeer('api', base, 'fastapi');
  t.notOk(asFastapi.some((line) => line.startsWith('GET /items/9007199254740993 ')), 'fastapi is not checked on an id past 2^53 (Python integers)');
  t.ok(asFastapi.some((line) => line.startsWith('GET /items/0x10 ')), 'but is on 0x10, listed for fastify only');
});

t.test('every difference on a contract request names a request the checks send', async (t) => {
  const requests = checkRequests('api');
  for (const difference of knownDifferences.filter((d) => d.expected !== 'not part of the contract')) {
    t.ok(requests.includes(difference.request), `"${difference.request}" is a checked request`);
  }
});

t.test('a listed difference a peer no longer shows is reported as stale', async (t) => {
  // node-http answers every contract request as the list says most peers do: posing as fastify, the
  // differences listed for fastify that are checked requests all come back as stale.
  const peer = await startPeer(findPeer('node-http'), 0);
  t.teardown(() => peer.stop());
  const stale = await staleDifferences('api', `http://127.0.0.1:${peer.port}`, 'fastify');
  t.same(stale.sort(), knownDifferences.filter((d) => 'fastify' in d.peers && checkRequests('api').includes(d.request)).map((d) => d.request).sort());
  t.same(await staleDifferences('api', `http://127.0.0.1:${peer.port}`, 'node-http'), [], 'nothing is listed for node-http');
});
