import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailingView } from '../../shared/mailings';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { launchMailingTo, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

let fake: FakeSmsRu;
let relay: TestRelay;
let dataDir: string;

const env = () => ({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0', MAILING_CONCURRENCY: '1' });
const mailingOf = async (id: string): Promise<MailingView> => (await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body;

beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay(env());
  dataDir = relay.dataDir;
});
afterEach(async () => {
  await relay.dispose();
  await fake.close();
});

describe('a mailing ledger damaged in the middle', () => {
  it('sets that one mailing aside, paused with the reason and its file kept; the relay and the other mailings go on', async () => {
    fake.fail({ delayMs: 40 });
    const damaged = await launchMailingTo(relay, 1000);
    await until('three sends', () => fake.calls('sms/send').length >= 3);
    await relay.close();

    const journal = join(dataDir, 'mailings', damaged, 'journal.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(4);
    lines.splice(2, 0, '{"i":7,"s":"sen{"i":8,"s":"unknown"}'); // a line an old relay glued to a torn one
    const damagedText = lines.join('\n');
    writeFileSync(journal, damagedText);

    fake.fail(null);
    relay = await startTestRelay(env(), { dataDir });
    const view = await mailingOf(damaged);
    expect(view.status).toBe('paused');
    expect(view.statusReason).toMatchObject({ code: 'ledger_corrupt', message: expect.stringContaining('journal.jsonl line 3 is not a ledger entry') });
    // Written down, so the next start says the same; the file is kept exactly for inspection.
    expect(relay.store.mailings.get(damaged)?.status).toBe('paused');
    expect(readFileSync(journal, 'utf8')).toBe(damagedText);
    const resume = await relay.call('POST', `/api/mailings/${damaged}/resume`, { role: 'marketer' });
    expect(resume.status).toBe(409);
    expect(resume.body.error.code).toBe('ledger_corrupt');
    const sentBefore = fake.sent.length;

    // The relay still runs mailings: a new one goes out in full (and the damaged one sent nothing more).
    const other = await launchMailingTo(relay, 50);
    const done = await waitUntilSettled(relay, other, ['finished']);
    expect(done.counters.sent).toBe(50);
    expect(fake.sent.length).toBe(sentBefore + 50);
    expect((await mailingOf(damaged)).status).toBe('paused');
  }, 30_000);
});
