/**
 * The service's configuration: every setting read from an environment variable, most also from a
 * command-line flag (a flag wins over the variable, the variable over the default).
 *
 * The settings are one table of data — name, variable, flag, default, parser, description — so the
 * parser, the `--help` text and the README table (`settingsTable()`) cannot disagree. API keys are
 * read from the environment only: a flag would show them to anyone who can list processes.
 */
import { ConfigError } from './errors.js';

/** A rate limit: at most `requests` per `windowSeconds` per client. */
export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

/** Every setting of the service, parsed. */
export interface ClassifierConfig {
  host: string;
  port: number;
  workers: number;
  modelsDir: string;
  /** The model id served by `/predict`; `undefined` means the newest version. */
  defaultModel: string | undefined;
  batching: boolean;
  maxBatchSize: number;
  maxWaitMs: number;
  maxQueue: number;
  /** onnxruntime intra-op threads per run (1 by default: scale with workers, not threads). */
  intraOpThreads: number;
  bodyLimit: number;
  database: string;
  /** Below this top probability the prediction is `other`; `undefined` means no threshold. */
  threshold: number | undefined;
  apiKeys: string[];
  rateLimit: RateLimit | undefined;
  predictionLog: string | undefined;
  corsOrigins: string[];
}

interface Setting<K extends keyof ClassifierConfig> {
  key: K;
  env: string;
  flag?: string;
  default: string;
  parse: (raw: string, env: string) => ClassifierConfig[K];
  description: string;
}

/**
 * A value that cannot be left empty: an empty `TAGIFAI_HOST=` (a blank line in an env file) would
 * otherwise reach the server as "" and listen on every interface, the opposite of the default.
 */
function nonEmpty(what: string) {
  return (raw: string, env: string): string => {
    if (raw.trim() === '') throw new ConfigError(env, raw, what);
    return raw;
  };
}
const optionalText = (raw: string) => (raw === '' ? undefined : raw);
const list = (raw: string) => raw.split(',').map((item) => item.trim()).filter((item) => item !== '');

/**
 * API keys: a list whose keys can be sent at all. A key is read from `Authorization: Bearer <key>`
 * up to the first space, so a key with a space (or any character outside visible ASCII) could never
 * match: that is a typo in the setting, refused here rather than at every request. The value is
 * not echoed in the error (it is a secret); the key's position is.
 */
function apiKeys(raw: string, env: string): string[] {
  const keys = list(raw);
  const bad = keys.findIndex((key) => !/^[\x21-\x7e]+$/.test(key));
  if (bad >= 0) throw new ConfigError(env, `<key ${bad + 1} of ${keys.length}>`, 'keys of visible ASCII characters without spaces, separated by commas');
  return keys;
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string, env: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) throw new ConfigError(env, raw, `an integer from ${min} to ${max}`);
    return value;
  };
}

function onOff(raw: string, env: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ConfigError(env, raw, 'on or off');
}

function probability(raw: string, env: string): number | undefined {
  if (raw === '') return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new ConfigError(env, raw, 'a number from 0 to 1');
  return value;
}

const WINDOWS: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/** Parses `off`, `60` (per minute), `100/second`, `100/minute` or `100/hour`. */
export function parseRateLimit(raw: string, env = 'rate limit'): RateLimit | undefined {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'off') return undefined;
  const match = /^(\d+)(?:\/(second|minute|hour))?$/.exec(value);
  if (match === null || Number(match[1]) < 1) throw new ConfigError(env, raw, 'off, N (per minute), N/second, N/minute or N/hour, with N ≥ 1');
  return { requests: Number(match[1]), windowSeconds: WINDOWS[match[2] ?? 'minute']! };
}

/**
 * Largest body limit accepted: 1 GiB. A request body is held in memory whole, and the server's hard
 * limit is 4× this (`SERVER_BODY_LIMIT_FACTOR`); a larger setting is a typo, not a limit.
 */
export const MAX_BODY_LIMIT = 1024 * 1024 * 1024;

/** Parses a byte size: `10485760`, `512kb`, `10mb` (from 1 byte to `MAX_BODY_LIMIT`). */
export function parseByteSize(raw: string, env = 'size'): number {
  const match = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i.exec(raw.trim());
  const unit = (match?.[2] ?? 'b').toLowerCase();
  const scale = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  const bytes = match === null ? NaN : Number(match[1]) * scale;
  if (!(bytes >= 1 && bytes <= MAX_BODY_LIMIT)) throw new ConfigError(env, raw, 'a byte count from 1 to 1024mb, such as 10485760, 512kb or 10mb');
  return bytes;
}

