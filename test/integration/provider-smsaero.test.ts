import { describe, expect, onTestFinished } from 'vitest';
import { adapterTest } from '../support/adapter-test';
import { oneByOneAdapterTests } from '../support/one-by-one-adapter-tests';
import { providerChecks } from '../support/provider-outcomes';
import { basicAuth } from '../../relay/providers/http';
import { createSmsAeroProvider, type SmsAeroOptions } from '../../relay/providers/smsaero';
import type { SmsProvider } from '../../relay/providers/types';
import { startFakeSmsAero } from '../fakes/fake-smsaero';

const EMAIL = 'owner@crm-shop.example';
const API_KEY = 'aeroKEY0123456789abcdefABCDEF01';
const WRONG_KEY = 'wrong-aero-key-9876';
const SECRETS = [EMAIL, API_KEY, WRONG_KEY];

const CYRILLIC_EMOJI = 'Здравствуйте, Анна! Заказ №15 готов 🎉';

const it = adapterTest(
  () => startFakeSmsAero({ email: EMAIL, apiKey: API_KEY }),
  (fake, overrides: Partial<SmsAeroOptions> = {}) => createSmsAeroProvider({ baseUrl: fake.url, timeoutMs: 2000, email: EMAIL, apiKey: API_KEY, ...overrides }),
);

const { caught, succeeded } = providerChecks(SECRETS);

describe('SMS Aero adapter against a fake SMS Aero v2', () => {
  oneByOneAdapterTests(it, {
    id: 'smsaero',
    name: 'SMS Aero',
    capabilities: {
      cost: false,
      balance: true,
      check: true,
      statusPoll: true,
      callbacks: true,
      batchSize: 1,
      maxParts: 6,
      lookup: true,
      stopList: 'sync',
      replies: false,
    },
    secrets: SECRETS,
    wrongCredentials: { apiKey: WRONG_KEY },
    messageId: '686000',
    wirePhone: (digits) => digits,
    // No error codes: the HTTP status stands in.
    providerCodes: { authFailed: 'HTTP 401', insufficientFunds: 'HTTP 400', invalidNumber: 'HTTP 400' },
    emptyAccount: (fake) => fake.setBalance(1),
  });

  it('sends one message: POST /v2/sms/send, Basic auth email:apiKey, JSON body, digits number, sign, callbackUrl', async ({ fake, make }) => {
    const provider = make({ sign: 'CRMShop', callbackUrl: 'https://relay.example/callbacks/smsaero/s3cr3t' });
    const [outcome, ...rest] = await provider.send([{ to: '79123456789', text: CYRILLIC_EMOJI }]);
    expect(rest).toHaveLength(0);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2/sms/send');
    expect(request.query.toString()).toBe('');
    expect(request.headers.authorization).toBe(basicAuth(EMAIL, API_KEY));
    expect(request.headers['content-type']).toContain('application/json');
    expect(request.json).toEqual({
      number: '79123456789',
      text: CYRILLIC_EMOJI,
      sign: 'CRMShop',
      callbackUrl: 'https://relay.example/callbacks/smsaero/s3cr3t',
    });

    const sent = succeeded(outcome);
    expect(sent).toMatchObject({ to: '79123456789', providerMessageId: String(fake.sent[0]!.id), status: 'queued', cost: 5.49 });
    expect(fake.sent).toEqual([
      { phone: '79123456789', text: CYRILLIC_EMOJI, sign: 'CRMShop', callbackUrl: 'https://relay.example/callbacks/smsaero/s3cr3t', id: fake.sent[0]!.id },
    ]);
  });

  it("signs with SMS Aero's shared signature when none is configured", async ({ fake, provider }) => {
    succeeded((await provider.send([{ to: '79123456789', text: 'hello' }]))[0]);
    expect(fake.requests[0]!.json).toMatchObject({ sign: 'SMS Aero' });
    expect(fake.requests[0]!.json).not.toHaveProperty('callbackUrl');
  });

  it('reads the balance and checks the credentials with /v2/auth', async ({ fake, provider }) => {
    fake.setBalance(120.5);
    expect(await provider.balance!()).toEqual({ balance: 120.5, currency: 'RUB' });
    await expect(provider.check!()).resolves.toBeUndefined();
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/v2/balance'],
      ['POST', '/v2/auth'],
    ]);
  });

  it('maps SMS Aero statuses from sms/status onto ours (cost as a string on the wire)', async ({ fake, provider }) => {
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'track me' }]))[0]);
    const cases: [number, string][] = [
      [0, 'queued'],
      [8, 'queued'],
      [3, 'sent'],
      [4, 'sent'],
      [1, 'delivered'],
      [2, 'failed'],
      [6, 'failed'],
      [5, 'unknown'],
    ];
    for (const [code, expected] of cases) {
      fake.setStatus(sent.providerMessageId, code);
      const [update, ...more] = await provider.status!([sent.providerMessageId]);
      expect(more).toHaveLength(0);
      expect(update).toMatchObject({ providerMessageId: sent.providerMessageId, status: expected, cost: 5.49 });
      expect(update?.providerStatus).toMatch(new RegExp(`^${code}`));
      if (expected === 'failed') expect(update?.errorText).toBeTruthy();
    }
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/v2/sms/status');
    expect(request.json).toEqual({ id: Number(sent.providerMessageId) });
  });

  it('leaves unknown message ids out of the status answer', async ({ fake, provider }) => {
    expect(await provider.status!(['123', 'not-a-number'])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('parses status callbacks (JSON or form) and answers 200', ({ provider }) => {
    const delivered = provider.parseCallback!({
      contentType: 'application/json',
      body: JSON.stringify({ id: 686001, status: 1, extendStatus: 'delivery', cost: '5.49' }),
      query: {},
    });
    expect(delivered.updates).toEqual([{ providerMessageId: '686001', status: 'delivered', providerStatus: '1 delivery', cost: 5.49 }]);
    expect(delivered.reply.status).toBe(200);

    const rejected = provider.parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: 'id=686002&status=6&extendStatus=rejected',
      query: {},
    });
    expect(rejected.updates).toEqual([{ providerMessageId: '686002', status: 'failed', providerStatus: '6 rejected', errorText: 'rejected' }]);

    const garbage = provider.parseCallback!({ contentType: 'application/json', body: '{oops', query: {} });
    expect(garbage.updates).toEqual([]);
    expect(garbage.reply.status).toBe(200);
  });

  it('too many requests: limit_reached', async ({ fake, provider }) => {
    fake.fail('rate_limit');
    expect((await caught(provider.send([{ to: '79123456789', text: 'x' }]))).code).toBe('limit_reached');
  });
});

