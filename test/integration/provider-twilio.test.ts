import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerChecks } from '../support/provider-outcomes';
import { basicAuth } from '../../relay/providers/http';
import { createTwilioProvider, type TwilioOptions } from '../../relay/providers/twilio';
import type { SmsProvider } from '../../relay/providers/types';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'twilio-auth-token-fedcba9876543210';
const WRONG_TOKEN = 'wrong-twilio-token-1111';
const SECRETS = [ACCOUNT_SID, AUTH_TOKEN, WRONG_TOKEN];
const FROM = '+15005550006';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

const CYRILLIC_EMOJI = 'Здравствуйте, Анна! Заказ №15 готов 🎉';

let fake: FakeTwilio;
let provider: SmsProvider;

const make = (overrides: Partial<TwilioOptions> = {}): SmsProvider =>
  createTwilioProvider({ baseUrl: fake.url, timeoutMs: 2000, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, ...overrides });

const { caught, failed, succeeded } = providerChecks(SECRETS);

beforeEach(async () => {
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  provider = make();
});

afterEach(async () => {
  await fake.close();
});

describe('Twilio adapter against a fake Twilio REST API', () => {
  it('declares what it can do, and has no cost preview', () => {
    expect(provider.id).toBe('twilio');
    expect(provider.name).toBe('Twilio');
    expect(provider.capabilities).toEqual({
      cost: false, balance: true, check: true, statusPoll: true, callbacks: true, batchSize: 1, maxParts: 10,
    });
    expect(provider.cost).toBeUndefined();
    for (const method of ['balance', 'check', 'status', 'parseCallback'] as const) {
      expect(typeof provider[method]).toBe('function');
    }
  });

  it("sends one message: form POST to Messages.json, Basic auth SID:token, '+' E.164 To, From, StatusCallback", async () => {
    provider = make({ statusCallbackUrl: 'https://relay.example/callbacks/twilio/s3cr3t' });
    const [outcome, ...rest] = await provider.send([{ to: '79123456789', text: CYRILLIC_EMOJI }]);
    expect(rest).toHaveLength(0);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(MESSAGES_PATH);
    expect(request.query.toString()).toBe('');
    expect(request.headers.authorization).toBe(basicAuth(ACCOUNT_SID, AUTH_TOKEN));
    expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request.form)).toEqual({
      To: '+79123456789',
      Body: CYRILLIC_EMOJI,
      From: FROM,
      StatusCallback: 'https://relay.example/callbacks/twilio/s3cr3t',
    });

    const sent = succeeded(outcome);
    expect(sent.providerMessageId).toBe(fake.sent[0]!.sid);
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.status).toBe('queued');
    expect(sent.parts).toBe(1); // num_segments "1" on the wire
    expect(sent.cost).toBeUndefined(); // price is null until Twilio fills it in
    expect(fake.sent).toEqual([
      { phone: '+79123456789', text: CYRILLIC_EMOJI, from: FROM, statusCallback: 'https://relay.example/callbacks/twilio/s3cr3t', sid: sent.providerMessageId },
    ]);
  });

  it('sends through a Messaging Service when one is configured', async () => {
    provider = make({ from: undefined, messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'via service' }]))[0]);
    expect(sent.status).toBe('queued'); // "accepted" on the wire
    const form = fake.requests[0]!.form;
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
  });

  it('sends several messages one request each, outcomes in order', async () => {
    const long = 'Длинное сообщение '.repeat(5); // 2 segments
    const outcomes = await provider.send([
      { to: '79123456789', text: 'Hello from the CRM' },
      { to: '79234567890', text: long },
      { to: '4915112345678', text: CYRILLIC_EMOJI },
    ]);
    expect(outcomes.map((o) => o.to)).toEqual(['79123456789', '79234567890', '4915112345678']);
    expect(succeeded(outcomes[1]).parts).toBe(2);
    expect(new Set(outcomes.map((o) => succeeded(o).providerMessageId)).size).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(fake.sent.map((s) => [s.phone, s.text])).toEqual([
      ['+79123456789', 'Hello from the CRM'],
      ['+79234567890', long],
      ['+4915112345678', CYRILLIC_EMOJI],
    ]);
  });

  it('reads the balance with its currency, and checks the credentials through it', async () => {
    expect(await provider.balance!()).toEqual({ balance: 12.34, currency: 'USD' });
    await expect(provider.check!()).resolves.toBeUndefined();
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`],
      ['GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`],
    ]);

    await fake.close();
    fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, balance: '-3.50', currency: 'eur' });
    expect(await make().balance!()).toEqual({ balance: -3.5, currency: 'EUR' });
  });

  it('polls a message by sid and maps Twilio statuses onto ours; the late negative price becomes a cost', async () => {
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'track me' }]))[0]);
    const cases: [string, string][] = [
      ['accepted', 'queued'], ['scheduled', 'queued'], ['queued', 'queued'], ['sending', 'queued'],
      ['sent', 'sent'], ['delivered', 'delivered'], ['read', 'delivered'],
      ['undelivered', 'failed'], ['failed', 'failed'], ['canceled', 'failed'], ['receiving', 'unknown'],
    ];
    for (const [word, expected] of cases) {
      fake.setStatus(sent.providerMessageId, word);
      const [update, ...more] = await provider.status!([sent.providerMessageId]);
      expect(more).toHaveLength(0);
      expect(update).toMatchObject({ providerMessageId: sent.providerMessageId, status: expected, providerStatus: word });
      expect(update?.cost).toBeUndefined();
    }
    fake.setStatus(sent.providerMessageId, 'delivered', { price: '-0.04250' });
    expect((await provider.status!([sent.providerMessageId]))[0]).toMatchObject({ status: 'delivered', cost: 0.0425 });

    fake.setStatus(sent.providerMessageId, 'undelivered', { errorCode: 30003, errorMessage: 'Unreachable destination handset' });
    expect((await provider.status!([sent.providerMessageId]))[0]).toMatchObject({
      status: 'failed',
      errorText: '30003 Unreachable destination handset',
    });

    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sent.providerMessageId}.json`);
  });

  it('leaves unknown sids out of the status answer', async () => {
    expect(await provider.status!(['SM00000000000000000000000000000000', '../Balance'])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('parses a status callback form and answers 200 with empty TwiML', () => {
    const delivered = provider.parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        MessageSid: 'SMabc', SmsSid: 'SMabc', MessageStatus: 'delivered', SmsStatus: 'delivered',
        AccountSid: ACCOUNT_SID, To: '+79123456789', From: FROM, ApiVersion: '2010-04-01', RawDlrDoneDate: '2407011230',
      }).toString(),
      query: {},
    });
    expect(delivered.updates).toEqual([{ providerMessageId: 'SMabc', status: 'delivered', providerStatus: 'delivered' }]);
    expect(delivered.reply.status).toBe(200);
    expect(delivered.reply.body).toContain('<Response>');

    const undelivered = provider.parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: 'MessageSid=SMdef&MessageStatus=undelivered&ErrorCode=30005',
      query: {},
    });
    expect(undelivered.updates).toEqual([
      { providerMessageId: 'SMdef', status: 'failed', providerStatus: 'undelivered', errorText: '30005 unknown destination handset' },
    ]);

    expect(provider.parseCallback!({ contentType: 'text/plain', body: '', query: {} }).updates).toEqual([]);
  });

  it('wrong credentials: auth_failed (20003), class stop, on send, balance, check and status; no secret in the message', async () => {
    provider = make({ authToken: WRONG_TOKEN });
    for (const attempt of [
      () => provider.send([{ to: '79123456789', text: 'x' }]),
      () => provider.balance!(),
      () => provider.check!(),
      () => provider.status!(['SM00000000000000000000000000000000']),
    ]) {
      const error = await caught(attempt());
      expect(error.code).toBe('auth_failed');
      expect(error.errorClass).toBe('stop');
      expect(error.providerCode).toBe('20003');
    }
    expect(fake.sent).toHaveLength(0);
  });

  it("Twilio's own error texts that name the AccountSid do not carry it into our messages", async () => {
    // A 404 on something other than a message fetch: Twilio names the whole path, SID included.
    provider = make({ baseUrl: `${fake.url}/nowhere` });
    const error = await caught(provider.balance!());
    expect(error.code).toBe('request_rejected');
    expect(error.providerText).toContain('***');
  });

  it('insufficient funds (20005 account not active): insufficient_funds thrown (stop)', async () => {
    fake.fail('insufficient_funds');
    const error = await caught(provider.send([{ to: '79123456789', text: 'no money' }]));
    expect(error.code).toBe('insufficient_funds');
    expect(error.errorClass).toBe('stop');
    expect(error.providerCode).toBe('20005');
  });

  it('a bad number fails that recipient only (21211 → invalid_number, permanent)', async () => {
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
    expect(error.providerCode).toBe('21211');
    succeeded(outcomes[2]);
    expect(fake.sent.map((s) => s.phone)).toEqual(['+79123456789', '+79234567890']);
  });

  it('a whole-request failure after earlier messages went out is reported per message, keeping their ids', async () => {
    fake.fail('insufficient_funds', { skip: 1 });
    const outcomes = await provider.send([
      { to: '79123456789', text: 'first' },
      { to: '79234567890', text: 'second' },
      { to: '79345678901', text: 'third' },
    ]);
    succeeded(outcomes[0]);
    expect(failed(outcomes[1]).code).toBe('insufficient_funds');
    expect(failed(outcomes[2]).code).toBe('insufficient_funds');
    expect(fake.requests).toHaveLength(2);
  });

  it('too many requests (20429): a short throttle, retried later', async () => {
    fake.fail('rate_limit');
    const error = await caught(provider.send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'service_unavailable', errorClass: 'retryable' });
    expect(error.providerCode).toBe('20429');
  });

  it('HTTP 500: service_unavailable, retryable', async () => {
    fake.fail('http_500');
    for (const attempt of [
      () => provider.send([{ to: '79123456789', text: 'x' }]),
      () => provider.balance!(),
      () => provider.status!(['SMabc']),
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
    expect((await caught(provider.balance!())).code).toBe('service_unavailable');
  });
});
