import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, testClock, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

/**
 * The sandbox reports a message sent, then delivered, at the pace its settings say; the relay's status poller
 * asks it at that pace (not every statusPollSeconds), so «Отправлено» shows between «В очереди» and «Доставлено».
 */

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.dispose();
  relay = undefined;
});

const card = { to: '+7 912 345-67-89', text: 'Статусы', contact: { crmId: 'demo:1' } };
// The relay's own polling, at its real setting (the test harness turns it off unless told).
const polling = { STATUS_POLL_SECONDS: '60', SANDBOX_FAIL_RATE: '0' };

const statusNow = async (relay: TestRelay): Promise<string> => (await relay.call('GET', '/api/messages?contactId=demo:1')).body.messages[0].status;

describe("sandbox statuses with the relay's poller", () => {
  it('with the default settings (relay clock moved by hand): queued, sent after 1 s, delivered after 7 s', async () => {
    const clock = testClock(Date.now());
    relay = await startTestRelay(polling, { clock });
    const sent = await relay.call('POST', '/api/messages', { body: card });
    expect(sent.body.status).toBe('queued');

    clock.advance(1_000);
    await until('the poller to see «Отправлено»', async () => (await statusNow(relay!)) === 'sent', 3_000);
    // The clock has not reached the delivery yet: «Отправлено» holds until it does.
    expect(await statusNow(relay)).toBe('sent');

    clock.advance(6_000);
    await until('the poller to see «Доставлено»', async () => (await statusNow(relay!)) === 'delivered', 3_000);
  });

  it('in real time with quick settings: queued → sent → delivered within a few seconds, each step seen', async () => {
    relay = await startTestRelay({ ...polling, SANDBOX_SENT_AFTER_MS: '300', SANDBOX_DELIVERED_AFTER_MS: '1500' });
    const startedAt = Date.now();
    const sent = await relay.call('POST', '/api/messages', { body: card });
    const seen = [sent.body.status as string];
    await until(
      'delivery',
      async () => {
        const status = await statusNow(relay!);
        if (seen.at(-1) !== status) seen.push(status);
        return status === 'delivered';
      },
      5_000,
    );
    expect(seen).toEqual(['queued', 'sent', 'delivered']);
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  });

  it("a mailing's recipients too: sent, then delivered, without anyone polling by hand", async () => {
    relay = await startTestRelay({ ...polling, SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '500', MAILING_RATE_PER_SECOND: '0' });
    const contacts = Array.from({ length: 3 }, (_, i) => ({
      crmId: `st:${i}`,
      snapshot: { name: `Клиент ${i}`, phones: [{ number: `+7913000000${i}`, type: 'mobile' as const }] },
    }));
    await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } });
    const mailing = (await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Статусы', launchType: 'instant', text: 'Привет' } })).body;
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId), groups: [] } });
    expect((await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer', body: { confirmOverBalance: true } })).status).toBe(200);
    const counters = await until(
      'every recipient delivered',
      async () => {
        const view = (await relay!.call('GET', `/api/mailings/${mailing.id}`, { role: 'marketer' })).body;
        return view.counters.delivered === 3 ? view.counters : null;
      },
      5_000,
    );
    expect(counters).toMatchObject({ delivered: 3, sent: 0, queued: 0 });
  });
});