/** The settings table: the single source for parsing, `--help` and the README. */
export const SETTINGS: ReadonlyArray<Setting<keyof ClassifierConfig>> = [
  { key: 'host', env: 'TAGIFAI_HOST', flag: '--host', default: '127.0.0.1', parse: nonEmpty('an address such as 127.0.0.1, or 0.0.0.0 for every interface'), description: 'Address to listen on (`0.0.0.0` for every interface).' },
  { key: 'port', env: 'TAGIFAI_PORT', flag: '--port', default: '8000', parse: integer(0, 65535), description: 'TCP port (0 picks a free one).' },
  { key: 'workers', env: 'TAGIFAI_WORKERS', flag: '--workers', default: '1', parse: integer(1, 64), description: 'Worker processes, each with its own copy of the model.' },
  { key: 'modelsDir', env: 'TAGIFAI_MODELS_DIR', flag: '--models-dir', default: 'models/tagifai', parse: nonEmpty('a folder of model versions'), description: 'Folder of model versions (`v1/`, `v2/`, ...).' },
  { key: 'defaultModel', env: 'TAGIFAI_DEFAULT_MODEL', flag: '--model', default: '', parse: optionalText, description: 'Model id served by `/predict`; empty = the newest version.' },
  { key: 'batching', env: 'TAGIFAI_BATCHING', flag: '--batching', default: 'on', parse: onOff, description: 'Adaptive micro-batching of concurrent predictions (`on`/`off`).' },
  { key: 'maxBatchSize', env: 'TAGIFAI_MAX_BATCH_SIZE', flag: '--max-batch-size', default: '64', parse: integer(1, 4096), description: 'Most items coalesced into one model run.' },
  { key: 'maxWaitMs', env: 'TAGIFAI_MAX_WAIT_MS', flag: '--max-wait-ms', default: '0', parse: integer(0, 1000), description: 'How long an idle batcher lingers for company (0 = dispatch at once; requests arriving during a run still share the next one).' },
  { key: 'maxQueue', env: 'TAGIFAI_MAX_QUEUE', flag: '--max-queue', default: '4096', parse: integer(1), description: 'Items allowed to wait for the model; beyond it requests get 503 + `Retry-After`.' },
  { key: 'intraOpThreads', env: 'TAGIFAI_INTRA_OP_THREADS', flag: '--intra-op-threads', default: '1', parse: integer(1, 64), description: 'onnxruntime threads per model run; 1 leaves the other cores to other workers.' },
  { key: 'bodyLimit', env: 'TAGIFAI_BODY_LIMIT', flag: '--body-limit', default: '10mb', parse: parseByteSize, description: 'Largest request body; larger → 413 (split big batches).' },
  { key: 'database', env: 'TAGIFAI_DB', flag: '--db', default: 'data/predictions.sqlite', parse: nonEmpty('a SQLite file path'), description: 'SQLite file written by `npm run batch` and read by `GET /predictions/{project_id}`.' },
  { key: 'threshold', env: 'TAGIFAI_THRESHOLD', flag: '--threshold', default: '', parse: probability, description: 'Top probability below which the label is `other`; empty = no threshold (the top label always wins).' },
  { key: 'apiKeys', env: 'TAGIFAI_API_KEYS', default: '', parse: apiKeys, description: 'Comma-separated API keys; when set, prediction endpoints need `Authorization: Bearer <key>` (environment only).' },
  { key: 'rateLimit', env: 'TAGIFAI_RATE_LIMIT', flag: '--rate-limit', default: 'off', parse: parseRateLimit, description: 'Per-client limit on prediction requests: `off`, `N` (per minute), `N/second`, `N/minute` or `N/hour`.' },
  { key: 'predictionLog', env: 'TAGIFAI_PREDICTION_LOG', flag: '--prediction-log', default: '', parse: optionalText, description: 'File to append one JSON line per prediction (off when empty).' },
  { key: 'corsOrigins', env: 'TAGIFAI_CORS_ORIGINS', flag: '--cors-origins', default: '', parse: list, description: 'Comma-separated origins allowed by CORS (`*` for any); empty = CORS off.' },
];

/**
 * How many times the app's body limit the server's own hard limit is.
 *
 * Two limits guard a body. The app's (`bodyLimit`) is the one clients should meet: its 413 goes
 * through the middleware (CORS headers, the request counted in the metrics) and reads
 * `{"detail"}` on REST, `{"error"}` on V2. The app decides from a declared `Content-Length`
 * before keeping any of the body, or the moment a chunked body passes the limit, and drops the
 * rest as it arrives. The server's (`maxBodySize`) answers before the app with a bare
 * `{"error": {"code": "body-too-large", ...}}`, so it sits above the app's: it only meets bodies
 * declared over 4× the limit, and ends a client that keeps streaming past 4×.
 */
export const SERVER_BODY_LIMIT_FACTOR = 4;

/** The server's hard body limit for a configuration (see `SERVER_BODY_LIMIT_FACTOR`). */
export function serverBodyLimit(config: Pick<ClassifierConfig, 'bodyLimit'>): number {
  return config.bodyLimit * SERVER_BODY_LIMIT_FACTOR;
}

/**
 * Reads the configuration from flags and environment variables.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.argv.slice(2), process.env);
 * ```
 */
export function loadConfig(argv: readonly string[] = [], env: Record<string, string | undefined> = {}): ClassifierConfig {
  const flags = parseFlags(argv);
  const config: Partial<Record<keyof ClassifierConfig, unknown>> = {};
  for (const setting of SETTINGS) {
    const fromFlag = setting.flag === undefined ? undefined : flags.get(setting.flag);
    const raw = fromFlag ?? env[setting.env] ?? setting.default;
    config[setting.key] = setting.parse(raw, fromFlag === undefined ? setting.env : setting.flag!);
  }
  return config as ClassifierConfig;
}

/** `--name value` and `--name=value` pairs; an unknown flag is an error, not silently ignored. */
function parseFlags(argv: readonly string[]): Map<string, string> {
  const known = new Set(SETTINGS.flatMap((setting) => (setting.flag === undefined ? [] : [setting.flag])));
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!known.has(name)) throw new ConfigError('flag', arg, `one of ${[...known].join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(name, '', 'a value after the flag');
    flags.set(name, value);
  }
  return flags;
}

/**
 * The settings as a Markdown table, for the README and docs/classifier.md. A description must not
 * contain `|`: even inside backticks it ends the table cell (config.test.ts checks every row).
 */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.env}\` | ${s.flag === undefined ? '—' : `\`${s.flag}\``} | ${s.default === '' ? '(empty)' : `\`${s.default}\``} | ${s.description} |`);
  return ['| variable | flag | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
