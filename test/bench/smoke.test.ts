/**
 * The benchmark harness's smoke mode, as part of `npm test`: every peer is started in its own process,
 * its answers are checked against the contract (including the 422 and 400 cases), it is loaded for a
 * moment and stopped with SIGTERM. Peers that cannot run here (Debian packages, dataset or module
 * missing) must say why instead of failing.
 */
import t from 'tap';
import { peers } from '../../bench/peers/catalogue.js';
import { runSmoke, type SmokeReport } from '../../bench/smoke.js';

// Well under this on a quiet machine (~15 s); the margin is for a machine shared with other builds.
t.setTimeout(90000);
let reports: SmokeReport[] = [];
t.before(async () => {
  reports = await runSmoke({ loadSeconds: 1 });
});

for (const peer of peers) {
  t.test(`peer ${peer.name} answers the contract, takes load and exits 0 on SIGTERM, or says why it cannot run`, async (t) => {
    const report = reports.find((candidate) => candidate.peer === peer.name);
    t.ok(report, 'a report exists for the peer');
    const why = peer.unavailable();
    if (why) {
      t.equal(report!.status, 'absent', 'a peer that cannot run here is reported absent');
      t.equal(report!.detail, why, 'and the report says why');
    } else {
      t.equal(report!.status, 'ok', `${peer.name}: ${report!.detail}`);
    }
  });
}

t.test('the reference peers run on every machine', async (t) => {
  for (const name of ['uws', 'node-http', 'fastify']) {
    t.equal(reports.find((report) => report.peer === name)?.status, 'ok', `${name} ran`);
  }
});
