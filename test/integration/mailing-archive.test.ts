import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailingStats } from '../../shared/mailings';
import { smsRuCallbackBody, startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { launchMailingTo, recipientPhone, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

// A finished mailing leaves memory for its folder: everything a person or a provider may still ask
// of it is answered from disk.

let fake: FakeSmsRu;
let relay: TestRelay;

const env = () => ({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0' });
const stats = async (id: string): Promise<MailingStats> => (await relay.call('GET', `/api/mailings/${id}/stats`, { role: 'marketer' })).body;
const callback = (reports: { smsId: string; code: number }[]) =>
  fetch(`${relay.url}/callbacks/smsru/${relay.store.callbackSecret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: smsRuCallbackBody(reports),
  });
const restart = async () => {
  await relay.close();
  relay = await startTestRelay(env(), { dataDir: relay.dataDir });
};

beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay(env());
});
afterEach(async () => {
  await relay.dispose();
  await fake.close();
});

describe('a finished mailing, archived', () => {
  it('answers stats, recipients, the card list and late delivery reports from disk, also after restarts', async () => {
    const id = await launchMailingTo(relay, 300);
    await waitUntilSettled(relay, id, ['finished']);
    expect(relay.engine.isRunning(id)).toBe(false);
    const before = await stats(id);
    expect(before).toMatchObject({ status: 'finished', counters: { sent: 300 }, totalParts: 300, progress: 1 });

    // A late delivery report, by callback, for a message of the archived mailing.
    expect((await callback([{ smsId: fake.sent[7]!.smsId, code: 103 }])).status).toBe(200);
    expect((await stats(id)).counters).toMatchObject({ sent: 299, delivered: 1 });
    // The card's sent-SMS list still has the mailing's message to that contact.
    const card = await relay.call('GET', '/api/messages?contactId=faults:7');
    expect(card.body.messages).toEqual([expect.objectContaining({ phone: recipientPhone(7), status: 'delivered', mailing: expect.objectContaining({ id }) })]);
    // Polling still asks about what has no report yet, and no longer about the delivered one.
    const pending = relay.engine.pendingProviderIds('smsru');
    expect(pending).toHaveLength(299);
    expect(pending).not.toContain(fake.sent[7]!.smsId);

    await restart();
    expect((await stats(id)).counters).toMatchObject({ sent: 299, delivered: 1 });
    expect((await callback([{ smsId: fake.sent[8]!.smsId, code: 104 }])).status).toBe(200);
    await restart();
    const after = await stats(id);
    expect(after.counters).toMatchObject({ sent: 298, delivered: 1, failed: 1 });
    const failed = await relay.call('GET', `/api/mailings/${id}/recipients?status=failed`, { role: 'marketer' });
    expect(failed.body.recipients).toEqual([expect.objectContaining({ phone: recipientPhone(8), state: 'failed' })]);
  });

  it('is not read at start-up: with its recipients file moved away the relay starts and shows its figures', async () => {
    const id = await launchMailingTo(relay, 200);
    await waitUntilSettled(relay, id, ['finished']);
    await relay.close();
    const file = join(relay.dataDir, 'mailings', id, 'recipients.jsonl');
    renameSync(file, `${file}.away`);
    relay = await startTestRelay(env(), { dataDir: relay.dataDir });
    expect((await stats(id)).counters).toMatchObject({ total: 200, sent: 200 });
    // Positive control: reading its recipients does need the file.
    renameSync(`${file}.away`, file);
    const page = await relay.call('GET', `/api/mailings/${id}/recipients?limit=5`, { role: 'marketer' });
    expect(page.body.total).toBe(200);
  });

  it('a mailing cancelled with requests at the provider keeps their outcomes, archived and after a restart', async () => {
    fake.fail({ delayMs: 300 });
    const id = await launchMailingTo(relay, 1000);
    await until('requests at the provider', () => fake.calls('sms/send').length >= 2);
    expect((await relay.call('POST', `/api/mailings/${id}/cancel`, { role: 'marketer' })).status).toBe(200);
    await waitUntilSettled(relay, id, ['cancelled']);
    await restart();
    const after = await stats(id);
    expect(after.status).toBe('cancelled');
    expect(after.counters.sending).toBe(0);
    // Every number the provider took is "sent" in the ledger: no outcome was lost to the cancel.
    expect(after.counters.sent).toBe(fake.sent.length);
    expect(after.counters.sent).toBeGreaterThan(0);
  });

  it('comes back from the archive when a person retries it, and sends only what is to retry', async () => {
    fake.refuseNumber(recipientPhone(3), 207);
    const id = await launchMailingTo(relay, 50);
    const done = await waitUntilSettled(relay, id, ['finished']);
    expect(done.counters.failed).toBe(1);
    fake.refuseNumber(recipientPhone(3), 0);
    await restart();
    expect((await relay.call('POST', `/api/mailings/${id}/retry`, { role: 'marketer' })).status).toBe(200);
    const again = await waitUntilSettled(relay, id, ['finished']);
    expect(again.counters).toMatchObject({ sent: 50, failed: 0 });
    expect(fake.sent.filter((s) => s.phone === recipientPhone(3))).toHaveLength(1);
    expect(fake.sent).toHaveLength(50);
  });
});
