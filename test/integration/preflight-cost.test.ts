import { afterEach, describe, expect, it } from 'vitest';
import { recipients, startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

let fake: FakeSmsRu;
let relay: TestRelay;
afterEach(async () => {
  await relay?.dispose();
  await fake?.close();
});

// SMS.ru prices each destination by its operator: three prices, one of them abroad.
const PRICES = { '7912': 1.74, '7916': 2.1, '7701': 5 };
const LONG_NAME = 'Констанция-Аполлинария'.repeat(2);
const TEXT = 'Здравствуйте, {{contact.firstName}}! Ваш заказ готов, заберите его в пункте выдачи.';

/** `count` contacts at numbers starting `prefix`, every third with a first name long enough for a second part. */
const people = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    crmId: `${prefix}:${i}`,
    snapshot: {
      name: `Клиент ${prefix} ${i}`,
      firstName: i % 3 === 0 ? LONG_NAME : 'Анна',
      phones: [{ number: `+${prefix}${String(i).padStart(11 - prefix.length, '0')}`, type: 'mobile' }],
    },
  }));

describe('the cost estimate', () => {
  it('asks the provider once per (part count, price class), not per recipient, and comes to what pricing every text would', async () => {
    fake = await startFakeSmsRu({ balance: 1e6, pricePerSms: 9.99, pricePerSmsByPrefix: PRICES });
    relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, ALLOWED_COUNTRIES: 'RU,KZ', MAILING_RATE_PER_SECOND: '0' });
    const contacts = [...people('7912', 240), ...people('7916', 150), ...people('7701', 30)];
    await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
    const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Заказы', launchType: 'instant', text: TEXT } }), 201);
    await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId) } }));

    const before = fake.calls('sms/cost').length;
    const preflight = await ok(relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' }));
    const asked = fake.calls('sms/cost').slice(before);

    // What pricing each personal text at its number comes to.
    const partsOf = (firstName: string) => (firstName === LONG_NAME ? 2 : 1);
    const expected = contacts.reduce((sum, c) => sum + partsOf(c.snapshot.firstName) * PRICES[c.crmId.split(':')[0] as keyof typeof PRICES], 0);
    expect(preflight.recipients).toBe(420);
    expect(preflight.totalParts).toBe(420 + 80 + 50 + 10);
    expect(preflight.estimatedCost).toBeCloseTo(expected, 2);
    // Three price classes, each at one and two parts: six numbers asked about, in one request per part count.
    const numbers = asked.flatMap((request) => recipients(request.form).map((r) => r.phone));
    expect(numbers).toHaveLength(6);
    expect(new Set(numbers.map((n) => n.slice(0, 4)))).toEqual(new Set(Object.keys(PRICES)));
    expect(asked).toHaveLength(2);
  });

  it('a provider that cannot price it says so in words; the rest of the pre-flight stands', async () => {
    fake = await startFakeSmsRu({ balance: 1e6 });
    relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0' });
    const contacts = people('7912', 5);
    await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
    const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Без цены', launchType: 'instant', text: TEXT } }), 201);
    await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId) } }));
    // Positive control: priced while the provider answers.
    expect((await ok(relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' }))).estimatedCost).toBeCloseTo(1.74 * 7, 2);

    fake.fail({ http: 500 });
    const preflight = await ok(relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' }));
    expect(preflight).toMatchObject({ recipients: 5, totalParts: 7, estimatedCost: null });
    const problem = preflight.problems.find((p: { code: string }) => p.code === 'cost_unavailable');
    expect(problem.message).toMatch(/^The cost could not be estimated: /);
    expect(problem.messageRu).toMatch(/^Не удалось оценить стоимость: /);
  });
});
