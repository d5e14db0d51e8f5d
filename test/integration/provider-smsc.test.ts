import { describe, expect } from 'vitest';
import { adapterTest } from '../support/adapter-test';
import { oneByOneAdapterTests } from '../support/one-by-one-adapter-tests';
import { providerChecks } from '../support/provider-outcomes';
import { createSmscProvider, type SmscOptions } from '../../relay/providers/smsc';
import { startFakeSmsc } from '../fakes/fake-smsc';

const LOGIN = 'crm-relay-login';
const PASSWORD = 'Pa55-smsc-secret';
const API_KEY = 'smsc-api-key-0123456789';
const WRONG_PASSWORD = 'wrong-password-42';
const SECRETS = [LOGIN, PASSWORD, API_KEY, WRONG_PASSWORD];

const CYRILLIC_EMOJI = 'Здравствуйте, Анна! Заказ №15 готов 🎉';

const it = adapterTest(
  () => startFakeSmsc({ login: LOGIN, password: PASSWORD, apiKey: API_KEY }),
  (fake, overrides: Partial<SmscOptions> = {}) => createSmscProvider({ baseUrl: fake.url, timeoutMs: 2000, login: LOGIN, password: PASSWORD, ...overrides }),
);

const { caught, failed, succeeded } = providerChecks(SECRETS);

