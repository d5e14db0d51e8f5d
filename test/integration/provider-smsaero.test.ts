import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerChecks } from '../support/provider-outcomes';
import { basicAuth } from '../../relay/providers/http';
import { createSmsAeroProvider, type SmsAeroOptions } from '../../relay/providers/smsaero';
import type { SmsProvider } from '../../relay/providers/types';
import { startFakeSmsAero, type FakeSmsAero } from '../fakes/fake-smsaero';

const EMAIL = 'owner@crm-shop.example';
const API_KEY = 'aeroKEY0123456789abcdefABCDEF01';
const WRONG_KEY = 'wrong-aero-key-9876';
const SECRETS = [EMAIL, API_KEY, WRONG_KEY];

const CYRILLIC_EMOJI = 'Здравствуйте, Анна! Заказ №15 готов 🎉';

let fake: FakeSmsAero;
let provider: SmsProvider;

const make = (overrides: Partial<SmsAeroOptions> = {}): SmsProvider =>
  createSmsAeroProvider({ baseUrl: fake.url, timeoutMs: 2000, email: EMAIL, apiKey: API_KEY, ...overrides });

const { caught, failed, succeeded } = providerChecks(SECRETS);

beforeEach(async () => {
  fake = await startFakeSmsAero({ email: EMAIL, apiKey: API_KEY });
  provider = make();
});

afterEach(async () => {
  await fake.close();
});

