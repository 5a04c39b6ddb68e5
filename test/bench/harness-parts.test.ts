/**
 * The harness's pure parts: the hand-written contract answers, reading wrk's report, medians, the
 * chart and the profile summary — each checked on fixed inputs.
 */
import t from 'tap';
import { answerEcho, answerItem } from '../../bench/peers/contract.js';
import { decodeSegment, queryValue } from '../../bench/peers/query-value.js';
import { parseWrk } from '../../bench/wrk.js';
import { median, rotated, type Row } from '../../bench/measure.js';
import { renderChart } from '../../bench/chart.js';
import { summarise } from '../../bench/profile.js';
import { floor } from '../../bench/report.js';

t.test('answerItem turns an integer id into a number and rejects anything else with 422', async (t) => {
  t.same(answerItem('42', 'x'), { status: 200, body: '{"item_id":42,"q":"x"}' });
  t.same(JSON.parse(answerItem('-7', null).body), { item_id: -7, q: null });
  for (const bad of ['4.2', 'abc', '1e3', '', ' ', '0x10', '1.', '_1', '1__0', '--1', '+-1', '\u0661']) t.equal(answerItem(bad, 'x').status, 422, `"${bad}" is not an integer`);
});

t.test('answerItem reads integers as Pydantic 2 and the tsgi framework do', async (t) => {
  const cases: Array<[string, number]> = [['+5', 5], [' 1 ', 1], ['007', 7], ['1_000', 1000], ['4.0', 4], ['4.00', 4], ['-0', 0], ['1234567890123456', 1234567890123456], ['-9007199254740991', -9007199254740991]];
  for (const [text, id] of cases) t.same(JSON.parse(answerItem(text, null).body), { item_id: id, q: null }, `"${text}" is ${id}`);
});

t.test('answerItem refuses an integer a JavaScript number would round, instead of answering another id', async (t) => {
  for (const big of ['9007199254740992', '123456789012345678', '9999999999999999999']) {
    t.equal(answerItem(big, null).status, 422, big);
  }
});

t.test('queryValue keeps the last value, reads a bare name as empty and decodes as URLSearchParams', async (t) => {
  t.equal(queryValue('q=a&q=b', 'q'), 'b');
  t.equal(queryValue('q', 'q'), '');
  t.equal(queryValue('q=a&q', 'q'), '');
  t.equal(queryValue('qq=a&x=1', 'q'), null);
  t.equal(queryValue('', 'q'), null);
  t.equal(queryValue('q=a+b%20c', 'q'), 'a b c');
  t.equal(queryValue('q=%E9', 'q'), '\ufffd', 'an invalid UTF-8 byte becomes U+FFFD');
  t.equal(queryValue('q=%zz', 'q'), '%zz', 'a malformed escape stays as sent');
  t.equal(queryValue('%71=z', 'q'), 'z', 'an encoded name is decoded too');
  t.equal(queryValue('q=a%26b&q2=c', 'q'), 'a&b');
});

t.test('decodeSegment decodes a path segment and leaves a malformed one as sent', async (t) => {
  t.equal(decodeSegment('42'), '42');
  t.equal(decodeSegment('%31'), '1');
  t.equal(decodeSegment('%2B5'), '+5');
  t.equal(decodeSegment('%zz'), '%zz');
  t.equal(decodeSegment('%E9'), '%E9');
});

t.test('answerEcho echoes a valid body, 422 for missing or non-string fields, 400 for malformed JSON', async (t) => {
  t.same(answerEcho('{"title":"a","description":"b","extra":1}'), { status: 200, body: '{"title":"a","description":"b"}' });
  t.equal(answerEcho('{"title":"a"}').status, 422);
  t.equal(answerEcho('{"title":1,"description":"b"}').status, 422);
  t.equal(answerEcho('[1]').status, 422);
  t.equal(answerEcho('{"title":').status, 400);
  t.equal(answerEcho('   ').status, 400, 'blank text is malformed JSON');
  t.same(JSON.parse(answerEcho('').body).detail[0], { loc: ['body'], msg: 'Field required', type: 'missing' }, 'no body at all is a missing body (422), as FastAPI says');
  t.equal(answerEcho('').status, 422);
  t.same(answerEcho('\ufeff{"title":"a","description":"b"}'), { status: 200, body: '{"title":"a","description":"b"}' }, 'a byte-order mark is skipped');
  t.same(JSON.parse(answerEcho('{"title":"a"}').body).detail[0].loc, ['body', 'description']);
});

