import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactSnapshot } from '../../shared/api';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, testClock, type TestRelay } from '../support/relay-harness';

let fake: FakeSmsRu;
let relay: TestRelay;

const env = () => ({
  PROVIDER: 'smsru',
  SMSRU_API_ID: fake.apiId,
  SMSRU_BASE_URL: fake.url,
  MAILING_RATE_PER_SECOND: '0',
  MAILING_RETRY_BASE_MS: '20',
  MAILING_ERROR_RATE_WINDOW: '1000',
});

/** The mobile of test contact i, as providers get it. */
const phoneOf = (i: number) => `7912${String(i).padStart(7, '0')}`;

/** n contacts: "Клиент i" of account Ромашка (even) or Лютик (odd), distinct mobiles. */
function contacts(n: number, from = 0): { crmId: string; snapshot: ContactSnapshot }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      crmId: `test:crm:${i}`,
      snapshot: {
        name: `Клиент ${i}`,
        firstName: `Имя${i}`,
        lastName: `Фамилия${i}`,
        phones: [{ number: `+${phoneOf(i)}`, type: 'mobile' }],
        account: i % 2 === 0 ? 'Ромашка' : 'Лютик',
        city: 'Казань',
      },
    };
  });
}

async function addContacts(target: TestRelay, list: { crmId: string; snapshot: ContactSnapshot }[]) {
  for (let i = 0; i < list.length; i += 5000) {
    const { status, body } = await target.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: list.slice(i, i + 5000) } });
    expect(status, JSON.stringify(body)).toBe(200);
  }
}

async function createMailing(target: TestRelay, body: Record<string, unknown>) {
  const { status, body: mailing } = await target.call('POST', '/api/mailings', { role: 'marketer', body: { launchType: 'instant', ...body } });
  expect(status, JSON.stringify(mailing)).toBe(201);
  return mailing as { id: string; status: string };
}

async function waitForStatus(target: TestRelay, id: string, wanted: string, timeoutMs = 15_000) {
  return vi.waitFor(
    async () => {
      const { body } = await target.call('GET', `/api/mailings/${id}`, { role: 'marketer' });
      if (body.status !== wanted)
        throw new Error(`mailing ${id} is ${body.status} (${JSON.stringify(body.statusReason)}; ${JSON.stringify(body.counters)}), not ${wanted}`);
      return body;
    },
    { timeout: timeoutMs, interval: 20 },
  );
}

const duplicates = (list: string[]) => list.filter((p, i) => list.indexOf(p) !== i);

// Each test gets its own fake SMS.ru and relay with the same 300 contacts: no test sees another's mailings,
// contacts, sends or refused numbers, whatever order they run in.
beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay(env());
  await addContacts(relay, contacts(300));
});
afterEach(async () => {
  await relay.dispose();
  await fake.close();
});

/** The mailing "Акция" to all 300 contacts (two by hand, all of them through a dynamic group), audience set, not launched. */
async function createAkciya(target: TestRelay) {
  const mailing = await createMailing(target, { name: 'Акция', text: 'Здравствуйте, {{contact.firstName}}! Скидка для {{account.name}}.' });
  const group = await target.call('POST', '/api/groups', {
    role: 'marketer',
    body: { name: 'Все', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'hasMobile', op: 'is_true' }] } },
  });
  await target.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['test:crm:0', 'test:crm:1'], groups: [group.body.id] } });
  return mailing;
}

