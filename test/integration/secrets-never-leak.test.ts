import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId } from '../../shared/providers';
import { keepingSecrets, PROVIDER_TEXT_MAX } from '../../relay/providers/keep-secrets';
import { ProviderError } from '../../relay/providers/provider-error';
import { REDACTED } from '../../relay/providers/secret-scrubber';
import type { SmsProvider } from '../../relay/providers/types';
import { ECHO_OPTED_OUT, ECHO_STOP_LISTED, type EchoProtocol } from '../fakes/echoing-answers';
import { basicCredentials, type RecordedRequest } from '../fakes/fake-http-server';
import { ECHO_MARK } from '../fakes/request-echo';
import { FAILING_MODES, startEchoingProvider, type EchoingProvider, type EchoMode } from '../fakes/echoing-provider';
import { captureConsole } from '../support/captured-console';
import { everyFile } from '../support/every-file';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { secretTracer, type Trace } from '../support/secret-traces';

/**
 * The attacker's test for "provider keys never leave the relay": every provider runs against a fake that
 * echoes the whole request it got (URL, form, headers with Authorization; raw, URL-encoded and base64) into
 * every text field its protocol has, and into non-JSON bodies and 5xx pages. The relay is driven through every
 * route that reaches the provider and through the mailing engine, polling and lookups; then no answer, no file
 * in the data folder and no log line may hold a trace of a credential in any encoding, nor any 8-character
 * piece of one. The sandbox sends no credentials anywhere, so it is not attacked here.
 */

interface Scenario {
  name: string;
  provider: ProviderId;
  protocol: EchoProtocol;
  secrets: Record<string, string>;
  env(baseUrl: string): Record<string, string>;
}

const SMSRU_API_ID = 'B7F1D2E4-LEAKY-SMSRU-9QX3-ZK27-W8V5M4N1';
const SMSC_LOGIN = 'leaky_smsc_login_Qz9Wx4';
const SMSC_PASSWORD = 'Pa55 w0rd&smsc=+/%LEAK"\\Zq8Vy~Kj3';
const SMSC_API_KEY = 'smsc-api-key LEAK+Hq7/Rt5=Wp2&Ux9';
const AERO_EMAIL = 'leaky.aero+crm-Qz7@example-smsaero.test';
const AERO_API_KEY = 'AeroKey-LEAK-p7Xq2Wm9Zr4Tn8Vb6Yc3';
const TWILIO_SID = 'ACleakyTwilioSid7Q2W9E4R6T8Y1U3I5O';
const TWILIO_TOKEN = 'twilio-auth-token-LEAK-Zx8Cv6Bn4Mq2Wr7Ty';

const SCENARIOS: Scenario[] = [
  {
    name: 'SMS.ru (api_id in the form)',
    provider: 'smsru',
    protocol: 'smsru',
    secrets: { api_id: SMSRU_API_ID },
    env: (url) => ({ PROVIDER: 'smsru', SMSRU_API_ID: SMSRU_API_ID, SMSRU_BASE_URL: url }),
  },
  {
    name: 'SMSC.ru (login and password in the form)',
    provider: 'smsc',
    protocol: 'smsc',
    secrets: { login: SMSC_LOGIN, password: SMSC_PASSWORD },
    env: (url) => ({ PROVIDER: 'smsc', SMSC_LOGIN, SMSC_PASSWORD, SMSC_BASE_URL: url }),
  },
  {
    name: 'SMSC.ru (API key in the form)',
    provider: 'smsc',
    protocol: 'smsc',
    // The login is not sent with an API key.
    secrets: { apikey: SMSC_API_KEY },
    env: (url) => ({ PROVIDER: 'smsc', SMSC_LOGIN, SMSC_API_KEY, SMSC_BASE_URL: url }),
  },
  {
    name: 'SMS Aero (email and API key, HTTP Basic)',
    provider: 'smsaero',
    protocol: 'smsaero',
    secrets: { email: AERO_EMAIL, 'api key': AERO_API_KEY, 'Basic email:key': `${AERO_EMAIL}:${AERO_API_KEY}` },
    env: (url) => ({ PROVIDER: 'smsaero', SMSAERO_EMAIL: AERO_EMAIL, SMSAERO_API_KEY: AERO_API_KEY, SMSAERO_BASE_URL: url }),
  },
  {
    name: 'Twilio (account SID and auth token, HTTP Basic, SID in the path)',
    provider: 'twilio',
    protocol: 'twilio',
    secrets: { 'account SID': TWILIO_SID, 'auth token': TWILIO_TOKEN, 'Basic SID:token': `${TWILIO_SID}:${TWILIO_TOKEN}` },
    env: (url) => ({ PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_FROM: '+15005550006', TWILIO_BASE_URL: url }),
  },
];

