import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { providerChecks } from '../support/provider-outcomes';
import { PROVIDER_TEXT_MAX } from '../../relay/providers/keep-secrets';
import { createSmsRuProvider } from '../../relay/providers/smsru';
import { closedPortUrl } from '../support/closed-port';
import { startFakeHttpServer, type FakeReply } from '../fakes/fake-http-server';
import { smsRuCallbackBody, startFakeSmsRu, type FakeSmsRu, type SmsRuFaultMode } from '../fakes/fake-smsru';

let fake: FakeSmsRu;
beforeAll(async () => {
  fake = await startFakeSmsRu();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.fail(null);
  fake.faults(null);
});

const provider = (overrides: Partial<Parameters<typeof createSmsRuProvider>[0]> = {}) =>
  createSmsRuProvider({ baseUrl: fake.url, timeoutMs: 2000, apiId: fake.apiId, ...overrides });

const { caught: providerError } = providerChecks(['TEST-API-ID-0000', 'WRONG-KEY']);

describe('SMS.ru adapter against a fake SMS.ru', () => {
  it('sends one text to several numbers in one form-encoded call', async () => {
    const before = fake.calls('sms/send').length;
    const outcomes = await provider({ from: 'SHOP' }).send([
      { to: '79123456789', text: 'Скидка 10% 🎉' },
      { to: '79123456780', text: 'Скидка 10% 🎉' },
    ]);
    const [request] = fake.calls('sms/send').slice(before);
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request!.form)).toEqual({ api_id: fake.apiId, json: '1', to: '79123456789,79123456780', msg: 'Скидка 10% 🎉', from: 'SHOP' });
    expect(outcomes).toEqual([
      { to: '79123456789', ok: true, providerMessageId: expect.stringMatching(/^000000-/), status: 'queued' },
      { to: '79123456780', ok: true, providerMessageId: expect.stringMatching(/^000000-/), status: 'queued' },
    ]);
  });

  it('sends personal texts as to[number]=text', async () => {
    const before = fake.calls('sms/send').length;
    await provider().send([
      { to: '79123456789', text: 'Иван, привет' },
      { to: '79123456780', text: 'Мария, привет' },
    ]);
    const form = fake.calls('sms/send').slice(before)[0]!.form;
    expect(form.get('to[79123456789]')).toBe('Иван, привет');
    expect(form.get('to[79123456780]')).toBe('Мария, привет');
    expect(form.has('msg')).toBe(false);
    expect(fake.sent.slice(-2).map((s) => s.text)).toEqual(['Иван, привет', 'Мария, привет']);
  });

  it('passes test mode on as test=1', async () => {
    const before = fake.calls('sms/send').length;
    await provider({ test: true }).send([{ to: '79123456789', text: 'test' }]);
    expect(fake.calls('sms/send').slice(before)[0]!.form.get('test')).toBe('1');
  });

  it('fails only the refused number in a batch', async () => {
    fake.refuseNumber('79990000000', 202);
    const outcomes = await provider().send([
      { to: '79123456789', text: 'a' },
      { to: '79990000000', text: 'a' },
    ]);
    expect(outcomes[0]!.ok).toBe(true);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'invalid_number', errorClass: 'permanent', providerCode: '202' } });
  });

  it('reads the cost preview with money as strings', async () => {
    const estimate = await provider().cost!([{ to: '79123456789', text: 'я'.repeat(100) }]);
    expect(estimate).toEqual({ cost: 3.48, currency: 'RUB', parts: 2, perRecipient: [{ to: '79123456789', cost: 3.48, parts: 2 }] });
  });

  it('reads the balance and checks credentials', async () => {
    expect((await provider().balance!()).currency).toBe('RUB');
    await expect(provider().check!()).resolves.toBeUndefined();
    const error = await providerError(provider({ apiId: 'WRONG-KEY' }).check!());
    expect(error).toMatchObject({ code: 'auth_failed', errorClass: 'stop', providerCode: '200' });
    expect(error.message).not.toContain('WRONG-KEY');
  });

  it('maps delivery states from sms/status and skips unknown ids', async () => {
    const [sent] = await provider().send([{ to: '79123456789', text: 'status' }]);
    const id = (sent as { providerMessageId: string }).providerMessageId;
    fake.setStatus(id, 103);
    expect(await provider().status!([id, '000000-99999999'])).toEqual([
      { providerMessageId: id, status: 'delivered', providerStatus: '103', cost: 1.74, currency: 'RUB' },
    ]);
    fake.setStatus(id, 106);
    expect((await provider().status!([id]))[0]).toMatchObject({ status: 'failed', errorText: 'state 106' });
  });

  it('parses delivery callbacks and answers "100"', () => {
    const result = provider().parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: smsRuCallbackBody([
        { smsId: '000000-1', code: 102 },
        { smsId: '000000-2', code: 103 },
      ]),
      query: {},
    });
    expect(result.reply).toEqual({ status: 200, body: '100', contentType: 'text/plain' });
    expect(result.updates).toEqual([
      { providerMessageId: '000000-1', status: 'sent', providerStatus: '102' },
      { providerMessageId: '000000-2', status: 'delivered', providerStatus: '103' },
    ]);
  });

  it.each([
    [{ code: 201 }, 'insufficient_funds', 'stop'],
    [{ code: 204 }, 'sender_not_approved', 'stop'],
    [{ code: 220 }, 'service_unavailable', 'retryable'],
    [{ code: 503 }, 'blocked_by_provider', 'stop'],
  ] as const)('turns %j into %s (%s), certainly not sent', async (mode, code, errorClass) => {
    fake.fail(mode);
    const error = await providerError(provider().send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code, errorClass, outcomeUnknown: false });
  });

  it.each([
    ['error-before-accept', false],
    ['gateway-before-accept', true],
    ['gateway-after-accept', true],
    ['garbled-after-accept', true],
    ['reset-before-accept', true],
    ['reset-after-accept', true],
  ] as [SmsRuFaultMode, boolean][])('a send answered with %s: service_unavailable, retryable, outcome unknown: %s', async (mode, outcomeUnknown) => {
    fake.faults({ mode, rate: 1 });
    const error = await providerError(provider().send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'service_unavailable', errorClass: 'retryable', outcomeUnknown });
  });

  it("an HTTP 500 without SMS.ru's answer in it (a plain error page) is an unknown outcome", async () => {
    fake.fail({ http: 500 });
    const error = await providerError(provider().send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'service_unavailable', providerCode: 'HTTP 500', outcomeUnknown: true });
  });

  it('reports a slow answer as a timeout whose outcome is unknown', async () => {
    fake.fail({ delayMs: 500 });
    const error = await providerError(provider({ timeoutMs: 100 }).send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'timeout', errorClass: 'retryable', outcomeUnknown: true });
  });

  it('reports a closed port as unavailable, certainly not sent', async () => {
    const error = await providerError(provider({ baseUrl: await closedPortUrl() }).send([{ to: '79123456789', text: 'x' }]));
    expect(error).toMatchObject({ code: 'service_unavailable', outcomeUnknown: false });
  });
});