describe('SMS Aero adapter: finding out whether SMS Aero took a message', () => {
  const TEXT = 'Your order is ready';
  const later = { now: () => Date.now() + 600_000 };

  async function attempt(provider: SmsProvider, text = TEXT, to = '79123456789') {
    const sentAfter = Date.now();
    const [outcome] = await provider.send([{ to, text }]);
    return { id: succeeded(outcome).providerMessageId, query: { to, text, sentAfter, sentBefore: Date.now() } };
  }

  it('lookup: the one message to the number with this text, created in the window → sent, with its id', async ({ fake, make }) => {
    const provider = make({ clock: later });
    const { id, query } = await attempt(provider);
    await attempt(provider, 'another text');
    await attempt(provider, TEXT, '79234567890');
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: id }]);
    const request = fake.requests.at(-1)!;
    expect([request.method, request.path]).toEqual(['POST', '/v2/sms/list']);
    expect(request.json).toEqual({ number: '79123456789', text: TEXT });
  });

  it('lookup: not in the list → not sent once the attempt has settled, unknown before', async ({ make }) => {
    const query = { to: '79123456789', text: TEXT, sentAfter: Date.now() - 5_000, sentBefore: Date.now() };
    expect(await make({ clock: later }).lookup!([query])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
    expect(await make().lookup!([query])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });

  it('lookup: the same text to the number outside the window is not this attempt; twice inside it → unknown', async ({ make }) => {
    const provider = make({ clock: later });
    const first = await attempt(provider);
    const earlier = { ...first.query, sentAfter: first.query.sentAfter - 3_600_000, sentBefore: first.query.sentBefore - 3_500_000 };
    expect(await provider.lookup!([earlier])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
    const second = await attempt(provider);
    expect(await provider.lookup!([{ ...first.query, sentBefore: second.query.sentBefore }])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });

  it('lookup reads every page (`links.next`) and compares the text exactly, whatever the text filter matched', async ({ make }) => {
    const fake = await startFakeSmsAero({ email: EMAIL, apiKey: API_KEY, listPageSize: 2 });
    onTestFinished(() => fake.close());
    const provider = make({ baseUrl: fake.url, clock: later });
    const { id, query } = await attempt(provider, 'Hi');
    for (let i = 0; i < 4; i++) await attempt(provider, `Hi there ${i}`);
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: id }]);
    expect(fake.requests.filter((request) => request.path === '/v2/sms/list').map((request) => request.query.get('page'))).toEqual([null, '2', '3']);
  });

  it('lookup: an SMS Aero refusal (too many requests) → unknown', async ({ fake, make }) => {
    fake.fail('rate_limit');
    const query = { to: '79123456789', text: TEXT, sentAfter: Date.now() - 5_000, sentBefore: Date.now() };
    expect(await make({ clock: later }).lookup!([query])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });
});
