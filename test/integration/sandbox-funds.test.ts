import { afterEach, describe, expect, it } from 'vitest';
import type { MailingView } from '../../shared/mailings';
import { waitUntilSettled, recipientPhone } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/** A sandbox with little money, as a new user meets it: it runs out like SMS.ru or SMSC would. */

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.dispose();
  relay = undefined;
});

const start = (balance: string) => startTestRelay({ SANDBOX_BALANCE: balance, SANDBOX_PRICE_PER_PART: '2.5', SANDBOX_FAIL_RATE: '0', MAILING_RATE_PER_SECOND: '0' });

/** A mailing of `count` one-part messages (2.50 each), launched with the over-balance confirmation. */
async function launchMailing(relay: TestRelay, count: number): Promise<string> {
  const contacts = Array.from({ length: count }, (_, i) => ({
    crmId: `funds:${i}`,
    snapshot: { name: `Клиент ${i}`, phones: [{ number: `+${recipientPhone(i)}`, type: 'mobile' as const }] },
  }));
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
  const mailing = await ok(
    relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Больше баланса', launchType: 'instant', text: 'Скидка 10% до пятницы' } }),
    201,
  );
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId), groups: [] } }));
  await ok(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer', body: { confirmOverBalance: true } }));
  return mailing.id as string;
}

const balanceOf = async (relay: TestRelay) => (await ok(relay.call('GET', '/api/provider/balance', { role: 'marketer' }))).balance as number;
const outboxOf = async (relay: TestRelay) => (await ok(relay.call('GET', '/api/provider/outbox', { role: 'admin' }))).messages as { to: string }[];

describe('a mailing that costs more than the sandbox balance', () => {
  it('sends what the balance covers, then pauses for funds with the reason in words; the balance never goes negative', async () => {
    relay = await start('25'); // 10 messages' worth
    const id = await launchMailing(relay, 30);
    const paused: MailingView = await waitUntilSettled(relay, id, ['paused', 'finished']);

    expect(paused.status).toBe('paused');
    expect(paused.statusReason).toMatchObject({
      code: 'insufficient_funds',
      messageRu: 'Недостаточно средств на счёте у оператора',
      message: expect.stringContaining('Insufficient funds on the provider account'),
    });
    // Positive control: what the balance covered did go.
    expect(paused.counters).toMatchObject({ sent: 10, queued: 20, failed: 0, unknown: 0, sending: 0 });
    expect(await outboxOf(relay)).toHaveLength(10);
    expect(await balanceOf(relay)).toBe(0);

    // Resumed without a top-up: it pauses for funds again, and sends nobody more.
    expect((await ok(relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' }))).status).toBe('running');
    const again = await waitUntilSettled(relay, id, ['paused', 'finished']);
    expect({ status: again.status, code: again.statusReason?.code, counters: again.counters }).toMatchObject({
      status: 'paused',
      code: 'insufficient_funds',
      counters: { sent: 10, queued: 20 },
    });
    expect(await outboxOf(relay)).toHaveLength(10);
    expect(await balanceOf(relay)).toBe(0);

    // Each pause the engine made by itself is in the audit log as its own; the resume between them as the marketer's request.
    const audit = (await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries.filter((e: any) => e.target.id === id).reverse();
    expect(audit.map((e: any) => [e.user, e.action, e.details.reason ?? null])).toEqual([
      ['marketer', 'PUT /api/mailings/:id/audience', null],
      ['marketer', 'POST /api/mailings/:id/launch', null],
      ['system:engine', 'mailing pause', 'insufficient_funds'],
      ['marketer', 'POST /api/mailings/:id/resume', null],
      ['system:engine', 'mailing pause', 'insufficient_funds'],
    ]);
  });
});

describe('a card send over the sandbox balance', () => {
  it('is refused with 402 in both languages, stores nothing, and the balance stays at zero', async () => {
    relay = await start('2.5');
    const first = await relay.call('POST', '/api/messages', { body: { to: '+7 912 345-67-89', text: 'Первое', contact: { crmId: 'demo:1' } } });
    expect(first.status, JSON.stringify(first.body)).toBe(201); // positive control: the balance covered one
    expect(await balanceOf(relay)).toBe(0);

    const refused = await relay.call('POST', '/api/messages', { body: { to: '+7 912 345-67-89', text: 'Второе', contact: { crmId: 'demo:1' } } });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'insufficient_funds',
      message: 'Insufficient funds on the provider account (sandbox balance 0.00 RUB, the message costs 2.50 RUB)',
      messageRu: 'Недостаточно средств на счёте у оператора',
    });
    const listed = await ok(relay.call('GET', '/api/messages?contactId=demo:1'));
    expect(listed.messages.map((m: { text: string }) => m.text)).toEqual(['Первое']);
    expect(await balanceOf(relay)).toBe(0);
    expect(await outboxOf(relay)).toHaveLength(1);
  });
});
