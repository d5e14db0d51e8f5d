import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailingView } from '../../shared/mailings';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { faultyIo, type FaultyIo } from '../support/faulty-io';
import { launchMailingTo, repeated, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

// The disk fails under a running relay (injected in its file layer, so every failure point is
// reachable without a mount; test/integration/disk-full.test.ts does it with a real full disk).

let fake: FakeSmsRu;
let io: FaultyIo;
let relay: TestRelay;

const env = () => ({
  PROVIDER: 'smsru',
  SMSRU_API_ID: fake.apiId,
  SMSRU_BASE_URL: fake.url,
  MAILING_RATE_PER_SECOND: '0',
  MAILING_CONCURRENCY: '2',
  MAILING_RETRY_BASE_MS: '20',
});

const mailingOf = async (id: string): Promise<MailingView> => (await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body;
const sentPhones = () => fake.sent.map((s) => s.phone);

beforeEach(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  io = faultyIo();
  relay = await startTestRelay(env(), { io });
});
afterEach(async () => {
  io.heal();
  await relay.dispose();
  await fake.close();
});

describe('the disk fills while a mailing runs', () => {
  it('stops sending, pauses with the cause in words, keeps serving, and resumes once space is back: nobody twice, nobody lost', async () => {
    fake.fail({ delayMs: 20 });
    const id = await launchMailingTo(relay, 2000);
    await until('some sends', async () => fake.sent.length >= 300);
    io.fail({ code: 'ENOSPC', partialBytes: 40 });

    const halted = await until('the pause', async () => {
      const view = await mailingOf(id);
      return view.status === 'paused' && view.counters.sending === 0 ? view : null;
    });
    expect(halted.statusReason).toMatchObject({
      code: 'storage_unwritable',
      message: expect.stringContaining('disk full'),
      messageRu: expect.stringContaining('диск заполнен'),
    });
    const stats = (await relay.call('GET', `/api/mailings/${id}/stats`, { role: 'marketer' })).body;
    expect(stats.status).toBe('paused');
    // The rest of the relay keeps serving.
    expect((await relay.call('GET', '/health', { role: null })).status).toBe(200);
    expect((await relay.call('GET', '/api/mailings', { role: 'marketer' })).status).toBe(200);
    // Every number the provider has was journalled "sending" before it went: none is still queued.
    const sentWhileFull = fake.sent.length;
    expect(sentWhileFull).toBeLessThan(2000);

    io.heal();
    // The pause itself is written as soon as the disk takes it.
    await until('the pause on disk', async () => relay.store.mailings.get(id)?.status === 'paused');
    expect((await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' })).status).toBe(200);
    const done = await waitUntilSettled(relay, id, ['finished'], 20_000);
    expect(repeated(sentPhones())).toEqual([]);
    expect(done.counters.queued + done.counters.sending).toBe(0);
    expect(done.counters.sent + done.counters.unknown).toBe(2000);
    // What was in flight when the disk filled may have gone: at most batch × concurrency unknown.
    expect(done.counters.unknown).toBeLessThanOrEqual(200);
    expect(fake.sent.length).toBeGreaterThanOrEqual(done.counters.sent);
    expect(fake.sent.length).toBeLessThanOrEqual(done.counters.sent + done.counters.unknown);
  }, 40_000);

  it('a relay restarted over a journal the full disk tore opens it, and sends nobody twice', async () => {
    fake.fail({ delayMs: 20 });
    const id = await launchMailingTo(relay, 1500);
    await until('some sends', async () => fake.sent.length >= 200);
    // Torn bytes the disk would not let the relay cut: the failure reaches the truncate too.
    io.fail({ code: 'EIO', partialBytes: 17 });
    await until('the halt', async () => (await mailingOf(id)).statusReason?.code === 'storage_unwritable');
    await relay.close();
    io.heal();
    relay = await startTestRelay(env(), { io, dataDir: relay.dataDir });
    await until('the restart to settle', async () => {
      const view = await mailingOf(id);
      return view.counters.sending === 0 && (view.status === 'running' || view.status === 'finished' || view.status === 'paused');
    });
    if ((await mailingOf(id)).status === 'paused') expect((await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' })).status).toBe(200);
    const done = await waitUntilSettled(relay, id, ['finished'], 20_000);
    expect(repeated(sentPhones())).toEqual([]);
    expect(done.counters.sent + done.counters.unknown).toBe(1500);
  }, 40_000);
});

describe('a lifecycle step the disk refuses', () => {
  it('pause answers 503 in words and the mailing goes on sending exactly as its status says; then resume likewise', async () => {
    fake.fail({ delayMs: 30 });
    const id = await launchMailingTo(relay, 3000);
    await until('some sends', async () => fake.sent.length >= 100);
    io.fail({ code: 'EROFS', path: (path) => path.includes('mailings.json') });

    const refused = await relay.call('POST', `/api/mailings/${id}/pause`, { role: 'marketer' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'storage_unwritable', message: expect.stringContaining('read-only') });
    expect((await mailingOf(id)).status).toBe('running');
    // Still running means still sending (this is what used to stop silently).
    const atRefusal = fake.sent.length;
    await until('sends after the refused pause', async () => fake.sent.length >= atRefusal + 200);

    io.heal();
    expect((await relay.call('POST', `/api/mailings/${id}/pause`, { role: 'marketer' })).status).toBe(200);
    const paused = await waitUntilSettled(relay, id, ['paused']);
    expect(paused.counters.queued).toBeGreaterThan(0);

    io.fail({ code: 'EROFS', path: (path) => path.includes('mailings.json') });
    const resumeRefused = await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' });
    expect(resumeRefused.status).toBe(503);
    expect((await mailingOf(id)).status).toBe('paused');

    io.heal();
    expect((await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' })).status).toBe(200);
    const done = await waitUntilSettled(relay, id, ['finished'], 30_000);
    expect(done.counters.sent).toBe(3000);
    expect(repeated(sentPhones())).toEqual([]);
  }, 60_000);
});

describe('stopping the relay while requests are at the provider', () => {
  it('waits for their answers: after a restart nobody is "unknown" and nobody got it twice', async () => {
    fake.fail({ delayMs: 300 });
    const id = await launchMailingTo(relay, 1000);
    await until('requests at the provider', async () => fake.calls('sms/send').length >= 2);
    await relay.close();
    fake.fail(null);
    relay = await startTestRelay(env(), { io, dataDir: relay.dataDir });
    const done = await waitUntilSettled(relay, id, ['finished'], 20_000);
    expect(done.counters).toMatchObject({ unknown: 0, sent: 1000 });
    expect(repeated(sentPhones())).toEqual([]);
  }, 30_000);
});

describe('editing the text of a paused mailing on a full disk', () => {
  it('answers 503 and keeps the old text everywhere: what the mailing shows is what it sends', async () => {
    fake.fail({ delayMs: 20 });
    const id = await launchMailingTo(relay, 500, 'Старый текст');
    await until('some sends', async () => fake.sent.length >= 100);
    expect((await relay.call('POST', `/api/mailings/${id}/pause`, { role: 'marketer' })).status).toBe(200);
    await waitUntilSettled(relay, id, ['paused']);
    // The recipients' copy with the new text cannot be put in place (a full copy needs room).
    io.fail({ code: 'ENOSPC', path: (path) => path.includes('recipients.jsonl') });
    const refused = await relay.call('PATCH', `/api/mailings/${id}`, { role: 'marketer', body: { text: 'Новый текст' } });
    expect(refused.status).toBe(503);
    io.heal();
    expect((await mailingOf(id)).text).toBe('Старый текст');
    fake.fail(null);
    expect((await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' })).status).toBe(200);
    await waitUntilSettled(relay, id, ['finished'], 20_000);
    expect(new Set(fake.sent.map((s) => s.text))).toEqual(new Set(['Старый текст']));
  }, 30_000);
});

describe('a single send from a card when the disk is full', () => {
  it('is refused with 503 in words before anything reaches the provider; with space back the same send goes', async () => {
    const send = () => relay.call('POST', '/api/messages', { body: { to: '+7 912 345-67-89', text: 'Привет' } });
    io.fail({ code: 'ENOSPC' });
    const refused = await send();
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'storage_unwritable',
      message: expect.stringContaining('disk full'),
      messageRu: expect.stringContaining('диск заполнен'),
    });
    expect(fake.calls('sms/send')).toHaveLength(0);
    io.heal();
    expect((await send()).status).toBe(201);
    expect(fake.calls('sms/send')).toHaveLength(1);
  });
});