const WRK_OUTPUT = `Running 5s test @ http://127.0.0.1:8000/
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   715.21us  200.11us   9.52ms   90.12%
    Req/Sec    88.91k     3.20k   92.11k    84.00%
  Latency Distribution
     50%  683.00us
     75%  750.00us
     90%  850.00us
     99%    1.52ms 
  442377 requests in 5.00s, 60.33MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  88475.40
Transfer/sec:     12.07MB
`;

t.test('parseWrk reads throughput, count, percentiles in any unit and failures', async (t) => {
  t.same(parseWrk(WRK_OUTPUT), { requestsPerSecond: 88475.4, requests: 442377, p50Ms: 0.683, p99Ms: 1.52, failures: 7 });
  t.equal(parseWrk(WRK_OUTPUT.replace('1.52ms', '1.20s')).p99Ms, 1200);
});

t.test('each round starts one peer further along, wrapping around', async (t) => {
  t.same(rotated(['uws', 'raw', 'tsgi'], 0), ['uws', 'raw', 'tsgi']);
  t.same(rotated(['uws', 'raw', 'tsgi'], 1), ['raw', 'tsgi', 'uws']);
  t.same(rotated(['uws', 'raw', 'tsgi'], 4), ['raw', 'tsgi', 'uws']);
  t.same(rotated([], 2), []);
});

t.test('median takes the middle of the numbers present and ignores nulls', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([null, 5]), 5);
  t.equal(median([null]), null);
});

t.test('renderChart draws one bar per API row with its share of uws', async (t) => {
  const row = (peer: string, unitsPerSecond: number): Row => ({ peer, scenario: 'GET /', family: 'api', unit: 'req', unitsPerSecond, p50Ms: 1, p99Ms: 2, cpuUsPerUnit: 10, failures: 0, samples: [unitsPerSecond] });
  const svg = renderChart([row('uws', 80000), row('tsgi', 60000)], 'a <title>');
  t.match(svg, /^<svg xmlns/);
  t.equal(svg.match(/<rect x=/g)?.length, 4, 'a throughput bar and a CPU bar per peer');
  t.match(svg, /75% · 60\.0k\/s/);
  t.match(svg, /a &lt;title&gt;/, 'text is escaped');
});

t.test('floor shows uws-async as a share of uws and the tsgi peers as a share of uws-async', async (t) => {
  const row = (peer: string, scenario: string, unitsPerSecond: number): Row => ({ peer, scenario, family: 'api', unit: 'req', unitsPerSecond, p50Ms: 1, p99Ms: 2, cpuUsPerUnit: 10, failures: 0, samples: [unitsPerSecond] });
  const text = floor([row('uws', 'GET /', 100000), row('uws-async', 'GET /', 80000), row('tsgi-raw', 'GET /', 72000), row('tsgi', 'GET /', 60000), row('uws', 'POST /echo', 50000)]);
  t.match(text, /\| GET \/ \| 80% \| 90% \| 75% \|/);
  t.notMatch(text, /POST \/echo/, 'a scenario without a uws-async row is left out');
  t.equal(floor([row('uws', 'GET /', 100000), row('tsgi', 'GET /', 60000)]), '', 'nothing without uws-async');
});

t.test('summarise ranks functions and files by self time', async (t) => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: 'route', url: 'file:///x/router.js', lineNumber: 9 } },
      { id: 3, callFrame: { functionName: 'send', url: 'file:///x/send.js', lineNumber: 0 } },
    ],
    samples: [3, 2, 2, 3, 2, 4],
    timeDeltas: [10, 10, 10, 10, 10, 10],
    startTime: 0,
    endTime: 60,
  };
  profile.nodes.push({ id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } });
  const text = summarise(profile, { windowMicros: 45, tailMicros: 0 });
  t.match(text, /JavaScript 80% of the window/, 'idle time is counted apart');
  t.match(text, /75\.0%\s+route\s+\S*router\.js:10/, 'the first sample falls outside the window');
  t.match(text, /25\.0%\s+send/);
});
