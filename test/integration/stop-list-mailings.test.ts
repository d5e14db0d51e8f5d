import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';
import { phonesInState, waitUntilSettled } from '../support/mailing-run';
import { expectStatus as ok } from '../support/answers';

let relay: TestRelay;
afterEach(async () => {
  await relay.dispose();
});

const start = (env: Record<string, string> = {}) =>
  startTestRelay({ SANDBOX_FAIL_RATE: '0', SANDBOX_BALANCE: '100000', MAILING_RATE_PER_SECOND: '0', ...env }).then((r) => (relay = r));

/** The mobile of test contact i. */
const phoneOf = (i: number) => `7915${String(i).padStart(7, '0')}`;

/** `n` contacts «Клиент i» with one mobile each, and a draft mailing to them all. */
async function mailingTo(n: number, name = 'Акция'): Promise<string> {
  const contacts = Array.from({ length: n }, (_, i) => ({
    crmId: `stop:${i}`,
    snapshot: { name: `Клиент ${i}`, phones: [{ number: `+${phoneOf(i)}`, type: 'mobile' as const }] },
  }));
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
  const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: 'Скидка 10%' } }), 201);
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId) } }));
  return mailing.id;
}

const outbox = async (): Promise<{ to: string; text: string }[]> => (await ok(relay.call('GET', '/api/provider/outbox', { role: 'admin' }))).messages;
const reply = (from: string, text: string) => ok(relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from, text } }));
const cardSend = (to: string, extra: Record<string, unknown> = {}) => relay.call('POST', '/api/messages', { body: { to, text: 'Ваш заказ готов', ...extra } });