describe('SMS Aero adapter against a fake SMS Aero v2', () => {
  it('declares what it can do, and has no cost preview', () => {
    expect(provider.id).toBe('smsaero');
    expect(provider.name).toBe('SMS Aero');
    expect(provider.capabilities).toEqual({
      cost: false, balance: true, check: true, statusPoll: true, callbacks: true, batchSize: 1, maxParts: 6,
    });
    expect(provider.cost).toBeUndefined();
    for (const method of ['balance', 'check', 'status', 'parseCallback'] as const) {
      expect(typeof provider[method]).toBe('function');
    }
  });

  it('sends one message: POST /v2/sms/send, Basic auth email:apiKey, JSON body, digits number, sign, callbackUrl', async () => {
    provider = make({ sign: 'CRMShop', callbackUrl: 'https://relay.example/callbacks/smsaero/s3cr3t' });
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

  it("signs with SMS Aero's shared signature when none is configured", async () => {
    succeeded((await provider.send([{ to: '79123456789', text: 'hello' }]))[0]);
    expect(request0Json()).toMatchObject({ sign: 'SMS Aero' });
    expect(request0Json()).not.toHaveProperty('callbackUrl');
  });

  it('sends several messages one request each, outcomes in order', async () => {
    const outcomes = await provider.send([
      { to: '79123456789', text: 'Hello from the CRM' },
      { to: '79234567890', text: CYRILLIC_EMOJI },
      { to: '77011234567', text: 'Третье сообщение' },
    ]);
    expect(outcomes.map((o) => o.to)).toEqual(['79123456789', '79234567890', '77011234567']);
    expect(new Set(outcomes.map((o) => succeeded(o).providerMessageId)).size).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(fake.sent.map((s) => [s.phone, s.text])).toEqual([
      ['79123456789', 'Hello from the CRM'],
      ['79234567890', CYRILLIC_EMOJI],
      ['77011234567', 'Третье сообщение'],
    ]);
  });

  it('reads the balance and checks the credentials with /v2/auth', async () => {
    fake.setBalance(120.5);
    expect(await provider.balance!()).toEqual({ balance: 120.5, currency: 'RUB' });
    await expect(provider.check!()).resolves.toBeUndefined();
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/v2/balance'], ['POST', '/v2/auth']]);
  });

  it('maps SMS Aero statuses from sms/status onto ours (cost as a string on the wire)', async () => {
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'track me' }]))[0]);
    const cases: [number, string][] = [
      [0, 'queued'], [8, 'queued'], [3, 'sent'], [4, 'sent'], [1, 'delivered'], [2, 'failed'], [6, 'failed'], [5, 'unknown'],
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

  it('leaves unknown message ids out of the status answer', async () => {
    expect(await provider.status!(['123', 'not-a-number'])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('parses status callbacks (JSON or form) and answers 200', () => {
    const delivered = provider.parseCallback!({
      contentType: 'application/json',
      body: JSON.stringify({ id: 686001, status: 1, extendStatus: 'delivery', cost: '5.49' }),
      query: {},
    });
    expect(delivered.updates).toEqual([
      { providerMessageId: '686001', status: 'delivered', providerStatus: '1 delivery', cost: 5.49 },
    ]);
    expect(delivered.reply.status).toBe(200);

    const rejected = provider.parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: 'id=686002&status=6&extendStatus=rejected',
      query: {},
    });
    expect(rejected.updates).toEqual([
      { providerMessageId: '686002', status: 'failed', providerStatus: '6 rejected', errorText: 'rejected' },
    ]);

    const garbage = provider.parseCallback!({ contentType: 'application/json', body: '{oops', query: {} });
    expect(garbage.updates).toEqual([]);
    expect(garbage.reply.status).toBe(200);
  });

  it('wrong credentials: auth_failed, class stop, on send, balance, check and status; no secret in the message', async () => {
    provider = make({ apiKey: WRONG_KEY });
    for (const attempt of [
      () => provider.send([{ to: '79123456789', text: 'x' }]),
      () => provider.balance!(),
      () => provider.check!(),
      () => provider.status!(['686000']),
    ]) {
      const error = await caught(attempt());
      expect(error.code).toBe('auth_failed');
      expect(error.errorClass).toBe('stop');
      expect(error.providerCode).toBe('HTTP 401');
    }
    expect(fake.sent).toHaveLength(0);
  });

  it('insufficient funds: insufficient_funds thrown (stop)', async () => {
    fake.fail('insufficient_funds');
    const error = await caught(provider.send([{ to: '79123456789', text: 'no money' }]));
    expect(error.code).toBe('insufficient_funds');
    expect(error.errorClass).toBe('stop');

    fake.fail(null);
    fake.setBalance(1);
    expect((await caught(provider.send([{ to: '79123456789', text: 'still no money' }]))).code).toBe('insufficient_funds');
  });

  it('a bad number fails that recipient only (invalid_number, permanent)', async () => {
    fake.rejectNumber('79990000000');
    const outcomes = await provider.send([
      { to: '79123456789', text: 'to a good number' },
      { to: '79990000000', text: 'to a bad number' },
      { to: '79234567890', text: 'to another good number' },
    ]);
    succeeded(outcomes[0]);
    const error = failed(outcomes[1]);
    expect(error.code).toBe('invalid_number');
    expect(error.errorClass).toBe('permanent');
    succeeded(outcomes[2]);
    expect(fake.sent.map((s) => s.phone)).toEqual(['79123456789', '79234567890']);
  });

  it('a whole-request failure after earlier messages went out is reported per message, keeping their ids', async () => {
    fake.fail('http_500', { skip: 1 });
    const outcomes = await provider.send([
      { to: '79123456789', text: 'first' },
      { to: '79234567890', text: 'second' },
    ]);
    succeeded(outcomes[0]);
    expect(failed(outcomes[1]).code).toBe('service_unavailable');
  });

  it('too many requests: limit_reached', async () => {
    fake.fail('rate_limit');
    expect((await caught(provider.send([{ to: '79123456789', text: 'x' }]))).code).toBe('limit_reached');
  });

  it('HTTP 500: service_unavailable, retryable', async () => {
    fake.fail('http_500');
    for (const attempt of [
      () => provider.send([{ to: '79123456789', text: 'x' }]),
      () => provider.balance!(),
      () => provider.check!(),
    ]) {
      const error = await caught(attempt());
      expect(error.code).toBe('service_unavailable');
      expect(error.errorClass).toBe('retryable');
    }
  });

  it('a slow answer: timeout with outcomeUnknown', async () => {
    provider = make({ timeoutMs: 150 });
    fake.fail('slow', { delayMs: 1500 });
    const error = await caught(provider.send([{ to: '79123456789', text: 'slow' }]));
    expect(error.code).toBe('timeout');
    expect(error.errorClass).toBe('retryable');
    expect(error.outcomeUnknown).toBe(true);
  });

  it('a non-JSON answer: service_unavailable', async () => {
    fake.fail('not_json');
    const error = await caught(provider.send([{ to: '79123456789', text: 'x' }]));
    expect(error.code).toBe('service_unavailable');
    expect((await caught(provider.status!(['686000']))).code).toBe('service_unavailable');
  });
});

function request0Json(): unknown {
  return fake.requests[0]!.json;
}
