import { describe, expect, onTestFinished } from 'vitest';
import { adapterTest } from '../support/adapter-test';
import { oneByOneAdapterTests } from '../support/one-by-one-adapter-tests';
import { providerChecks } from '../support/provider-outcomes';
import { basicAuth } from '../../relay/providers/http';
import type { SmsProvider } from '../../relay/providers/types';
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

const { caught, failed, succeeded } = providerChecks(SECRETS);

describe('Twilio adapter against a fake Twilio REST API', () => {
  oneByOneAdapterTests(it, {
    id: 'twilio',
    name: 'Twilio',
    capabilities: {
      cost: false,
      balance: true,
      check: true,
      statusPoll: true,
      callbacks: true,
      batchSize: 1,
      maxParts: 10,
      lookup: true,
      stopList: 'errors-only',
      replies: true,
    },
    secrets: SECRETS,
    wrongCredentials: { authToken: WRONG_TOKEN },
    messageId: 'SM00000000000000000000000000000000',
    wirePhone: (digits) => `+${digits}`,
    // 20005 "account not active" is how Twilio refuses an account out of funds.
    providerCodes: { authFailed: '20003', insufficientFunds: '20005', invalidNumber: '21211' },
    notProcessedOutage: (fake) => fake.serviceUnavailable(true),
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
      ['accepted', 'queued'],
      ['scheduled', 'queued'],
      ['queued', 'queued'],
      ['sending', 'queued'],
      ['sent', 'sent'],
      ['delivered', 'delivered'],
      ['read', 'delivered'],
      ['undelivered', 'failed'],
      ['failed', 'failed'],
      ['canceled', 'failed'],
      ['receiving', 'unknown'],
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
        MessageSid: 'SMabc',
        SmsSid: 'SMabc',
        MessageStatus: 'delivered',
        SmsStatus: 'delivered',
        AccountSid: ACCOUNT_SID,
        To: '+79123456789',
        From: FROM,
        ApiVersion: '2010-04-01',
        RawDlrDoneDate: '2407011230',
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

describe('Twilio adapter: finding out whether Twilio took a message', () => {
  const TEXT = 'Your order is ready';

  /** Sends through the adapter and returns the attempt's window, as the engine would record it. */
  async function attempt(provider: SmsProvider, to = '79123456789', text = TEXT) {
    const sentAfter = Date.now();
    const [outcome] = await provider.send([{ to, text }]);
    return { sid: succeeded(outcome).providerMessageId, query: { to, text, sentAfter, sentBefore: Date.now() } };
  }

  it('lookup: the one Message to the number with this body, sent since the attempt → sent, with its sid', async ({ fake, provider }) => {
    const { sid, query } = await attempt(provider);
    await attempt(provider, '79123456789', 'another text');
    await attempt(provider, '79234567890');
    for (const message of fake.sent) fake.setStatus(message.sid, 'delivered');
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: sid }]);

    const request = fake.requests.at(-1)!;
    expect([request.method, request.path]).toEqual(['GET', MESSAGES_PATH]);
    const today = new Date(query.sentAfter - 120_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(Object.fromEntries(request.query)).toEqual({ To: '+79123456789', From: FROM, 'DateSent>': today, 'DateSent<': tomorrow, PageSize: '100' });
  });

  it('lookup: nothing found → unknown, never "not sent" (a Message still queued has no date_sent, so the list leaves it out)', async ({ fake, make }) => {
    const provider = make({ clock: { now: () => Date.now() + 3_600_000 } });
    const { query } = await attempt(provider); // still queued on the fake
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    const never = { to: '79234567890', text: TEXT, sentAfter: Date.now() - 7_200_000, sentBefore: Date.now() - 7_100_000 };
    expect(await provider.lookup!([never])).toEqual([{ to: '79234567890', found: 'unknown' }]);
    expect(fake.sent).toHaveLength(1);
  });

  it('lookup: the same body twice in the window → unknown (which one was this attempt is not known)', async ({ fake, provider }) => {
    const first = await attempt(provider);
    const second = await attempt(provider);
    for (const message of fake.sent) fake.setStatus(message.sid, 'sent');
    const window = { ...first.query, sentBefore: second.query.sentBefore };
    expect(await provider.lookup!([window])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });

  it('lookup: a Message created outside the window, or from another sender, is not this attempt', async ({ fake, provider, make }) => {
    const { query } = await attempt(make({ from: '+15005550009' }));
    fake.setStatus(fake.sent[0]!.sid, 'sent');
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    const { query: ours } = await attempt(provider);
    fake.setStatus(fake.sent[1]!.sid, 'sent');
    const earlier = { ...ours, sentAfter: ours.sentAfter - 3_600_000, sentBefore: ours.sentBefore - 3_500_000 };
    expect(await provider.lookup!([earlier])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });

  it('lookup through a Messaging Service: matched on messaging_service_sid, no From filter', async ({ fake, make }) => {
    const provider = make({ from: undefined, messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    const { sid, query } = await attempt(provider);
    fake.setStatus(sid, 'sent');
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: sid }]);
    expect(fake.requests.at(-1)!.query.has('From')).toBe(false);
  });

  it('lookup follows next_page_uri to the page the Message is on', async ({ fake, provider }) => {
    const { sid, query } = await attempt(provider);
    fake.setStatus(sid, 'sent', { dateSent: new Date(Date.now() - 1_000) });
    for (let i = 0; i < 150; i++) {
      const { sid: other } = await attempt(provider, '79123456789', `other ${i}`);
      fake.setStatus(other, 'sent');
    }
    expect(await provider.lookup!([query])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: sid }]);
    const lists = fake.requests.filter((request) => request.method === 'GET');
    expect(lists).toHaveLength(2);
    expect(lists[1]!.query.get('Page')).toBe('1');
    expect(lists[1]!.query.get('To')).toBe('+79123456789');
  });

  it("a 503 without Twilio's 20503 body (from a proxy) is not taken as Twilio's refusal", async ({ fake, provider }) => {
    fake.frontEndError(503);
    const [outcome] = await provider.send([{ to: '79123456789', text: 'x' }]);
    expect(failed(outcome).outcomeUnknown).toBe(true);
    fake.frontEndError(null);
    fake.serviceUnavailable(true);
    expect((await caught(provider.send([{ to: '79123456789', text: 'x' }]))).outcomeUnknown).toBe(false);
  });
});