/** Fast engine: no retry waits, no rate limit, unknown recipients looked up at once. */
const ENGINE_ENV = {
  MAILING_RETRY_BASE_MS: '0',
  MAILING_MAX_ATTEMPTS: '1',
  MAILING_RATE_PER_SECOND: '0',
  MAILING_UNKNOWN_LOOKUP_SECONDS: '0',
  SCHEDULER_TICK_MS: '50',
  PROVIDER_TIMEOUT_MS: '3000',
  ALLOWED_COUNTRIES: '*',
  PUBLIC_URL: 'https://relay.example.com',
};

const AUDIENCE = [0, 1].map((i) => ({
  crmId: `leak:${i}`,
  snapshot: { name: `Клиент ${i}`, firstName: `Имя${i}`, phones: [{ number: `+7913000000${i}`, type: 'mobile' as const }] },
}));
// Twilio's echo refuses this one with 21610 ("unsubscribed recipient", the echo as its words): the relay lists it.
AUDIENCE.push({ crmId: 'leak:opted-out', snapshot: { name: 'Отписался', firstName: 'Отписался', phones: [{ number: `+${ECHO_OPTED_OUT}`, type: 'mobile' }] } });
const CARD = { crmId: 'leak:card', name: 'Карточка' };

interface Seen {
  where: string;
  text: string;
}

/** The relay logs to the console only with DEBUG_RELAY set (test/support/relay-harness.ts); the console is captured. */
async function startLoggingRelay(env: Record<string, string>): Promise<TestRelay> {
  const before = process.env.DEBUG_RELAY;
  process.env.DEBUG_RELAY = '1';
  try {
    return await startTestRelay({ ...ENGINE_ENV, ...env });
  } finally {
    if (before === undefined) delete process.env.DEBUG_RELAY;
    else process.env.DEBUG_RELAY = before;
  }
}

/** Drives one relay through everything that talks to the provider, in every way the provider can answer. */
async function attack(relay: TestRelay, fake: EchoingProvider, answers: Seen[]): Promise<void> {
  let mode: EchoMode = 'accept';
  const ask = async (method: string, path: string, body?: unknown) => {
    const reply = await relay.call(method, path, { role: 'admin', body });
    answers.push({ where: `answer to ${method} ${path} [${mode}] (HTTP ${reply.status})`, text: reply.text });
    return reply;
  };
  /** A route that must reach the provider: proves the attack went through it. */
  const askProvider = async (method: string, path: string, body?: unknown) => {
    const before = fake.requests.length;
    const reply = await ask(method, path, body);
    expect(fake.requests.length, `${method} ${path} [${mode}] reached the provider`).toBeGreaterThan(before);
    return reply;
  };
  const newMailing = async (name: string): Promise<string> => {
    const { body } = await ask('POST', '/api/mailings', { name, launchType: 'instant', text: 'Здравствуйте, {{contact.firstName}}!' });
    await ask('PUT', `/api/mailings/${body.id}/audience`, { contacts: AUDIENCE.map((c) => c.crmId), groups: [] });
    return body.id as string;
  };
  const { capabilities } = (await ask('GET', '/api/provider')).body;
  const syncsStopList = capabilities.stopList === 'sync';
  await ask('POST', '/api/contacts/bulk', { contacts: AUDIENCE });
  if (syncsStopList) {
    // A change of the relay's list is pushed to the provider's own list at once.
    const before = fake.requests.length;
    await ask('POST', '/api/stop-list', { phone: '+79130008888', reason: 'Попросил по телефону' });
    await expect.poll(() => fake.requests.length, { message: 'the push reached the provider' }).toBeGreaterThan(before);
  }
  const draft = await newMailing('Черновик');
  const launched: string[] = [];

  const round = async (next: EchoMode, { poll = true } = {}) => {
    mode = next;
    fake.answerWith(mode);
    await askProvider('POST', '/api/provider/check');
    await askProvider('GET', '/api/provider/balance');
    if (capabilities.cost) await askProvider('POST', '/api/cost', { to: '+79130009999', text: 'Сколько стоит?' });
    await askProvider('POST', '/api/messages', { to: '+79130009999', text: `Карточка ${mode}`, contact: CARD });
    await askProvider('GET', `/api/mailings/${draft}/preflight`);
    // A sync round: what is owed is pushed, the provider's list (notes and all) is read in.
    if (syncsStopList) await askProvider('POST', '/api/stop-list/sync');
    const id = await newMailing(`Рассылка ${mode}`);
    const before = fake.requests.length;
    await ask('POST', `/api/mailings/${id}/launch`);
    const settled = await waitUntilSettled(relay, id, ['paused', 'finished']);
    answers.push({ where: `mailing ${id} [${mode}] once settled`, text: JSON.stringify(settled) });
    expect(fake.requests.length, `mailing [${mode}] reached the provider`).toBeGreaterThan(before);
    launched.push(id);
    if (poll) {
      const beforePoll = fake.requests.length;
      await relay.pollStatuses();
      expect(fake.requests.length, `status polling [${mode}] reached the provider`).toBeGreaterThan(beforePoll);
    }
    for (const mailing of launched) await ask('POST', `/api/mailings/${mailing}/resolve-unknown`);
  };

  // What this round sends stays on its way (not polled yet), so each failing round's polling asks about it.
  await round('accept', { poll: false });
  for (const failing of FAILING_MODES) await round(failing);
  // Now it reads as failed, with the echo as the reason.
  await round('accept');

  mode = 'accept';
  await ask('GET', `/api/messages?contactId=${encodeURIComponent(CARD.crmId)}`);
  await ask('GET', '/api/mailings');
  await ask('GET', '/api/provider/settings');
  await ask('GET', '/api/stop-list');
  await ask('GET', '/api/stop-list.csv');
  for (const phone of [ECHO_STOP_LISTED, ECHO_OPTED_OUT]) await ask('GET', `/api/stop-list/${phone}`);
  for (const id of [draft, ...launched]) {
    await ask('GET', `/api/mailings/${id}`);
    await ask('GET', `/api/mailings/${id}/stats`);
    await ask('GET', `/api/mailings/${id}/recipients?limit=1000`);
    await ask('GET', `/api/mailings/${id}/recipients.csv`);
  }
}

