import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_START_KEYWORDS, DEFAULT_STOP_KEYWORDS, foldReply } from '../shared/opt-out-keywords';
import { PROVIDER_IDS } from '../shared/providers';
import type { EngineConfig } from './mailings/engine-config';
import { parseQuietWindow } from './mailings/quiet-hours';
import { SANDBOX_FEATURES } from './providers/sandbox-features';

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as RU')
  .transform((c) => c.toUpperCase());
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const list = z.union([
  z.array(z.string()),
  z.string().transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
]);
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const keywords = (defaults: readonly string[]) =>
  list.pipe(z.array(z.string().refine((k) => foldReply(k) !== '', 'each keyword must hold a letter or a digit'))).default([...defaults]);
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: int(0, 65535).default(8787),
  dataDir: z.string().min(1).default('./data'),
  /** The relay's address as providers can reach it, for delivery callbacks. */
  publicUrl: url.optional(),
  /** Part of every callback URL; generated and kept in the data directory when not set. */
  callbackSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,}$/, 'must be at least 16 letters, digits, "-" or "_"')
    .optional(),
  /** Origins allowed besides browser extensions, e.g. https://crm.example.com. */
  corsOrigins: list.default([]),
  bodyLimitBytes: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  /** A request whose headers and body have not all arrived by then is cut off (a slow client cannot hold a connection). */
  requestTimeoutSeconds: int(1, 3_600).default(30),
  defaultCountry: countryCode.default('RU'),
  /** Countries SMS may go to: "*" for any. */
  allowedCountries: z
    .preprocess(
      (v) =>
        typeof v === 'string' && v.trim() !== '*'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : typeof v === 'string'
            ? '*'
            : v,
      z.union([z.literal('*'), z.array(countryCode).min(1)], { error: 'must be "*" or a comma-separated list of two-letter country codes' }),
    )
    .default(['RU', 'KZ', 'BY']),
  /** Serve the demo CRM at /demo/ (for trying the extension). */
  demoCrm: flag.default(true),
  /** Largest CSV file POST /api/contacts/import takes. */
  importLimitBytes: int(1024, 512 * 1024 * 1024).default(50 * 1024 * 1024),
  mailing: z
    .strictObject({
      /** Messages per second to the provider, in any one-second window; 0: no limit. */
      ratePerSecond: int(0, 1_000_000).default(30),
      concurrency: int(1, 64).default(4),
      maxAttempts: int(1, 20).default(3),
      retryBaseMs: int(0, 3_600_000).default(2_000),
      errorRateThreshold: z.coerce.number().min(0).max(1).default(0.5),
      errorRateWindow: int(1, 100_000).default(50),
      /** "21:00-09:00": mass SMS wait for the end of the window, in the recipient's time zone where known. Empty: off. */
      quietHours: z
        .string()
        .trim()
        .refine((v) => v === '' || parseQuietWindow(v) !== null, 'must be like 21:00-09:00, or empty to turn quiet hours off')
        .default(''),
      startGraceMinutes: int(0, 10_080).default(30),
      budgetCap: z.coerce.number().positive('must be a positive amount').optional(),
      schedulerTickMs: int(50, 600_000).default(1_000),
      /** How long after a mailing ends (or the relay starts) it asks the provider about unknown recipients; providers need a minute to say "not sent". */
      unknownLookupSeconds: int(0, 86_400).default(90),
    })
    .prefault({}),
  /** Replies that are one of these words, whatever their case and punctuation, put the number on the stop list (stop) or take it off (start). */
  optOut: z
    .strictObject({ stopKeywords: keywords(DEFAULT_STOP_KEYWORDS), startKeywords: keywords(DEFAULT_START_KEYWORDS) })
    .refine((o) => !o.stopKeywords.some((k) => o.startKeywords.some((s) => foldReply(s) === foldReply(k))), {
      error: 'a keyword cannot both stop and start',
      path: ['startKeywords'],
    })
    .prefault({}),
  /** How often non-final messages are checked with the provider; 0 turns polling off. */
  statusPollSeconds: int(0, 86_400).default(60),
  /** How often the stop list is synced with the provider's own (pulled, owed pushes pushed again); 0: only at start, on change and when asked. */
  stopListSyncMinutes: int(0, 10_080).default(60),
  provider: z.enum(PROVIDER_IDS).default('sandbox'),
  providerTimeoutMs: int(100, 120_000).default(15_000),
  sandbox: z
    .strictObject({
      failRate: z.coerce.number().min(0).max(1).default(0.1),
      /** A message is reported sent this long after the send, delivered (or failed) this long after it; the relay asks the sandbox at that pace. */
      sentAfterMs: int(0, 3_600_000).default(1_000),
      deliveredAfterMs: int(0, 3_600_000).default(7_000),
      /** What it has to spend, in RUB: a message it does not cover is refused as "insufficient funds". */
      balance: z.coerce.number().min(0).default(1_000),
      pricePerPart: z.coerce.number().min(0).default(2.5),
      /** What it pretends to lack, to see the app with a provider that does not report it: "cost", "balance", "status". */
      without: list
        .pipe(z.array(z.enum(SANDBOX_FEATURES, { error: `must be a comma-separated list of ${SANDBOX_FEATURES.map((f) => `"${f}"`).join(', ')}` })))
        .default([]),
      /** Share of mailing recipients that answer (a second after delivery), 0…1; of those answers, the share that are «СТОП». */
      replyRate: z.coerce.number().min(0).max(1).default(0),
      stopShare: z.coerce.number().min(0).max(1).default(0),
    })
    .prefault({}),
  smsru: z
    .strictObject({
      apiId: z.string().min(1).optional(),
      from: z.string().min(1).optional(),
      test: flag.default(false),
      baseUrl: url.default('https://sms.ru'),
    })
    .prefault({}),
  smsc: z
    .strictObject({
      login: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      apiKey: z.string().min(1).optional(),
      sender: z.string().min(1).optional(),
      baseUrl: url.default('https://smsc.ru'),
    })
    .prefault({}),
  smsaero: z
    .strictObject({
      email: z.string().min(1).optional(),
      apiKey: z.string().min(1).optional(),
      sign: z.string().min(1).optional(),
      baseUrl: url.default('https://gate.smsaero.ru/v2'),
    })
    .prefault({}),
  twilio: z
    .strictObject({
      accountSid: z.string().min(1).optional(),
      authToken: z.string().min(1).optional(),
      from: z.string().min(1).optional(),
      messagingServiceSid: z.string().min(1).optional(),
      baseUrl: url.default('https://api.twilio.com'),
    })
    .prefault({}),
});