describe('SMSC.ru adapter against a fake SMSC', () => {
  oneByOneAdapterTests(it, {
    id: 'smsc',
    name: 'SMSC.ru',
    capabilities: { cost: true, balance: true, check: true, statusPoll: true, callbacks: true, batchSize: 1, maxParts: 6, lookup: true, stopList: 'none', replies: true },
    secrets: SECRETS,
    wrongCredentials: { password: WRONG_PASSWORD },
    messageId: '1:79123456789',
    wirePhone: (digits) => digits,
    providerCodes: { authFailed: '2', insufficientFunds: '3', invalidNumber: '7' },
    emptyAccount: (fake) => fake.setBalance(1),
  });

  it('sends one message: POST sys/send.php, credentials in the body, digits phone, UTF-8 text, cost=3', async ({ fake, make }) => {
    const provider = make({ sender: 'CRMShop' });
    const [outcome, ...rest] = await provider.send([{ to: '79123456789', text: CYRILLIC_EMOJI }]);
    expect(rest).toHaveLength(0);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/sys/send.php');
    expect(request.query.toString()).toBe(''); // nothing, credentials least of all, in the URL
    expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const form = request.form;
    expect(form.get('login')).toBe(LOGIN);
    expect(form.get('psw')).toBe(PASSWORD);
    expect(form.get('fmt')).toBe('3');
    expect(form.get('charset')).toBe('utf-8');
    expect(form.get('cost')).toBe('3');
    expect(form.get('phones')).toBe('79123456789');
    expect(form.get('mes')).toBe(CYRILLIC_EMOJI);
    expect(form.get('sender')).toBe('CRMShop');

    const sent = succeeded(outcome);
    expect(sent.to).toBe('79123456789');
    expect(sent.providerMessageId).toBe(`${fake.sent[0]!.id}:79123456789`);
    expect(sent.status).toBe('queued');
    expect(sent.cost).toBe(1.7); // "1.70" on the wire
    expect(sent.parts).toBe(1);
    expect(fake.sent).toEqual([{ phone: '79123456789', text: CYRILLIC_EMOJI, sender: 'CRMShop', id: fake.sent[0]!.id }]);
  });

  it('reads parts and cost of each message from its own send.php answer', async ({ fake, provider }) => {
    const outcomes = await provider.send([
      { to: '79123456789', text: 'Hello from the CRM' },
      { to: '79234567890', text: 'Длинное сообщение '.repeat(5) }, // 90 UCS-2 characters: 2 parts
    ]);
    expect(outcomes.map((o) => [succeeded(o).parts, succeeded(o).cost])).toEqual([
      [1, 1.7],
      [2, 3.4],
    ]);
    expect(fake.params().map((p) => p.get('phones'))).toEqual(['79123456789', '79234567890']);
  });

  it('uses the API key instead of login and password when configured', async ({ fake, make }) => {
    const provider = make({ password: undefined, apiKey: API_KEY });
    succeeded((await provider.send([{ to: '79123456789', text: 'key auth' }]))[0]);
    const form = fake.requests[0]!.form;
    expect(form.get('apikey')).toBe(API_KEY);
    expect(form.has('login')).toBe(false);
    expect(form.has('psw')).toBe(false);
  });

  it('prices messages with cost=1 and sends nothing', async ({ fake, provider }) => {
    const estimate = await provider.cost!([
      { to: '79123456789', text: 'Short one' },
      { to: '79234567890', text: 'Длинное сообщение '.repeat(5) },
    ]);
    expect(estimate).toEqual({
      cost: 5.1,
      currency: 'RUB',
      parts: 3,
      perRecipient: [
        { to: '79123456789', cost: 1.7, parts: 1 },
        { to: '79234567890', cost: 3.4, parts: 2 },
      ],
    });
    expect(fake.sent).toHaveLength(0);
    expect(fake.params().every((p) => p.get('cost') === '1' && p.get('fmt') === '3')).toBe(true);
    expect(fake.requests.every((r) => r.path === '/sys/send.php')).toBe(true);
  });

  it('reads the balance (a string on the wire) and checks the credentials through it', async ({ fake, provider }) => {
    fake.setBalance(42.5);
    expect(await provider.balance!()).toEqual({ balance: 42.5, currency: 'RUB' });
    await expect(provider.check!()).resolves.toBeUndefined();
    expect(fake.requests.map((r) => r.path)).toEqual(['/sys/balance.php', '/sys/balance.php']);
    expect(fake.requests[0]!.form.get('psw')).toBe(PASSWORD);
  });

  it('maps SMSC message states from status.php onto ours', async ({ fake, provider }) => {
    const sent = succeeded((await provider.send([{ to: '79123456789', text: 'track me' }]))[0]);
    const id = fake.sent[0]!.id;
    const cases: [number, string][] = [
      [-1, 'queued'],
      [0, 'sent'],
      [1, 'delivered'],
      [2, 'delivered'],
      [4, 'delivered'],
      [-2, 'failed'],
      [3, 'failed'],
      [20, 'failed'],
      [22, 'failed'],
      [23, 'failed'],
      [24, 'failed'],
      [25, 'failed'],
      [77, 'unknown'],
    ];
    for (const [code, expected] of cases) {
      fake.setStatus(id, '79123456789', code, code === 20 ? 1 : 0);
      const [update, ...more] = await provider.status!([sent.providerMessageId]);
      expect(more).toHaveLength(0);
      expect(update).toMatchObject({ providerMessageId: sent.providerMessageId, status: expected, providerStatus: String(code) });
      if (expected === 'failed') expect(update?.errorText).toBeTruthy();
    }
    fake.setStatus(id, '79123456789', 20, 1);
    expect((await provider.status!([sent.providerMessageId]))[0]?.errorText).toBe('cannot be delivered (err 1)');

    const statusRequest = fake.requests.at(-1)!;
    expect(statusRequest.path).toBe('/sys/status.php');
    expect(statusRequest.form.get('id')).toBe(String(id));
    expect(statusRequest.form.get('phone')).toBe('79123456789');
    expect(statusRequest.form.get('fmt')).toBe('3');
  });

  it('leaves unknown message ids out of the status answer', async ({ fake, provider }) => {
    expect(await provider.status!(['999999:79123456789', 'not-an-smsc-id'])).toEqual([]);
    expect(fake.requests).toHaveLength(1); // the malformed id is not even asked about
  });

  it('parses delivery callbacks (form or JSON) and answers 200', ({ provider }) => {
    const delivered = provider.parseCallback!({
      contentType: 'application/x-www-form-urlencoded',
      body: 'id=1001&phone=79123456789&status=1&err=0&time=1720000000&cost=1.70&sha1=abc',
      query: {},
    });
    expect(delivered.updates).toEqual([{ providerMessageId: '1001:79123456789', status: 'delivered', providerStatus: '1', cost: 1.7 }]);
    expect(delivered.reply.status).toBe(200);

    const undeliverable = provider.parseCallback!({
      contentType: 'application/json',
      body: JSON.stringify({ id: 1002, phone: '+79234567890', status: '20', err: '1' }),
      query: {},
    });
    expect(undeliverable.updates).toEqual([{ providerMessageId: '1002:79234567890', status: 'failed', providerStatus: '20', errorText: 'cannot be delivered (err 1)' }]);

    const garbage = provider.parseCallback!({ contentType: 'text/plain', body: 'hello', query: {} });
    expect(garbage.updates).toEqual([]);
    expect(garbage.reply.status).toBe(200);
  });

  it('without a password or API key: auth_failed without calling SMSC', async ({ fake, make }) => {
    const provider = make({ password: undefined });
    const error = await caught(provider.check!());
    expect(error.code).toBe('auth_failed');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a text over 1000 characters locally (text_too_long)', async ({ fake, provider }) => {
    const [outcome] = await provider.send([{ to: '79123456789', text: 'x'.repeat(1001) }]);
    expect(failed(outcome).code).toBe('text_too_long');
    expect(fake.requests).toHaveLength(0);
  });

  it('the same message too often (error 9) is number_limit for that message; limit_reached for the account calls', async ({ fake, provider }) => {
    fake.fail('rate_limit');
    const [outcome] = await provider.send([{ to: '79123456789', text: 'again' }]);
    expect(failed(outcome).code).toBe('number_limit');
    expect((await caught(provider.balance!())).code).toBe('limit_reached');
  });
});