interface Leak extends Trace {
  where: string;
}

/** Every trace of a secret in what was seen, once per place, secret and form. */
function leaksIn(seen: Seen[], secrets: Record<string, string>): Leak[] {
  const trace = secretTracer(secrets);
  const leaks = new Map<string, Leak>();
  for (const { where, text } of seen) {
    for (const t of trace(text)) leaks.set(`${where}/${t.secret}/${t.form}`, { where, ...t });
  }
  return [...leaks.values()];
}

const shown = (leak: Leak) => `${leak.where}: ${leak.secret} (${leak.form}) "${leak.found}" in …${leak.context.replace(/\s+/g, ' ')}…`;

/** What of a request can carry a credential: the path (Twilio's SID), the form and query, HTTP Basic. */
const carried = (request: RecordedRequest): string => [request.path, ...request.form.values(), ...request.query.values(), basicCredentials(request) ?? ''].join('\n');

describe('no provider credential leaks through an echoing provider', () => {
  it('every HTTP provider is attacked here', () => {
    expect(new Set(SCENARIOS.map((s) => s.provider))).toEqual(new Set(PROVIDER_IDS.filter((id) => id !== 'sandbox')));
  });

  it.for(SCENARIOS)('$name: no trace of a credential in any answer, data file or log line', { timeout: 120_000 }, async (scenario) => {
    const fake = await startEchoingProvider(scenario.protocol);
    const log = captureConsole();
    let relay: TestRelay | undefined;
    const answers: Seen[] = [];
    let files: Seen[] = [];
    try {
      relay = await startLoggingRelay(scenario.env(fake.url));
      try {
        await attack(relay, fake, answers);
      } finally {
        await relay.close();
      }
      files = (await everyFile(relay.dataDir)).map(({ path, text }) => ({ where: `data file ${path}`, text }));
    } finally {
      log.restore();
      await fake.close();
      if (relay) await rm(relay.dataDir, { recursive: true, force: true });
    }
    // The attack only means something if every credential went out (and so came back in the echoes).
    for (const [name, value] of Object.entries(scenario.secrets)) {
      expect(
        fake.requests.some((request) => carried(request).includes(value)),
        `${name} was sent to the provider`,
      ).toBe(true);
    }

    const logLines = log.lines.map((text, index) => ({ where: `log line ${index + 1}`, text }));
    // ... and if the echoes came back into answers, data files and the log.
    for (const [sink, seen] of Object.entries({ answers, files, logLines })) {
      expect(
        seen.some(({ text }) => text.includes(ECHO_MARK)),
        `an echo reached the ${sink}`,
      ).toBe(true);
    }
    const leaks = leaksIn([...answers, ...files, ...logLines], scenario.secrets);
    // LEAK_REPORT=<folder>: every leak as a JSON line, one file per scenario (evidence for a report).
    if (process.env.LEAK_REPORT)
      await writeFile(join(process.env.LEAK_REPORT, `${scenario.name.replace(/\W+/g, '-')}.jsonl`), leaks.map((leak) => `${JSON.stringify(leak)}\n`).join(''));
    expect(leaks.map(shown)).toEqual([]);
  });
});