export type RelayConfig = z.infer<typeof configSchema>;

/** Each environment variable and the setting (path in the config file) it sets. */
export const ENV_SETTINGS = {
  HOST: 'host',
  PORT: 'port',
  DATA_DIR: 'dataDir',
  PUBLIC_URL: 'publicUrl',
  CALLBACK_SECRET: 'callbackSecret',
  CORS_ORIGINS: 'corsOrigins',
  BODY_LIMIT_BYTES: 'bodyLimitBytes',
  REQUEST_TIMEOUT_SECONDS: 'requestTimeoutSeconds',
  DEFAULT_COUNTRY: 'defaultCountry',
  ALLOWED_COUNTRIES: 'allowedCountries',
  DEMO_CRM: 'demoCrm',
  IMPORT_LIMIT_BYTES: 'importLimitBytes',
  MAILING_RATE_PER_SECOND: 'mailing.ratePerSecond',
  MAILING_CONCURRENCY: 'mailing.concurrency',
  MAILING_MAX_ATTEMPTS: 'mailing.maxAttempts',
  MAILING_RETRY_BASE_MS: 'mailing.retryBaseMs',
  MAILING_ERROR_RATE_THRESHOLD: 'mailing.errorRateThreshold',
  MAILING_ERROR_RATE_WINDOW: 'mailing.errorRateWindow',
  QUIET_HOURS: 'mailing.quietHours',
  MAILING_START_GRACE_MINUTES: 'mailing.startGraceMinutes',
  MAILING_BUDGET_CAP: 'mailing.budgetCap',
  SCHEDULER_TICK_MS: 'mailing.schedulerTickMs',
  MAILING_UNKNOWN_LOOKUP_SECONDS: 'mailing.unknownLookupSeconds',
  OPT_OUT_STOP_KEYWORDS: 'optOut.stopKeywords',
  OPT_OUT_START_KEYWORDS: 'optOut.startKeywords',
  STATUS_POLL_SECONDS: 'statusPollSeconds',
  STOP_LIST_SYNC_MINUTES: 'stopListSyncMinutes',
  PROVIDER: 'provider',
  PROVIDER_TIMEOUT_MS: 'providerTimeoutMs',
  SANDBOX_FAIL_RATE: 'sandbox.failRate',
  SANDBOX_SENT_AFTER_MS: 'sandbox.sentAfterMs',
  SANDBOX_DELIVERED_AFTER_MS: 'sandbox.deliveredAfterMs',
  SANDBOX_BALANCE: 'sandbox.balance',
  SANDBOX_PRICE_PER_PART: 'sandbox.pricePerPart',
  SANDBOX_WITHOUT: 'sandbox.without',
  SANDBOX_REPLY_RATE: 'sandbox.replyRate',
  SANDBOX_STOP_SHARE: 'sandbox.stopShare',
  SMSRU_API_ID: 'smsru.apiId',
  SMSRU_FROM: 'smsru.from',
  SMSRU_TEST: 'smsru.test',
  SMSRU_BASE_URL: 'smsru.baseUrl',
  SMSC_LOGIN: 'smsc.login',
  SMSC_PASSWORD: 'smsc.password',
  SMSC_API_KEY: 'smsc.apiKey',
  SMSC_SENDER: 'smsc.sender',
  SMSC_BASE_URL: 'smsc.baseUrl',
  SMSAERO_EMAIL: 'smsaero.email',
  SMSAERO_API_KEY: 'smsaero.apiKey',
  SMSAERO_SIGN: 'smsaero.sign',
  SMSAERO_BASE_URL: 'smsaero.baseUrl',
  TWILIO_ACCOUNT_SID: 'twilio.accountSid',
  TWILIO_AUTH_TOKEN: 'twilio.authToken',
  TWILIO_FROM: 'twilio.from',
  TWILIO_MESSAGING_SERVICE_SID: 'twilio.messagingServiceSid',
  TWILIO_BASE_URL: 'twilio.baseUrl',
} as const;