describe('an instant mailing', () => {
  it('reaches each of 300 contacts exactly once with their own text, and reports it', async () => {
    const mailing = await createAkciya(relay);

    const preflight = await relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' });
    expect(preflight.body).toMatchObject({ recipients: 300, totalParts: 300, currency: 'RUB', problems: [] });
    expect(preflight.body.estimatedCost).toBeCloseTo(300 * 1.74, 2);

    const before = fake.sent.length;
    const launched = await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    expect(launched.body.status).toBe('running');
    await waitForStatus(relay, mailing.id, 'finished');

    const sent = fake.sent.slice(before);
    expect(sent).toHaveLength(300);
    expect(duplicates(sent.map((s) => s.phone))).toEqual([]);
    expect(sent.find((s) => s.text.includes('Имя7!'))?.text).toBe('Здравствуйте, Имя7! Скидка для Лютик.');
    expect(
      fake
        .calls('sms/send')
        .slice(-3)
        .every((r) => [...r.form.keys()].filter((k) => k.startsWith('to[')).length <= 100),
    ).toBe(true);

    const stats = await relay.call('GET', `/api/mailings/${mailing.id}/stats`, { role: 'marketer' });
    expect(stats.body).toMatchObject({ status: 'finished', totalParts: 300, progress: 1, counters: { total: 300, sent: 300, queued: 0 } });

    const messages = await relay.call('GET', '/api/messages?contactId=test:crm:7');
    expect(messages.body.messages[0]).toMatchObject({ text: 'Здравствуйте, Имя7! Скидка для Лютик.', mailing: { id: mailing.id, name: 'Акция' }, status: 'sent' });

    const smsId = sent[7]!.smsId;
    fake.setStatus(smsId, 103);
    await relay.pollStatuses();
    const after = await relay.call('GET', `/api/mailings/${mailing.id}/stats`, { role: 'marketer' });
    expect(after.body.counters.delivered).toBe(1);
    expect(after.body.cost).toBeCloseTo(1.74, 2);
  });

  it('lists its recipients a page at a time, also by status, read back from the frozen audience', async () => {
    // Its own "Акция", sent to all 300, one of them delivered.
    const mailing = await createAkciya(relay);
    expect((await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' })).body.status).toBe('running');
    await waitForStatus(relay, mailing.id, 'finished');
    fake.setStatus(fake.sent[7]!.smsId, 103);
    await relay.pollStatuses();

    const page = await relay.call('GET', `/api/mailings/${mailing.id}/recipients?offset=298&limit=5`, { role: 'marketer' });
    expect(page.body.total).toBe(300);
    expect(page.body.recipients.map((r: { index: number }) => r.index)).toEqual([298, 299]);
    expect(page.body.recipients[0].text).toMatch(/^Здравствуйте, Имя\d+! Скидка для (Ромашка|Лютик)\.$/);
    const delivered = await relay.call('GET', `/api/mailings/${mailing.id}/recipients?status=delivered&offset=0&limit=10`, { role: 'marketer' });
    expect(delivered.body).toMatchObject({
      total: 1,
      recipients: [{ state: 'delivered', phone: fake.sent.find((s) => s.smsId === delivered.body.recipients[0].providerMessageId)?.phone }],
    });
    const beyond = await relay.call('GET', `/api/mailings/${mailing.id}/recipients?offset=400&limit=10`, { role: 'marketer' });
    expect(beyond.body).toEqual({ total: 300, recipients: [] });
  });

  it('skips do-not-use-SMS, no phone, invalid and duplicate phones, and says why', async () => {
    await addContacts(relay, [
      { crmId: 'skip:1', snapshot: { name: 'Флаг', phones: [{ number: '+79120009901', type: 'mobile' }], doNotUseSms: true, account: 'Пропуск' } },
      { crmId: 'skip:2', snapshot: { name: 'Без телефона', phones: [], account: 'Пропуск' } },
      { crmId: 'skip:3', snapshot: { name: 'Плохой номер', phones: [{ number: '12345' }], account: 'Пропуск' } },
      { crmId: 'skip:4', snapshot: { name: 'Оригинал', phones: [{ number: '+79120009904', type: 'mobile' }], account: 'Пропуск' } },
      { crmId: 'skip:5', snapshot: { name: 'Дубль', phones: [{ number: '8 912 000-99-04', type: 'mobile' }], account: 'Пропуск' } },
    ]);
    const mailing = await createMailing(relay, { name: 'Пропуски', text: 'Текст' });
    const group = await relay.call('POST', '/api/groups', {
      role: 'marketer',
      body: { name: 'Пропуск', kind: 'dynamic', filter: { combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'пропуск' }] } },
    });
    expect((await relay.call('GET', `/api/groups/${group.body.id}/count`, { role: 'marketer' })).body).toEqual({ count: 5 });
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { groups: [group.body.id] } });
    const preflight = await relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' });
    expect(preflight.body).toMatchObject({ recipients: 1, skipped: { do_not_use_sms: 1, no_phone: 1, invalid_phone: 1, duplicate_phone: 1 } });
    await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    await waitForStatus(relay, mailing.id, 'finished');
    const skipped = await relay.call('GET', `/api/mailings/${mailing.id}/recipients?status=skipped`, { role: 'marketer' });
    expect(Object.fromEntries(skipped.body.recipients.map((r: { name: string; skipReason: string }) => [r.name, r.skipReason]))).toEqual({
      Флаг: 'do_not_use_sms',
      'Без телефона': 'no_phone',
      'Плохой номер': 'invalid_phone',
      Дубль: 'duplicate_phone',
    });
    const csv = await relay.call('GET', `/api/mailings/${mailing.id}/recipients.csv?format=raw`, { role: 'marketer' });
    expect(csv.text.split('\n')[0]).toContain('contactId,name,phone,state,skipReason');
    expect(csv.text).toContain('skip:1,Флаг,,skipped,do_not_use_sms');
  });

  it('previews exactly the text a contact gets', async () => {
    const mailing = await createMailing(relay, { name: "O'Brien", text: '{{default contact.middleName "клиент"}}, {{contact.name}} & Co' });
    const preview = await relay.call('POST', `/api/mailings/${mailing.id}/preview`, { role: 'marketer', body: { contactId: 'test:crm:3' } });
    expect(preview.body).toMatchObject({ text: 'клиент, Клиент 3 & Co', encoding: 'UCS-2', parts: 1, phone: expect.stringMatching(/^79/), estimatedCost: 1.74 });
  });
});

