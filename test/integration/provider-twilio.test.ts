import { describe, expect, onTestFinished } from 'vitest';
import { adapterTest } from '../support/adapter-test';
import { oneByOneAdapterTests } from '../support/one-by-one-adapter-tests';
import { providerChecks } from '../support/provider-outcomes';
import { basicAuth } from '../../relay/providers/http';
import { createTwilioProvider, type TwilioOptions } from '../../relay/providers/twilio';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'twilio-auth-token-fedcba9876543210';
const WRONG_TOKEN = 'wrong-twilio-token-1111';
const SECRETS = [ACCOUNT_SID, AUTH_TOKEN, WRONG_TOKEN];
const FROM = '+15005550006';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

const CYRILLIC_EMOJI = 'Здравствуйте, Анна! Заказ №15 готов 🎉';

const twilio = (fake: FakeTwilio, overrides: Partial<TwilioOptions> = {}) =>
  createTwilioProvider({ baseUrl: fake.url, timeoutMs: 2000, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, ...overrides });

const it = adapterTest(() => startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), twilio);

const { caught, succeeded } = providerChecks(SECRETS);

describe('Twilio adapter against a fake Twilio REST API', () => {
  oneByOneAdapterTests(it, {
    id: 'twilio',
    name: 'Twilio',
    capabilities: { cost: false, balance: true, check: true, statusPoll: true, callbacks: true, batchSize: 1, maxParts: 10 },
    secrets: SECRETS,
    wrongCredentials: { authToken: WRONG_TOKEN },
    messageId: 'SM00000000000000000000000000000000',
    wirePhone: (digits) => `+${digits}`,
    // 20005 "account not active" is how Twilio refuses an account out of funds.
    providerCodes: { authFailed: '20003', insufficientFunds: '20005', invalidNumber: '21211' },
  });

  it("sends one message: form POST to Messages.json, Basic auth SID:token, '+' E.164 To, From, StatusCallback", async ({ fake, make }) => {
    const provider = make({ statusCallbackUrl: 'https://relay.example/callbacks/twilio/s3cr3t' });
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

  it('sends through a Messaging Service when one is configured', async ({ fake, make }) => {
    const provider = make({ from: undefined, messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'via service' }]))[0]);
    expect(sent.status).toBe('queued'); // "accepted" on the wire
    const form = fake.requests[0]!.form;
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
  });

  it("reads each message's segment count from num_segments", async ({ provider }) => {
    const outcomes = await provider.send([
      { to: '79123456789', text: 'Hello from the CRM' },
      { to: '79234567890', text: 'Длинное сообщение '.repeat(5) },
    ]);
    expect(outcomes.map((o) => succeeded(o).parts)).toEqual([1, 2]);
  });

  it('reads the balance with its currency, and checks the credentials through it', async ({ fake, provider }) => {
    expect(await provider.balance!()).toEqual({ balance: 12.34, currency: 'USD' });
    await expect(provider.check!()).resolves.toBeUndefined();
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`],
      ['GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`],
    ]);

    const overdrawn = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, balance: '-3.50', currency: 'eur' });
    onTestFinished(() => overdrawn.close());
    expect(await twilio(overdrawn).balance!()).toEqual({ balance: -3.5, currency: 'EUR' });
  });

  it('polls a message by sid and maps Twilio statuses onto ours; the late negative price becomes a cost', async ({ fake, provider }) => {
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

  it('leaves unknown sids out of the status answer', async ({ fake, provider }) => {
    expect(await provider.status!(['SM00000000000000000000000000000000', '../Balance'])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('parses a status callback form and answers 200 with empty TwiML', ({ provider }) => {
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

  it("Twilio's own error texts that name the AccountSid do not carry it into our messages", async ({ fake, make }) => {
    // A 404 on something other than a message fetch: Twilio names the whole path, SID included.
    const provider = make({ baseUrl: `${fake.url}/nowhere` });
    const error = await caught(provider.balance!());
    expect(error.code).toBe('request_rejected');
    expect(error.providerText).toContain('***');
  });

  it('too many requests (20429): a short throttle, retried later', async ({ fake, provider }) => {
    fake.fail('rate_limit');
    const error = await caught(provider.send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'service_unavailable', errorClass: 'retryable' });
    expect(error.providerCode).toBe('20429');
  });
});