describe('a mailing and the stop list', () => {
  it('skips a listed number when the audience is frozen, counts it in the pre-flight and says why in the recipients and their CSV', async () => {
    await start();
    const id = await mailingTo(4);
    await ok(relay.call('POST', '/api/stop-list', { body: { phone: `+${phoneOf(2)}`, reason: 'просил по телефону' } }), 201);

    const preflight = await ok(relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' }));
    expect(preflight).toMatchObject({ recipients: 3, skipped: { stop_list: 1, do_not_use_sms: 0 } });
    const preview = await ok(relay.call('POST', `/api/mailings/${id}/preview`, { role: 'marketer', body: { contactId: 'stop:2' } }));
    expect(preview.skipReason).toBe('stop_list');

    await ok(relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' }));
    const done = await waitUntilSettled(relay, id, ['finished']);
    expect(done.counters).toMatchObject({ total: 4, sent: 3, skipped: { stop_list: 1 } });
    const skipped = await ok(relay.call('GET', `/api/mailings/${id}/recipients?status=skipped`, { role: 'marketer' }));
    expect(skipped.recipients).toEqual([expect.objectContaining({ contactId: 'stop:2', phone: phoneOf(2), state: 'skipped', skipReason: 'stop_list' })]);
    const raw = await relay.call('GET', `/api/mailings/${id}/recipients.csv?format=raw`, { role: 'marketer' });
    expect(raw.text).toContain(`stop:2,Клиент 2,${phoneOf(2)},skipped,stop_list`);
    const human = await relay.call('GET', `/api/mailings/${id}/recipients.csv?lang=ru`, { role: 'marketer' });
    expect(human.text).toContain(';В стоп-листе;');

    const sentTo = (await outbox()).map((m) => m.to);
    expect(sentTo.sort()).toEqual([phoneOf(0), phoneOf(1), phoneOf(3)]);
  });

  it('a STOP that arrives while the mailing runs stops further sends to that number; the others still get theirs', async () => {
    // Five a second, one at a time: ten recipients take two seconds, time enough to reply in between.
    await start({ MAILING_RATE_PER_SECOND: '5' });
    const id = await mailingTo(10);
    await ok(relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' }));
    await until('the first two messages of the mailing to go', async () => (await outbox()).length >= 2);

    const last = phoneOf(9);
    const stop = await reply(`+${last}`, 'Стоп');
    expect(stop).toMatchObject({ keyword: 'stop', stopList: { phone: last, source: 'reply', addedBy: 'sandbox' } });
    expect((await outbox()).map((m) => m.to)).not.toContain(last);

    const done = await waitUntilSettled(relay, id, ['finished'], 15_000);
    expect(done.counters).toMatchObject({ total: 10, sent: 9, queued: 0, sending: 0, skipped: { stop_list: 1 } });
    const sentTo = (await outbox()).map((m) => m.to);
    expect(sentTo).not.toContain(last);
    // Positive control: the mailing went on for everyone else, each once.
    expect(sentTo.sort()).toEqual(Array.from({ length: 9 }, (_, i) => phoneOf(i)));
    expect(await phonesInState(relay, id, 'skipped')).toEqual([last]);
    const skipped = await ok(relay.call('GET', `/api/mailings/${id}/recipients?status=skipped`, { role: 'marketer' }));
    expect(skipped.recipients[0]).toMatchObject({ phone: last, skipReason: 'stop_list' });

    // …and no later mailing reaches it either.
    const next = await mailingTo(10, 'Вторая');
    expect(await ok(relay.call('GET', `/api/mailings/${next}/preflight`, { role: 'marketer' }))).toMatchObject({ recipients: 9, skipped: { stop_list: 1 } });
  });
});

describe('a single SMS from the card to a listed number', () => {
  it('is refused with when and how the person opted out, then sent once confirmed a second time', async () => {
    await start();
    const number = phoneOf(50);
    await reply(`+${number}`, 'STOP');
    const before = (await outbox()).length;

    const refused = await cardSend(`8 915 000-00-50`, { contact: { crmId: 'stop:50', name: 'Клиент 50' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'on_stop_list',
      message: expect.stringMatching(/^\+7 915 000 00 50 opted out: it has been on the stop list since \d{4}-\d\d-\d\d \d\d:\d\d UTC, added by the reply «STOP»/),
      messageRu: expect.stringMatching(/^\+7 915 000 00 50 отказался от рассылок: номер в стоп-листе с \d\d\.\d\d\.\d{4} \d\d:\d\d \(UTC\), добавлен ответом «STOP»/),
    });
    expect(refused.body.error.message).toContain('"confirmOptedOut": true');
    expect((await outbox()).length).toBe(before);
    expect((await ok(relay.call('GET', '/api/messages?contactId=stop:50'))).messages).toEqual([]);

    const notConfirmed = await cardSend(`+${number}`, { confirmOptedOut: false });
    expect(notConfirmed.status).toBe(409);

    const sent = await cardSend(`+${number}`, { confirmOptedOut: true, contact: { crmId: 'stop:50', name: 'Клиент 50' } });
    expect(sent.status, sent.text).toBe(201);
    expect((await outbox()).slice(before).map((m) => m.to)).toEqual([number]);
    // Sent once by a person's choice: the number stays on the list.
    expect((await ok(relay.call('GET', `/api/stop-list/${number}`))).entry).toMatchObject({ source: 'reply' });
  });

  it('an agent-added number is refused naming the agent; a number not on the list goes without any confirmation', async () => {
    await start();
    await ok(relay.call('POST', '/api/stop-list', { role: 'agent', body: { phone: `+${phoneOf(60)}`, reason: 'жалоба' } }), 201);
    const refused = await cardSend(`+${phoneOf(60)}`);
    expect(refused.body.error.message).toContain('added by agent from a contact card (reason: жалоба)');
    expect(refused.body.error.messageRu).toContain('сотрудником agent из карточки контакта (причина: жалоба)');
    expect((await cardSend(`+${phoneOf(61)}`)).status).toBe(201);
  });

  it('«СТАРТ» from the number lets the card send and the next mailing reach it again', async () => {
    await start();
    const number = phoneOf(1);
    await reply(`+${number}`, 'СТОП');
    expect((await cardSend(`+${number}`)).status).toBe(409);

    expect(await reply(`+${number}`, 'старт!')).toMatchObject({ keyword: 'start', stopList: null });
    expect((await cardSend(`+${number}`)).status).toBe(201);
    const id = await mailingTo(3);
    expect(await ok(relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' }))).toMatchObject({ recipients: 3, skipped: { stop_list: 0 } });
  });
});