describe('mailing rules and refusals', () => {
  it.each([
    [{ name: 'x', launchType: 'deferred', text: 'a' }, 400, /Field "startAt": is required for a deferred mailing/],
    [{ name: 'x', launchType: 'deferred', startAt: '2020-01-01T00:00:00Z', text: 'a' }, 400, /Field "startAt": must be in the future/],
    [{ name: 'x', launchType: 'later', text: 'a' }, 400, /Field "launchType": must be "instant" or "deferred"/],
    [{ name: 'x', launchType: 'instant', text: 'Привет, {{contact.frstName}}' }, 422, /Unknown macro "contact.frstName"/],
    [{ name: 'x', launchType: 'instant', text: 'Привет, {{contact.firstName' }, 422, /line 1/],
    [{ launchType: 'instant', text: 'a' }, 400, /Field "name": is required|Field "name"/],
  ])('refuses %j', async (body, status, message) => {
    const { status: got, body: answer } = await relay.call('POST', '/api/mailings', { role: 'marketer', body });
    expect(got).toBe(status);
    expect(answer.error.message).toMatch(message);
  });

  it('ignores and locks the start date of an instant mailing', async () => {
    const mailing = await relay.call('POST', '/api/mailings', {
      role: 'marketer',
      body: { name: 'x', launchType: 'instant', startAt: '2030-01-01T00:00:00Z', text: 'a' },
    });
    expect(mailing.body.startAt).toBeNull();
  });

  it('refuses an agent, a second launch, editing a running mailing, and a launch over the budget cap', async () => {
    expect((await relay.call('GET', '/api/mailings', { role: 'agent' })).status).toBe(403);
    const mailing = await createMailing(relay, { name: 'Once', text: 'Один раз' });
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['test:crm:10'] } });
    await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    const again = await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/cannot be launched; that is possible from: draft/);
    await waitForStatus(relay, mailing.id, 'finished');
    expect((await relay.call('PATCH', `/api/mailings/${mailing.id}`, { role: 'marketer', body: { name: 'y' } })).status).toBe(409);

    const capped = await startTestRelay({ ...env(), MAILING_BUDGET_CAP: '10' });
    try {
      await addContacts(capped, contacts(20));
      const big = await createMailing(capped, { name: 'Дорого', text: 'Текст' });
      await capped.call('PUT', `/api/mailings/${big.id}/audience`, { role: 'marketer', body: { contacts: contacts(20).map((c) => c.crmId) } });
      const refused = await capped.call('POST', `/api/mailings/${big.id}/launch`, { role: 'marketer' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toMatch(/estimated cost 34.8 RUB is over the budget cap of 10/);
      expect((await capped.call('GET', `/api/mailings/${big.id}`, { role: 'marketer' })).body.status).toBe('draft');
    } finally {
      await capped.dispose();
    }
  });
});

