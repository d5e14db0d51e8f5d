import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/**
 * SMS.ru refuses a number on the account's stop list with 209 ("number in your stop-list"): to the relay that
 * is what Twilio's 21610 is — the person opted out at the provider. The recipient is skipped «В стоп-листе»
 * (not failed), and the number goes on the relay's list with source "provider", by SMS.ru.
 */

const OPTED_OUT = '79140001111';
const OTHER = '79140002222';

let fake: FakeSmsRu;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeSmsRu();
  fake.refuseNumber(OPTED_OUT, 209);
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0' });
  const contacts = [OPTED_OUT, OTHER].map((phone) => ({
    crmId: `smsru:${phone}`,
    snapshot: { name: `Клиент ${phone}`, phones: [{ number: `+${phone}`, type: 'mobile' }] },
  }));
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

async function launchToBoth(name: string): Promise<string> {
  const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: 'Скидки сегодня' } }), 201);
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: [`smsru:${OPTED_OUT}`, `smsru:${OTHER}`] } }));
  await ok(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' }));
  return mailing.id;
}

const sendsTo = (phone: string) => fake.calls('sms/send').filter((r) => (r.form.get('to') ?? r.query.get('to') ?? '').split(',').includes(phone)).length;

describe('SMS.ru: 209 means "on the list", as 21610 does', () => {
  it("skips the refused recipient with «В стоп-листе», lists the number as SMS.ru's (audited), and the next mailing does not try it", async () => {
    const first = await launchToBoth('Первая');
    const done = await waitUntilSettled(relay, first, ['finished']);
    expect(done.counters).toMatchObject({ total: 2, sent: 1, failed: 0, skipped: { stop_list: 1 } });
    const skipped = await ok(relay.call('GET', `/api/mailings/${first}/recipients?status=skipped`, { role: 'marketer' }));
    expect(skipped.recipients).toEqual([expect.objectContaining({ phone: OPTED_OUT, state: 'skipped', skipReason: 'stop_list' })]);
    const listed = await ok(relay.call('GET', `/api/stop-list/${OPTED_OUT}`));
    expect(listed.entry).toMatchObject({ phone: OPTED_OUT, source: 'provider', addedBy: 'smsru' });
    expect(listed.entry.reason).toMatch(/opted out/);

    const audit: AuditEntry[] = (await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries;
    expect(audit.filter((e) => e.action === 'stop-list add')).toEqual([
      expect.objectContaining({
        user: 'system:send',
        role: 'system',
        tokenId: null,
        target: { phone: OPTED_OUT },
        details: expect.objectContaining({ source: 'provider', provider: 'smsru', added: true }),
        status: 200,
      }),
    ]);

    const second = await launchToBoth('Вторая');
    const again = await waitUntilSettled(relay, second, ['finished']);
    expect(again.counters).toMatchObject({ total: 2, sent: 1, skipped: { stop_list: 1 } });
    // Skipped at the freeze this time: SMS.ru was not asked again; the other number got both (positive control).
    expect(sendsTo(OPTED_OUT)).toBe(1);
    expect(sendsTo(OTHER)).toBe(2);
  });
});