describe('SMSC.ru adapter: finding out whether SMSC took a message', () => {
  const REF = 'mlg_0a1b2c3d4e5f-12345';
  const NOW = Date.parse('2026-11-24T10:00:00Z');
  const clock = { now: () => NOW };
  /** An attempt that ended `endedMsAgo` before NOW. */
  const attempt = (ref: string | undefined, endedMsAgo = 600_000) => ({
    to: '79123456789',
    text: 'Your order is ready',
    ...(ref ? { ref } : {}),
    sentAfter: NOW - endedMsAgo - 5_000,
    sentBefore: NOW - endedMsAgo,
  });

  it("sends a message's reference as SMSC's client-chosen id, and the provider id is built from it", async ({ fake, provider }) => {
    const [outcome] = await provider.send([{ to: '79123456789', text: 'with a ref', ref: REF }]);
    expect(fake.requests[0]!.form.get('id')).toBe(REF);
    expect(succeeded(outcome).providerMessageId).toBe(`${REF}:79123456789`);
    expect(fake.sent[0]!.id).toBe(REF);

    succeeded((await provider.send([{ to: '79234567890', text: 'no ref' }]))[0]);
    expect(fake.requests[1]!.form.has('id')).toBe(false);
  });

  it('a reference SMSC would not take as an id (too long, other characters, all digits) goes as the same 40-character digest every time', async ({ fake, provider }) => {
    for (const ref of ['m'.repeat(41), 'mailing 7/recipient 3', '4294967296']) {
      await provider.send([{ to: '79123456789', text: 'a', ref }]);
      await provider.send([{ to: '79123456789', text: 'a', ref }]);
      const [first, second] = fake.requests.slice(-2).map((request) => request.form.get('id'));
      expect(first).toMatch(/^r[0-9a-f]{39}$/);
      expect(second).toBe(first);
    }
    expect(fake.sent).toHaveLength(6); // the fake refuses ids SMSC documents as invalid: none was refused
  });

  it('lookup: SMSC has a message with that id for the number → sent, with the provider id status polling uses', async ({ fake, make }) => {
    const provider = make({ clock });
    const [outcome] = await provider.send([{ to: '79123456789', text: 'Your order is ready', ref: REF }]);
    fake.setStatus(REF, '79123456789', 1);
    expect(await provider.lookup!([attempt(REF)])).toEqual([{ to: '79123456789', found: 'sent', providerMessageId: succeeded(outcome).providerMessageId }]);
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/sys/status.php');
    expect(Object.fromEntries(request.form)).toMatchObject({ id: REF, phone: '79123456789', fmt: '3' });
  });

  it('lookup: SMSC has no such message (error 3, or state -3 in its multi-id wording) → not sent', async ({ fake, make }) => {
    const provider = make({ clock });
    expect(await provider.lookup!([attempt(REF)])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
    fake.reportMissingAsState();
    expect(await provider.lookup!([attempt(REF)])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
    expect(fake.sent).toHaveLength(0);
  });

  it('lookup: "no such message" is not believed within a minute of the attempt (SMSC may still be working on it)', async ({ make }) => {
    const provider = make({ clock });
    expect(await provider.lookup!([attempt(REF, 59_000)])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    expect(await provider.lookup!([attempt(REF, 61_000)])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
    expect(await make({ clock, lookupSettleMs: 5_000 }).lookup!([attempt(REF, 6_000)])).toEqual([{ to: '79123456789', found: 'not_sent' }]);
  });

  it('lookup: without a reference SMSC cannot be asked → unknown, nothing requested', async ({ fake, make }) => {
    expect(await make({ clock }).lookup!([attempt(undefined)])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    expect(fake.requests).toHaveLength(0);
  });

  it('lookup: an SMSC error answer (too many requests, wrong credentials) → unknown', async ({ fake, make }) => {
    fake.fail('rate_limit');
    expect(await make({ clock }).lookup!([attempt(REF)])).toEqual([{ to: '79123456789', found: 'unknown' }]);
    fake.fail(null);
    expect(await make({ clock, password: WRONG_PASSWORD }).lookup!([attempt(REF)])).toEqual([{ to: '79123456789', found: 'unknown' }]);
  });

  it('status polling leaves out a message SMSC words as state -3 too', async ({ fake, provider }) => {
    fake.reportMissingAsState();
    expect(await provider.status!(['999999:79123456789'])).toEqual([]);
  });
});