describe('when the provider runs out of money', () => {
  it('pauses with the reason, and resuming finishes without sending anyone twice', async () => {
    const mailing = await createMailing(relay, { name: 'Деньги', text: 'Сообщение {{contact.lastName}}' });
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts(300).map((c) => c.crmId) } });
    const before = fake.sent.length;
    // One batch of 100 goes through, then SMS.ru answers "insufficient funds" (201).
    fake.failAfterSends(1, { code: 201 });
    await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    const paused = await waitForStatus(relay, mailing.id, 'paused');
    expect(paused.statusReason).toMatchObject({ code: 'insufficient_funds', messageRu: 'Недостаточно средств на счёте у оператора' });
    expect(fake.sent.length - before).toBe(100);
    const stats = await relay.call('GET', `/api/mailings/${mailing.id}/stats`, { role: 'marketer' });
    expect(stats.body.counters).toMatchObject({ sent: 100, queued: 200, failed: 0, unknown: 0 });

    fake.fail(null);
    await relay.call('POST', `/api/mailings/${mailing.id}/resume`, { role: 'marketer' });
    await waitForStatus(relay, mailing.id, 'finished');
    const sent = fake.sent.slice(before).map((s) => s.phone);
    expect(sent).toHaveLength(300);
    expect(duplicates(sent)).toEqual([]);
  });
});

describe('a deferred mailing', () => {
  it('starts at its time, also after a relay restart, and finishes', async () => {
    const clock = testClock(Date.now());
    const first = await startTestRelay(env(), { clock, scheduler: false });
    const dataDir = first.dataDir;
    await addContacts(first, contacts(5));
    const startAt = new Date(clock.now() + 60 * 60_000).toISOString();
    const mailing = await createMailing(first, { name: 'Утро', launchType: 'deferred', startAt, text: 'Доброе утро' });
    await first.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts(5).map((c) => c.crmId) } });
    expect((await first.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' })).body.status).toBe('scheduled');
    await first.engine.tick();
    expect((await first.call('GET', `/api/mailings/${mailing.id}`, { role: 'marketer' })).body.status).toBe('scheduled');
    await first.close();

    clock.advance(60 * 60_000 + 1000);
    const second = await startTestRelay(env(), { clock, dataDir, scheduler: false });
    try {
      second.tokens.marketer = first.tokens.marketer;
      const before = fake.sent.length;
      await second.engine.tick();
      await waitForStatus(second, mailing.id, 'finished');
      expect(fake.sent.slice(before).map((s) => s.text)).toEqual(Array(5).fill('Доброе утро'));
    } finally {
      await second.dispose();
    }
  });

  it('waits for a human when its start passed long ago while the relay was down', async () => {
    const clock = testClock(Date.now());
    const relayA = await startTestRelay({ ...env(), MAILING_START_GRACE_MINUTES: '30' }, { clock, scheduler: false });
    await addContacts(relayA, contacts(2));
    const mailing = await createMailing(relayA, { name: 'Поздно', launchType: 'deferred', startAt: new Date(clock.now() + 60_000).toISOString(), text: 'x' });
    await relayA.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['test:crm:0'] } });
    await relayA.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    clock.advance(3 * 60 * 60_000);
    await relayA.engine.tick();
    const held = (await relayA.call('GET', `/api/mailings/${mailing.id}`, { role: 'marketer' })).body;
    expect(held).toMatchObject({ status: 'paused', statusReason: { code: 'missed_start' } });
    expect(held.statusReason.message).toMatch(/passed 179 min ago/);
    await relayA.dispose();
  });
});

describe('retry', () => {
  it('re-sends failed recipients only when a person asks', async () => {
    fake.refuseNumber(phoneOf(250), 207);
    const mailing = await createMailing(relay, { name: 'Повтор', text: 'Повтор' });
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['test:crm:250', 'test:crm:251'] } });
    await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' });
    await waitForStatus(relay, mailing.id, 'finished');
    const stats = await relay.call('GET', `/api/mailings/${mailing.id}/stats`, { role: 'marketer' });
    expect(stats.body.counters).toMatchObject({ sent: 1, failed: 1 });
    const failedOnce = fake.calls('sms/send').length;
    // Nothing re-sends on its own: the finished run has let go of the mailing, and the scheduler's next turn starts nothing.
    await vi.waitFor(() => expect(relay.engine.isRunning(mailing.id)).toBe(false));
    await relay.engine.tick();
    expect(fake.calls('sms/send').length).toBe(failedOnce);
    const retried = await relay.call('POST', `/api/mailings/${mailing.id}/retry`, { role: 'marketer' });
    expect(retried.body.status).toBe('running');
    await waitForStatus(relay, mailing.id, 'finished');
    expect(fake.calls('sms/send').length).toBe(failedOnce + 1);
  });
});
