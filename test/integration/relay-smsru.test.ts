import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsRuCallbackBody, startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { closedPortUrl } from '../support/closed-port';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let fake: FakeSmsRu;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeSmsRu();
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, PROVIDER_TIMEOUT_MS: '300' });
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});
afterEach(() => {
  fake.fail(null);
  fake.faults(null);
});

const storedMessages = async () => JSON.parse(await readFile(join(relay.dataDir, 'messages.json'), 'utf8')).messages as { status: string }[];
const send = (to: string, text: string) => relay.call('POST', '/api/messages', { body: { to, text, contact: { crmId: 'creatio:c1', name: 'Иван' } } });

describe('the relay with SMS.ru', () => {
  it('sends one SMS: exactly one request with the normalised number and the text', async () => {
    const before = fake.calls('sms/send').length;
    const { status, body } = await send('8 (912) 345-67-89', 'Привет из CRM');
    expect(status).toBe(201);
    const requests = fake.calls('sms/send').slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.form.get('to')).toBe('79123456789');
    expect(requests[0]!.form.get('msg')).toBe('Привет из CRM');
    expect(body).toMatchObject({ provider: 'smsru', status: 'queued', providerMessageId: fake.sent.at(-1)!.smsId, mailing: null });
    const listed = await relay.call('GET', '/api/messages?contactId=creatio:c1');
    expect(listed.body.messages[0].id).toBe(body.id);
  });

  it('asks SMS.ru for the cost', async () => {
    const { status, body } = await relay.call('POST', '/api/cost', { body: { to: '+79123456789', text: 'Hello' } });
    expect(status).toBe(200);
    expect(body).toEqual({ cost: 1.74, currency: 'RUB', parts: 1, localParts: 1, encoding: 'GSM-7' });
    expect(fake.calls('sms/cost').at(-1)!.form.get('to')).toBe('79123456789');
  });

  it('checks availability through auth/check and reads the balance', async () => {
    expect((await relay.call('POST', '/api/provider/check')).body.provider).toEqual({ id: 'smsru', credentials: 'ok' });
    expect(fake.calls('auth/check')).toHaveLength(1);
    const balance = await relay.call('GET', '/api/provider/balance', { role: 'marketer' });
    expect(balance.body.currency).toBe('RUB');
  });

  it('says "insufficient funds" in both languages and stores nothing', async () => {
    const before = (await storedMessages()).length;
    fake.fail({ code: 201 });
    const { status, body } = await send('+79123456789', 'x');
    expect(status).toBe(402);
    expect(body.error).toMatchObject({
      code: 'insufficient_funds',
      providerCode: '201',
      messageRu: 'Недостаточно средств на счёте у оператора',
    });
    expect(body.error.message).toMatch(/^Insufficient funds on the provider account/);
    expect(await storedMessages()).toHaveLength(before);
  });

  it('passes on a number SMS.ru refuses, storing nothing', async () => {
    fake.refuseNumber('79001112233', 202);
    const before = (await storedMessages()).length;
    const { status, body } = await send('+79001112233', 'x');
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_number');
    expect(await storedMessages()).toHaveLength(before);
  });

  it('answers 503 and stores nothing when SMS.ru itself answers HTTP 500 with its error (documented: not executed)', async () => {
    fake.faults({ mode: 'error-before-accept', rate: 1 });
    const before = (await storedMessages()).length;
    const { status, body } = await send('+79123456789', 'x');
    expect(status).toBe(503);
    expect(body.error.code).toBe('service_unavailable');
    expect(await storedMessages()).toHaveLength(before);
  });

  it.each(['gateway-after-accept', 'garbled-after-accept'] as const)(
    'keeps the message as "unknown" when a send is answered with %s, and says it may have gone',
    async (mode) => {
      fake.faults({ mode, rate: 1 });
      const { status, body } = await send('+79123456789', mode);
      expect(status).toBe(503);
      expect(body.error).toMatchObject({ code: 'service_unavailable', message: expect.stringMatching(/may have been sent/) });
      expect((await storedMessages()).at(-1)).toMatchObject({ status: 'unknown', text: mode });
      expect(fake.sent.at(-1)).toMatchObject({ phone: '79123456789', text: mode });
    },
  );

  it('keeps a timed-out message as "unknown" and says it may have gone', async () => {
    fake.fail({ delayMs: 1000 });
    const { status, body } = await send('+79123456789', 'slow');
    expect(status).toBe(504);
    expect(body.error.code).toBe('timeout');
    expect(body.error.message).toMatch(/may have been sent/);
    const last = (await storedMessages()).at(-1)!;
    expect(last).toMatchObject({ status: 'unknown', text: 'slow' });
  });

  it('takes delivery callbacks on the secret URL, answering "100"', async () => {
    const { body: message } = await send('+79123456789', 'callback');
    const response = await fetch(`${relay.url}/callbacks/smsru/${relay.store.callbackSecret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: smsRuCallbackBody([{ smsId: message.providerMessageId, code: 103 }]),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('100');
    const listed = await relay.call('GET', '/api/messages?contactId=creatio:c1');
    expect(listed.body.messages.find((m: { id: string }) => m.id === message.id).status).toBe('delivered');
  });

  it('refuses callbacks with a wrong secret', async () => {
    const response = await fetch(`${relay.url}/callbacks/smsru/not-the-secret`, { method: 'POST', body: 'data[0]=x' });
    expect(response.status).toBe(404);
  });

  it('polls sms/status for messages still on their way, never moving one back', async () => {
    const { body: message } = await send('+79123456789', 'poll me');
    fake.setStatus(message.providerMessageId, 106);
    expect(await relay.pollStatuses()).toBeGreaterThanOrEqual(1);
    const listed = await relay.call('GET', '/api/messages?contactId=creatio:c1');
    const polled = listed.body.messages.find((m: { id: string }) => m.id === message.id);
    expect(polled).toMatchObject({ status: 'failed', cost: 1.74, error: { code: 'not_delivered' } });
    fake.setStatus(message.providerMessageId, 102);
    await relay.pollStatuses();
    const again = await relay.call('GET', '/api/messages?contactId=creatio:c1');
    expect(again.body.messages.find((m: { id: string }) => m.id === message.id).status).toBe('failed');
  });
});

describe('the relay with SMS.ru unreachable', () => {
  it('answers 503 in words and stores nothing', async () => {
    const down = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: 'k', SMSRU_BASE_URL: await closedPortUrl() });
    try {
      const { status, body } = await down.call('POST', '/api/messages', { body: { to: '+79123456789', text: 'x' } });
      expect(status).toBe(503);
      expect(body.error.messageRu).toBe('Сервис оператора временно недоступен');
      const check = await down.call('POST', '/api/provider/check');
      expect(check.status).toBe(503);
      const stored = JSON.parse(await readFile(join(down.dataDir, 'messages.json'), 'utf8')).messages;
      expect(stored).toEqual([]);
    } finally {
      await down.dispose();
    }
  });
});
