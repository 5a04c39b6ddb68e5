import t from 'tap';
import { loadConfig, MAX_BODY_LIMIT, parseByteSize, parseRateLimit, settingsTable, SETTINGS } from '../../src/classifier/config.js';
import { ConfigError } from '../../src/classifier/errors.js';

t.test('uses the documented defaults when nothing is set', async (t) => {
  const config = loadConfig([], {});
  t.match(config, {
    host: '127.0.0.1', port: 8000, workers: 1, modelsDir: 'models/tagifai', defaultModel: undefined,
    batching: true, maxBatchSize: 64, maxWaitMs: 0, maxQueue: 4096, bodyLimit: 10 * 1024 * 1024,
    database: 'data/predictions.sqlite', threshold: undefined, apiKeys: [], rateLimit: undefined,
    predictionLog: undefined, corsOrigins: [],
  });
});

t.test('reads environment variables', async (t) => {
  const config = loadConfig([], {
    TAGIFAI_PORT: '9000', TAGIFAI_BATCHING: 'off', TAGIFAI_API_KEYS: 'a, b,,', TAGIFAI_RATE_LIMIT: '5/second',
    TAGIFAI_THRESHOLD: '0.4', TAGIFAI_BODY_LIMIT: '512kb', TAGIFAI_CORS_ORIGINS: 'https://x.test',
  });
  t.equal(config.port, 9000);
  t.equal(config.batching, false);
  t.same(config.apiKeys, ['a', 'b']);
  t.same(config.rateLimit, { requests: 5, windowSeconds: 1 });
  t.equal(config.threshold, 0.4);
  t.equal(config.bodyLimit, 512 * 1024);
  t.same(config.corsOrigins, ['https://x.test']);
});

t.test('a flag wins over the environment, in both --flag value and --flag=value forms', async (t) => {
  const config = loadConfig(['--port', '7000', '--model=v1'], { TAGIFAI_PORT: '9000' });
  t.equal(config.port, 7000);
  t.equal(config.defaultModel, 'v1');
});

t.test('a bad value names the setting and what was expected', async (t) => {
  t.throws(() => loadConfig([], { TAGIFAI_PORT: 'eighty' }), { name: 'ConfigError', message: /TAGIFAI_PORT="eighty": expected an integer/ });
  t.throws(() => loadConfig(['--threshold', '2']), /--threshold="2": expected a number from 0 to 1/);
  t.throws(() => loadConfig([], { TAGIFAI_BATCHING: 'maybe' }), ConfigError);
});

t.test('an unknown flag or a flag without value is refused', async (t) => {
  t.throws(() => loadConfig(['--prot', '1']), /flag="--prot"/);
  t.throws(() => loadConfig(['--port']), /a value after the flag/);
  t.throws(() => loadConfig(['--api-keys', 'secret']), /flag="--api-keys"/, 'keys are environment-only');
});

t.test('rate limits and byte sizes parse their short forms', async (t) => {
  t.equal(parseRateLimit('off'), undefined);
  t.same(parseRateLimit('60'), { requests: 60, windowSeconds: 60 });
  t.same(parseRateLimit('1000/hour'), { requests: 1000, windowSeconds: 3600 });
  t.throws(() => parseRateLimit('0/minute'), ConfigError);
  t.equal(parseByteSize('10mb'), 10485760);
  t.equal(parseByteSize('100'), 100);
  t.throws(() => parseByteSize('ten'), ConfigError);
});

t.test('an empty host, models folder or database is refused, not turned into every interface or the working directory', async (t) => {
  t.throws(() => loadConfig([], { TAGIFAI_HOST: '' }), { name: 'ConfigError', message: /TAGIFAI_HOST="": expected an address/ });
  t.throws(() => loadConfig(['--host', '  ']), /--host="  ": expected an address/);
  t.throws(() => loadConfig([], { TAGIFAI_MODELS_DIR: '' }), /TAGIFAI_MODELS_DIR="": expected a folder/);
  t.throws(() => loadConfig([], { TAGIFAI_DB: '' }), /TAGIFAI_DB="": expected a SQLite file/);
  t.equal(loadConfig([], { TAGIFAI_HOST: '0.0.0.0' }).host, '0.0.0.0');
});

t.test('an API key that could never be sent (a space inside, a non-ASCII character) is refused without echoing it', async (t) => {
  t.throws(() => loadConfig([], { TAGIFAI_API_KEYS: 'good-key,my secret' }), { name: 'ConfigError', message: 'TAGIFAI_API_KEYS="<key 2 of 2>": expected keys of visible ASCII characters without spaces, separated by commas' });
  t.throws(() => loadConfig([], { TAGIFAI_API_KEYS: 'clé' }), /<key 1 of 1>/);
  t.notMatch(String((() => { try { loadConfig([], { TAGIFAI_API_KEYS: 'my secret' }); } catch (e) { return e; } })()), /secret/);
  t.same(loadConfig([], { TAGIFAI_API_KEYS: ' a1/b2+c3==, d4_e5 ' }).apiKeys, ['a1/b2+c3==', 'd4_e5']);
});

t.test('a body limit past 1 GiB is refused rather than read as a number that has lost its digits', async (t) => {
  t.equal(parseByteSize('1024mb'), MAX_BODY_LIMIT);
  t.throws(() => parseByteSize('1025mb', 'TAGIFAI_BODY_LIMIT'), /TAGIFAI_BODY_LIMIT="1025mb": expected a byte count from 1 to 1024mb/);
  t.throws(() => loadConfig([], { TAGIFAI_BODY_LIMIT: '99999999999999999999' }), ConfigError);
  t.throws(() => parseByteSize('0kb'), ConfigError);
});

t.test('the settings table lists every variable, including the required ones', async (t) => {
  const table = settingsTable();
  for (const setting of SETTINGS) t.match(table, setting.env);
  for (const needed of ['HOST', 'PORT', 'WORKERS', 'DEFAULT_MODEL', 'BATCHING', 'MAX_BATCH_SIZE', 'MAX_WAIT_MS', 'BODY_LIMIT', 'DB', 'THRESHOLD', 'API_KEYS', 'RATE_LIMIT', 'PREDICTION_LOG', 'CORS_ORIGINS']) {
    t.match(table, `TAGIFAI_${needed}\``);
  }
});

t.test('docs/classifier.md and README.md carry the current settings table', async (t) => {
  const { readFileSync } = await import('node:fs');
  for (const file of ['docs/classifier.md', 'README.md']) {
    t.ok(readFileSync(file, 'utf8').includes(settingsTable()), `regenerate the table in ${file} from settingsTable()`);
  }
});

t.test('every row of the settings table has exactly four cells: no cell holds an unescaped |', async (t) => {
  // Markdown ends a table cell at any `|` not preceded by a backslash, inside backticks too.
  const cellsOf = (row: string) => row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
  for (const row of settingsTable().split('\n')) t.equal(cellsOf(row).length, 4, row);
});

t.test('the database setting names the route it feeds, GET /predictions/{project_id}', async (t) => {
  const database = SETTINGS.find((setting) => setting.env === 'TAGIFAI_DB')!;
  t.match(database.description, '`GET /predictions/{project_id}`');
});

t.test('a bad rate limit names every accepted form', async (t) => {
  t.throws(() => parseRateLimit('5/day', 'TAGIFAI_RATE_LIMIT'), { message: /expected off, N \(per minute\), N\/second, N\/minute or N\/hour, with N ≥ 1/ });
});
