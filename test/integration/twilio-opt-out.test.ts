import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOP_LIST_NOTICES } from '../../shared/providers';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { faultyIo } from '../support/faulty-io';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/**
 * Twilio keeps no stop list the relay can read: a number that texted STOP to the sender is refused with error
 * 21610 ("Attempt to send to unsubscribed recipient"). That refusal is how the relay learns of it.
 */

const SID = 'AC00000000000000000000000000000015';
const TOKEN = 'twilio-token-for-opt-out-test-00';
const OPTED_OUT = '79130001111';
const OTHER = '79130002222';

let fake: FakeTwilio;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN });
  fake.optOut(OPTED_OUT);
  relay = await startTestRelay({
    PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_BASE_URL: fake.url,
    ALLOWED_COUNTRIES: '*',
    MAILING_RATE_PER_SECOND: '0',
    MAILING_RETRY_BASE_MS: '0',
  });
  const contacts = [OPTED_OUT, OTHER].map((phone) => ({
    crmId: `twilio:${phone}`,
    snapshot: { name: `Клиент ${phone}`, phones: [{ number: `+${phone}`, type: 'mobile' }] },
  }));
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

async function launchToBoth(name: string): Promise<string> {
  const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: 'Sale today' } }), 201);
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: [`twilio:${OPTED_OUT}`, `twilio:${OTHER}`] } }));
  await ok(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' }));
  return mailing.id;
}

const sendsTo = (phone: string) => fake.requests.filter((r) => r.method === 'POST' && r.form.get('To') === `+${phone}`).length;

describe('Twilio: 21610 means "on the list"', () => {
  it('says it learns opt-outs from errors only, with the words for the UI, and has no round to run', async () => {
    const info = await ok(relay.call('GET', '/api/provider'));
    expect(info).toMatchObject({ capabilities: { stopList: 'errors-only' }, stopListNotice: STOP_LIST_NOTICES['errors-only'] });
    const { status, body } = await relay.call('POST', '/api/stop-list/sync', { role: 'admin' });
    expect(status).toBe(501);
    expect(body.error).toMatchObject({ code: 'not_supported' });
    expect(body.error.messageRu).toContain(STOP_LIST_NOTICES['errors-only']!.ru);
  });

  it("skips the refused recipient with «В стоп-листе», lists the number as the provider's, and the next mailing does not try it", async () => {
    const first = await launchToBoth('Первая');
    const done = await waitUntilSettled(relay, first, ['finished']);
    expect(done.counters).toMatchObject({ total: 2, sent: 1, failed: 0, skipped: { stop_list: 1 } });
    const skipped = await ok(relay.call('GET', `/api/mailings/${first}/recipients?status=skipped`, { role: 'marketer' }));
    expect(skipped.recipients).toEqual([expect.objectContaining({ phone: OPTED_OUT, state: 'skipped', skipReason: 'stop_list' })]);
    const listed = await ok(relay.call('GET', `/api/stop-list/${OPTED_OUT}`));
    expect(listed.entry).toMatchObject({ phone: OPTED_OUT, source: 'provider', addedBy: 'twilio' });
    expect(listed.entry.reason).toMatch(/opted out.*unsubscribed recipient/);
    expect(sendsTo(OPTED_OUT)).toBe(1);

    const second = await launchToBoth('Вторая');
    const again = await waitUntilSettled(relay, second, ['finished']);
    expect(again.counters).toMatchObject({ total: 2, sent: 1, skipped: { stop_list: 1 } });
    // Skipped at the freeze this time: Twilio was not asked again; the other number got both (positive control).
    expect(sendsTo(OPTED_OUT)).toBe(1);
    expect(sendsTo(OTHER)).toBe(2);
  });

  it('a card send Twilio refuses with 21610 is answered in words and lists the number too', async () => {
    const phone = '79130003333';
    fake.optOut(phone);
    const refused = await relay.call('POST', '/api/messages', { body: { to: `+${phone}`, text: 'Ваш заказ готов' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'opted_out', messageRu: 'Получатель отписался: номер в стоп-листе оператора' });
    expect((await ok(relay.call('GET', `/api/stop-list/${phone}`))).entry).toMatchObject({ source: 'provider', addedBy: 'twilio' });
    const asked = await relay.call('POST', '/api/messages', { body: { to: `+${phone}`, text: 'Ваш заказ готов' } });
    expect(asked.status).toBe(409);
    expect(asked.body.error.code).toBe('on_stop_list');
    expect(sendsTo(phone)).toBe(1);
  });
});

describe('Twilio: a 21610 whose listing the disk refuses', () => {
  it('is not hidden behind the refusal: 503 that says both, nothing listed; with room again the next refusal lists it', async () => {
    const io = faultyIo();
    const own = await startTestRelay(
      { PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+15005550006', TWILIO_BASE_URL: fake.url, ALLOWED_COUNTRIES: '*' },
      { io },
    );
    try {
      const phone = '79130004444';
      fake.optOut(phone);
      io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('stop-list.jsonl') });
      const refused = await own.call('POST', '/api/messages', { body: { to: `+${phone}`, text: 'Ваш заказ готов' } });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'storage_unwritable' });
      expect(refused.body.error.message).toMatch(/opted out.*disk full.*not on the relay's stop list/);
      expect(refused.body.error.messageRu).toMatch(/отписался.*диск заполнен.*ещё не в стоп-листе/);
      expect((await own.call('GET', `/api/stop-list/${phone}`)).status).toBe(404);

      io.heal();
      const again = await own.call('POST', '/api/messages', { body: { to: `+${phone}`, text: 'Ваш заказ готов' } });
      expect(again.status).toBe(422);
      expect(again.body.error.code).toBe('opted_out');
      expect((await ok(own.call('GET', `/api/stop-list/${phone}`))).entry).toMatchObject({ source: 'provider', addedBy: 'twilio' });
      const audit = (await ok(own.call('GET', '/api/audit?limit=100', { role: 'admin' }))).entries;
      expect(audit.filter((e: any) => e.user === 'system:send').map((e: any) => [e.action, e.target.phone, e.status])).toEqual([
        ['stop-list add', phone, 200],
        ['stop-list add', phone, 503],
      ]);
    } finally {
      await own.dispose();
    }
  });
});
