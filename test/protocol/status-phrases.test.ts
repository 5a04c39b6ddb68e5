import t from 'tap';
import { STATUS_PHRASES, statusPhrase } from '../../src/protocol/status-phrases.js';

t.test('registered codes get their IANA phrase', async (t) => {
  t.equal(statusPhrase(200), 'OK');
  t.equal(statusPhrase(404), 'Not Found');
  t.equal(statusPhrase(413), 'Content Too Large');
  t.equal(statusPhrase(422), 'Unprocessable Content');
  t.equal(statusPhrase(503), 'Service Unavailable');
});

t.test('unregistered codes get their class phrase', async (t) => {
  t.equal(statusPhrase(199), 'Informational');
  t.equal(statusPhrase(299), 'Success');
  t.equal(statusPhrase(399), 'Redirection');
  t.equal(statusPhrase(499), 'Client Error');
  t.equal(statusPhrase(599), 'Server Error');
});

t.test('every registered phrase belongs to a code from 100 to 599', async (t) => {
  for (const code of Object.keys(STATUS_PHRASES).map(Number)) {
    t.ok(code >= 100 && code <= 599, `${code}`);
    t.ok(STATUS_PHRASES[code]!.length > 0, `${code} has a phrase`);
  }
});