const envNameOf = (path: string) => Object.entries(ENV_SETTINGS).find(([, p]) => p === path)?.[0];

/** Settings each provider cannot work without, beyond the schema's own rules. */
const REQUIRED_FOR_PROVIDER: Record<string, (c: RelayConfig) => string[]> = {
  smsru: (c) => (c.smsru.apiId ? [] : ['smsru.apiId']),
  smsc: (c) => (c.smsc.login && (c.smsc.password || c.smsc.apiKey) ? [] : c.smsc.login ? ['smsc.password'] : ['smsc.login']),
  smsaero: (c) => [c.smsaero.email ? '' : 'smsaero.email', c.smsaero.apiKey ? '' : 'smsaero.apiKey'].filter(Boolean),
  twilio: (c) =>
    [
      c.twilio.accountSid ? '' : 'twilio.accountSid',
      c.twilio.authToken ? '' : 'twilio.authToken',
      c.twilio.from || c.twilio.messagingServiceSid ? '' : 'twilio.from',
    ].filter(Boolean),
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * Reads the configuration once: the JSON file named by CONFIG_FILE (or ./relay.config.json when it
 * exists), then environment variables over it. Throws ConfigError naming the first bad setting.
 */
export function loadConfig({ env, cwd }: ConfigSources): RelayConfig {
  const raw = readConfigFile(env.CONFIG_FILE ? resolve(cwd, env.CONFIG_FILE) : resolve(cwd, 'relay.config.json'), Boolean(env.CONFIG_FILE));
  for (const [name, path] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, value);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const where = path ? `in "${path}" ` : '';
      throw new ConfigError(`Unknown setting ${where}${issue.keys.map((k) => `"${k}"`).join(', ')}: see the README for the settings there are`);
    }
    throw new ConfigError(`Setting ${describe(path)}: ${issue.message}`);
  }
  const config = parsed.data;
  const missing = REQUIRED_FOR_PROVIDER[config.provider]?.(config) ?? [];
  if (missing.length > 0) {
    throw new ConfigError(`Setting ${describe(missing[0]!)} is required when the provider is "${config.provider}"`);
  }
  return { ...config, dataDir: resolve(cwd, config.dataDir) };
}

/** A setting as the admin knows it: its path in the file and its environment variable. */
function describe(issuePath: string): string {
  const path = issuePath.replace(/\.\d+$/, '');
  const envName = envNameOf(path);
  return envName ? `"${path}" (env ${envName})` : `"${path}"`;
}

function readConfigFile(file: string, mustExist: boolean): Record<string, unknown> {
  if (!existsSync(file)) {
    if (mustExist) throw new ConfigError(`Config file ${file} (CONFIG_FILE) does not exist`);
    return {};
  }
  try {
    const content: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw new Error('the top level must be an object');
    return content as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid: ${(error as Error).message}`);
  }
}

function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** The engine's settings, read off the configuration. */
export function engineConfigOf(config: RelayConfig): EngineConfig {
  const m = config.mailing;
  return {
    ratePerSecond: m.ratePerSecond,
    concurrency: m.concurrency,
    maxAttempts: m.maxAttempts,
    retryBaseMs: m.retryBaseMs,
    errorRateThreshold: m.errorRateThreshold,
    errorRateWindow: m.errorRateWindow,
    quietWindow: parseQuietWindow(m.quietHours),
    startGraceMs: m.startGraceMinutes * 60_000,
    budgetCap: m.budgetCap ?? null,
    allowedCountries: config.allowedCountries,
    tickMs: m.schedulerTickMs,
    unknownLookupMs: m.unknownLookupSeconds * 1000,
  };
}
