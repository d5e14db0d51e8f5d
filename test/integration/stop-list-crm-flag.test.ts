import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStatus } from '../support/answers';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;
afterEach(async () => {
  await relay.dispose();
});
const start = async (options: { dataDir?: string } = {}) => (relay = await startTestRelay({ SANDBOX_FAIL_RATE: '0', MAILING_RATE_PER_SECOND: '0' }, options));

/** A card as the extension stores it: the contact's numbers and its «Не использовать SMS». */
const putCard = async (crmId: string, doNotUseSms: boolean | null, numbers: string[]) => {
  const known = (await relay.call('GET', `/api/contacts/${crmId}`)).status === 200;
  const body = { name: `Клиент ${crmId}`, phones: numbers.map((number) => ({ number, type: 'mobile' })), doNotUseSms };
  return expectStatus(relay.call('PUT', `/api/contacts/${crmId}`, { body }), known ? 200 : 201);
};
const listed = async (q = '') => expectStatus(relay.call('GET', `/api/stop-list?q=${q}`, { role: 'marketer' }));
const lookUp = (phone: string) => relay.call('GET', `/api/stop-list/${phone}`);

describe('the CRM flag «Не использовать SMS» on the stop list', () => {
  it('lists a flagged contact’s valid numbers with source crm, naming the contact, and takes them off when the flag is cleared', async () => {
    await start();
    await putCard('demo:1', true, ['+7 912 400-00-01', '8 912 400 00 02', 'позвоните мне']);
    await putCard('demo:2', false, ['+7 912 400-00-09']);
    const page = await listed();
    expect(page).toEqual({
      total: 2,
      entries: [
        { phone: '79124000001', source: 'crm', addedAt: expect.any(String), addedBy: 'demo:1' },
        { phone: '79124000002', source: 'crm', addedAt: expect.any(String), addedBy: 'demo:1' },
      ],
    });
    expect((await lookUp('79124000001')).body).toEqual({ phone: '79124000001', entry: page.entries[0], history: [] });
    const csv = await relay.call('GET', '/api/stop-list.csv?lang=ru', { role: 'marketer' });
    expect(csv.text).toMatch(/;79124000001;Флаг в CRM;[^;]+;demo:1;/);

    await putCard('demo:1', false, ['+7 912 400-00-01', '8 912 400 00 02']);
    expect(await listed()).toEqual({ total: 0, entries: [] });
    expect((await lookUp('79124000001')).status).toBe(404);
  });

  it('a number leaving a flagged contact leaves the list; one listed by someone else stays when the flag is cleared, shown once', async () => {
    await start();
    await expectStatus(relay.call('POST', '/api/stop-list', { body: { phone: '+79124000102', reason: 'просил по телефону' } }), 201);
    await putCard('demo:1', true, ['+79124000101', '+79124000102']);
    expect((await listed('912400010')).entries).toEqual([
      expect.objectContaining({ phone: '79124000102', source: 'agent', reason: 'просил по телефону' }),
      expect.objectContaining({ phone: '79124000101', source: 'crm' }),
    ]);
    await putCard('demo:1', true, ['+79124000102']);
    expect((await lookUp('79124000101')).status).toBe(404);
    await putCard('demo:1', null, ['+79124000102']);
    expect((await listed('912400010')).entries).toEqual([expect.objectContaining({ phone: '79124000102', source: 'agent' })]);
  });

  it('a number two flagged contacts share stays while either is flagged', async () => {
    await start();
    await putCard('demo:1', true, ['+79124000201']);
    await putCard('demo:2', true, ['+79124000201']);
    await putCard('demo:1', false, ['+79124000201']);
    expect((await lookUp('79124000201')).body.entry).toMatchObject({ source: 'crm', addedBy: 'demo:2' });
    await putCard('demo:2', false, ['+79124000201']);
    expect((await lookUp('79124000201')).status).toBe(404);
  });

  it('an admin cannot take a flag’s number off (the CRM holds the flag): 409 in words, nothing written', async () => {
    await start();
    await putCard('demo:1', true, ['+79124000301']);
    const refused = await relay.call('DELETE', '/api/stop-list/79124000301', { role: 'admin', body: { reason: 'проверка' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'listed_by_crm_flag',
      message: expect.stringContaining('contact demo:1 is flagged «Не использовать SMS» in the CRM'),
      messageRu: expect.stringContaining('снимите этот флаг в CRM'),
    });
    expect((await lookUp('79124000301')).body).toMatchObject({ entry: { source: 'crm' }, history: [] });
  });

  it('a flag set by a CSV import lists the number; the next import that clears it takes it off', async () => {
    await start();
    const importContacts = (flag: string) =>
      expectStatus(
        relay.call('POST', '/api/contacts/import', {
          role: 'marketer',
          rawBody: `Id;ФИО;Мобильный телефон;Не использовать SMS\nc1;Иван Петров;+7 912 400-04-01;${flag}\n`,
        }),
      );
    await importContacts('да');
    expect((await lookUp('79124000401')).body.entry).toMatchObject({ source: 'crm', addedBy: 'csv:c1' });
    await importContacts('нет');
    expect((await lookUp('79124000401')).status).toBe(404);
  });

  it('is worked out from the contacts again after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-crm-flag-'));
    try {
      await start({ dataDir });
      await putCard('demo:1', true, ['+79124000501']);
      await relay.dispose();
      await start({ dataDir });
      expect((await lookUp('79124000501')).body.entry).toMatchObject({ source: 'crm', addedBy: 'demo:1' });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a mailing and the CRM flag', () => {
  it('skips the flagged contact as «Не использовать SMS», as before, and another contact with its number as on the stop list', async () => {
    await start();
    await putCard('m:flagged', true, ['+79124000601']);
    await putCard('m:same-number', null, ['+79124000601']);
    await putCard('m:other', null, ['+79124000602']);
    const mailing = await expectStatus(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Флаг', launchType: 'instant', text: 'Скидка' } }), 201);
    await expectStatus(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['m:flagged', 'm:same-number', 'm:other'] } }));
    expect(await expectStatus(relay.call('GET', `/api/mailings/${mailing.id}/preflight`, { role: 'marketer' }))).toMatchObject({
      recipients: 1,
      skipped: { do_not_use_sms: 1, stop_list: 1 },
    });
    await expectStatus(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' }));
    expect((await waitUntilSettled(relay, mailing.id, ['finished'])).counters).toMatchObject({ sent: 1, skipped: { do_not_use_sms: 1, stop_list: 1 } });
    const outbox = await expectStatus(relay.call('GET', '/api/provider/outbox', { role: 'admin' }));
    expect(outbox.messages.map((m: { to: string }) => m.to)).toEqual(['79124000602']);
  });

  it('a single SMS from the card to a flagged contact still goes in one step, as the manual allows; one to a number an agent listed asks again', async () => {
    await start();
    await putCard('demo:1', true, ['+79124000701']);
    await expectStatus(relay.call('POST', '/api/messages', { body: { to: '+79124000701', text: 'Заказ готов', contact: { crmId: 'demo:1' } } }), 201);
    await expectStatus(relay.call('POST', '/api/stop-list', { body: { phone: '+79124000702' } }), 201);
    expect((await relay.call('POST', '/api/messages', { body: { to: '+79124000702', text: 'Заказ готов' } })).body.error).toMatchObject({ code: 'on_stop_list' });
  });
});