describe('SMS.ru adapter against answers that are JSON but not what SMS.ru documents', () => {
  async function answeredWith(reply: FakeReply) {
    const server = await startFakeHttpServer(() => reply);
    try {
      return await createSmsRuProvider({ baseUrl: server.url, timeoutMs: 2000, apiId: 'TEST-API-ID-0000' }).send([{ to: '79123456789', text: 'x' }]);
    } finally {
      await server.close();
    }
  }

  it('a 200 with neither OK nor ERROR: unknown outcome, not a refusal', async () => {
    const error = await providerError(answeredWith({ body: { result: 'queued' } }));
    expect(error).toMatchObject({ code: 'service_unavailable', outcomeUnknown: true });
  });

  it("a number marked OK without a message id: that number's outcome is unknown", async () => {
    const [outcome] = await answeredWith({ body: { status: 'OK', status_code: 100, sms: { '79123456789': { status: 'OK', status_code: 100 } } } });
    expect(outcome).toMatchObject({ ok: false, error: { outcomeUnknown: true } });
  });

  it('a garbled answer echoing the api_id across the cut of provider texts shows no part of it', async () => {
    const quoted = 'unexpected answer (HTTP 200): ';
    const error = await providerError(answeredWith({ body: `${'x'.repeat(PROVIDER_TEXT_MAX - quoted.length - 8)}TEST-API-ID-0000&to=79123456789` }));
    // Taken out first, then cut: the key straddled the cut in the raw answer.
    expect(error.providerText).toMatch(/^unexpected answer \(HTTP 200\): x+\*\*\*&to=\d*…$/);
    expect(error.message).not.toContain('TEST-API');
    expect(error.outcomeUnknown).toBe(true);
  });
});
