import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let fake: FakeSmsRu;
let relay: TestRelay;

/** Intl writes «1,96 ₽» with no-break spaces; the tests read it as a person does. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function mailingTo(name: string, contacts: string[]): Promise<string> {
  const created = await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: 'Ваш заказ готов' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const audience = await relay.call('PUT', `/api/mailings/${created.body.id}/audience`, { role: 'marketer', body: { contacts } });
  expect(audience.status, JSON.stringify(audience.body)).toBe(200);
  return created.body.id;
}

const sends = () => fake.calls('sms/send').length;

// A fresh provider and relay for each test: a launch spends the balance the next test counts on.
beforeEach(async () => {
  // 1.74 ₽ a message, 5 ₽ on the account: four messages (6.96 ₽) are 1.96 ₽ more than there is.
  fake = await startFakeSmsRu({ balance: 5, pricePerSms: 1.74 });
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0', MAILING_RETRY_BASE_MS: '20' });
  const contacts = Array.from({ length: 4 }, (_, i) => ({
    crmId: `bal:${i}`,
    snapshot: { name: `Клиент ${i}`, firstName: `Имя${i}`, phones: [{ number: `+7912555000${i}`, type: 'mobile' }] },
  }));
  const bulk = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } });
  expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
});
afterEach(async () => {
  await relay?.dispose();
  await fake?.close();
});

describe('a launch whose estimate is over the balance', () => {
  let id = '';
  beforeEach(async () => {
    id = await mailingTo('Больше баланса', ['bal:0', 'bal:1', 'bal:2', 'bal:3']);
  });

  it('the pre-flight names the shortfall', async () => {
    const { body } = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(body).toMatchObject({ recipients: 4, estimatedCost: 6.96, balance: 5, shortfall: 1.96, currency: 'RUB' });
    const problem = body.problems.find((p: { code: string }) => p.code === 'over_balance');
    expect(plain(problem.messageRu)).toBe('Оценка стоимости 6,96 ₽ больше баланса 5,00 ₽: не хватает 1,96 ₽');
    expect(problem.message).toBe('The estimated cost ₽6.96 is more than the balance ₽5.00: ₽1.96 short');
  });

  it('is refused without the confirmation, in words naming the shortfall, and nothing is sent', async () => {
    const before = sends();
    for (const request of [{}, { body: {} }, { body: { confirmOverBalance: false } }]) {
      const { status, body } = await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer', ...request });
      expect(status, JSON.stringify(body)).toBe(409);
      expect(body.error.code).toBe('over_balance');
      expect(plain(body.error.messageRu)).toContain('больше баланса 5,00 ₽: не хватает 1,96 ₽');
      expect(body.error.messageRu).toContain('подтвердите запуск сверх баланса');
      expect(body.error.message).toContain('₽1.96 short');
      expect(body.error.message).toContain('"confirmOverBalance": true');
    }
    const mailing = await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' });
    expect(mailing.body).toMatchObject({ status: 'draft', counters: { total: 0 } });
    expect(sends()).toBe(before);
  });

  it('an unknown option is named, not ignored', async () => {
    const { status, body } = await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer', body: { confirm: true } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'unknown_field', field: 'confirm' });
    expect(body.error.message).toContain('confirmOverBalance');
  });

  it('goes out once confirmed', async () => {
    const { status, body } = await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer', body: { confirmOverBalance: true } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('running');
    expect(body.counters.total).toBe(4);
  });

  it('positive control: within the balance, a launch needs no confirmation', async () => {
    fake.topUp(100);
    const within = await mailingTo('В пределах баланса', ['bal:0']);
    const preflight = await relay.call('GET', `/api/mailings/${within}/preflight`, { role: 'marketer' });
    expect(preflight.body.shortfall).toBeNull();
    expect(preflight.body.problems.map((p: { code: string }) => p.code)).not.toContain('over_balance');
    const { status, body } = await relay.call('POST', `/api/mailings/${within}/launch`, { role: 'marketer' });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('running');
  });
});