describe('the way out of an adapter (keep-secrets.ts), on its own', () => {
  const USER = 'owner+crm@shop.example';
  const KEY = 'Key-Zq7Wx9Rt5Yu3Io1Pa';
  const tracer = secretTracer({ user: USER, key: KEY, pair: `${USER}:${KEY}` });
  /** A provider that answers with whatever the test gives it. */
  const answering = (answers: Partial<SmsProvider>): SmsProvider =>
    keepingSecrets({ id: 'smsaero', name: 'Stub', capabilities: {} as SmsProvider['capabilities'], send: async () => [], ...answers }, [USER, KEY, `${USER}:${KEY}`]);
  const rejection = async (call: Promise<unknown>): Promise<Error> =>
    call.then(
      () => expect.unreachable('resolved'),
      (error: Error) => error,
    );

  it('takes credentials out of a provider text before cutting it, so none survives split by the cut', async () => {
    const text = `${'x'.repeat(PROVIDER_TEXT_MAX - 10)}${KEY}${'y'.repeat(50)}`;
    const error = (await rejection(
      answering({ send: async () => Promise.reject(new ProviderError('request_rejected', { providerCode: KEY, providerText: text })) }).send([]),
    )) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.providerText).toBe(`${'x'.repeat(PROVIDER_TEXT_MAX - 10)}${REDACTED}${'y'.repeat(6)}…`);
    expect(error.providerCode).toBe(REDACTED);
    expect(tracer(error.message)).toEqual([]);
  });

  it('finds a credential changed in case, cut short by the provider, or inside an echoed Basic header', async () => {
    const basic = `Basic ${Buffer.from(`${USER}:${KEY}`).toString('base64')}`;
    const words = [KEY.toUpperCase(), `…${KEY.slice(0, 9)}`, `Authorization: ${basic}`, Buffer.from(`GET /\nauthorization: ${basic}`).toString('base64')];
    const [update] = await answering({ status: async () => [{ providerMessageId: '1', status: 'failed', errorText: words.join(' | '), providerStatus: USER }] }).status!([
      '1',
    ]);
    expect(update!.providerStatus).toBe(REDACTED);
    expect(tracer(update!.errorText!)).toEqual([]);
    expect(update!.errorText).toContain('Authorization: Basic ***');
  });

  it('leaves an identifier that merely shares a few characters with a credential as it is, but not one that holds it whole', async () => {
    const lookalike = `SM${KEY.slice(4, 16)}`;
    const outcomes = await answering({
      send: async () => [
        { to: '79123456789', ok: true, providerMessageId: lookalike, status: 'queued' },
        { to: '79123456780', ok: true, providerMessageId: `id-${KEY}`, status: 'queued', currency: KEY },
      ],
    }).send([]);
    expect(outcomes).toEqual([
      { to: '79123456789', ok: true, providerMessageId: lookalike, status: 'queued' },
      { to: '79123456780', ok: true, providerMessageId: `id-${REDACTED}`, status: 'queued', currency: REDACTED },
    ]);
  });

  it("scrubs an error that is not the provider's refusal, and what a synchronous method returns", async () => {
    const error = await rejection(
      answering({
        balance: async () => {
          throw new TypeError(`cannot read ${KEY}`);
        },
      }).balance!(),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`cannot read ${REDACTED}`);
    expect(tracer(error.stack ?? '')).toEqual([]);
    const result = answering({
      parseCallback: () => ({ updates: [{ providerMessageId: '7', status: 'failed', errorText: `by ${USER}` }], reply: { status: 200, body: 'OK' } }),
    }).parseCallback!({ contentType: '', body: '', query: {} });
    expect(result.updates[0]!.errorText).toBe(`by ${REDACTED}`);
  });
});
