import { afterEach, describe, expect, it } from 'vitest';
import { sendOneByOne } from '../../relay/providers/adapter-kit';
import { ProviderError } from '../../relay/providers/provider-error';
import type { OutgoingSms, SendOutcome } from '../../relay/providers/types';
import { startFakeSmsRu, type FakeSmsRu, type SmsRuFaultMode } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { launchMailingTo, phonesInState, repeated, waitUntilSettled } from '../support/mailing-run';

/**
 * "Never twice, nothing lost" tried from the outside: a real relay runs a mailing against a fake SMS.ru
 * that misbehaves in one way at a time, on a seeded share of its sms/send requests.
 */

const RECIPIENTS = 1000;
const BATCH = 100;
const PRICE = 1.74;
const RELAY_TIMEOUT_MS = 800;

let fake: FakeSmsRu | undefined;
let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.dispose();
  await fake?.close();
  relay = fake = undefined;
});

async function start(balance = 1_000_000): Promise<{ fake: FakeSmsRu; relay: TestRelay }> {
  fake = await startFakeSmsRu({ balance, pricePerSms: PRICE });
  relay = await startTestRelay({
    PROVIDER: 'smsru',
    SMSRU_API_ID: fake.apiId,
    SMSRU_BASE_URL: fake.url,
    PROVIDER_TIMEOUT_MS: String(RELAY_TIMEOUT_MS),
    MAILING_RATE_PER_SECOND: '0',
    MAILING_RETRY_BASE_MS: '10',
    MAILING_MAX_ATTEMPTS: '5',
  });
  return { fake, relay };
}

/** Answers after which the relay cannot know whether SMS.ru sent: their recipients must end "unknown". */
const AMBIGUOUS: SmsRuFaultMode[] = [
  'gateway-before-accept',
  'gateway-after-accept',
  'garbled-after-accept',
  'reset-before-accept',
  'reset-after-accept',
  'timeout-after-accept',
];

describe('a 1,000-recipient mailing against a fake SMS.ru that fails a share of its sends', () => {
  it.each(AMBIGUOUS)('%s: nobody gets it twice, and exactly the recipients of the faulted requests end "unknown"', async (mode) => {
    const { fake, relay } = await start();
    fake.faults({ mode, rate: 0.25, seed: 9, delayMs: RELAY_TIMEOUT_MS * 3 });
    const id = await launchMailingTo(relay, RECIPIENTS);
    const { status, counters } = await waitUntilSettled(relay, id, ['finished']);

    const inFaults = fake.faulted.flatMap((f) => f.phones);
    const acceptedInFaults = fake.faulted.filter((f) => f.accepted).flatMap((f) => f.phones);
    const sentPhones = fake.sent.map((s) => s.phone);
    expect(
      {
        status,
        duplicates: repeated(sentPhones).length,
        notFinal: counters.queued + counters.sending,
        unknown: counters.unknown,
      },
      `${fake.faulted.length} faulted sends, ${acceptedInFaults.length} numbers sent in them`,
    ).toEqual({
      status: 'finished',
      duplicates: 0,
      notFinal: 0,
      unknown: inFaults.length,
    });
    expect(fake.faulted.length).toBeGreaterThan(0);
    expect(counters.unknown).toBeLessThanOrEqual(fake.faulted.length * BATCH);
    expect(new Set(await phonesInState(relay, id, 'unknown'))).toEqual(new Set(inFaults));
    // Positive control: after-accept faults really sent the numbers the relay then heard nothing clear about.
    if (mode.endsWith('after-accept')) {
      expect(acceptedInFaults.length).toBe(inFaults.length);
      expect(sentPhones).toEqual(expect.arrayContaining(acceptedInFaults));
    } else {
      expect(sentPhones.filter((p) => inFaults.includes(p))).toEqual([]);
    }
    expect(counters.sent).toBe(RECIPIENTS - counters.unknown);
    expect(sentPhones.length).toBe(counters.sent + acceptedInFaults.length);
  });

  it("SMS.ru's own error answer on HTTP 500 (documented: not executed): those recipients are retried and reach everyone once", async () => {
    const { fake, relay } = await start();
    fake.faults({ mode: 'error-before-accept', rate: 0.25, seed: 9 });
    const id = await launchMailingTo(relay, RECIPIENTS);
    const { counters } = await waitUntilSettled(relay, id, ['finished']);
    const sentPhones = fake.sent.map((s) => s.phone);
    expect({ duplicates: repeated(sentPhones).length, unknown: counters.unknown, sent: counters.sent }).toEqual({ duplicates: 0, unknown: 0, sent: RECIPIENTS });
    // Positive control: the faults did hit, and those numbers went out on a later try.
    expect(fake.faulted.length).toBeGreaterThan(0);
    expect(sentPhones).toEqual(expect.arrayContaining(fake.faulted.flatMap((f) => f.phones)));
    expect(new Set(sentPhones).size).toBe(RECIPIENTS);
  });

  it('per-number refusals fail only those recipients, nobody is unknown or sent twice', async () => {
    const { fake, relay } = await start();
    fake.faults({ mode: 'refuse-number', rate: 0.05, seed: 9, code: 207 });
    const id = await launchMailingTo(relay, RECIPIENTS);
    const { counters } = await waitUntilSettled(relay, id, ['finished']);
    const refused = fake.faulted.flatMap((f) => f.phones);
    expect(refused.length).toBeGreaterThan(0);
    expect(repeated(fake.sent.map((s) => s.phone))).toEqual([]);
    expect(counters).toMatchObject({ unknown: 0, queued: 0, sending: 0, failed: refused.length, sent: RECIPIENTS - refused.length });
    expect(new Set(await phonesInState(relay, id, 'failed'))).toEqual(new Set(refused));
  });

  it('an outage that answers every send ambiguously pauses the mailing after a few requests, instead of leaving everyone "unknown"', async () => {
    const { fake, relay } = await start();
    fake.faults({ mode: 'gateway-after-accept', rate: 1, seed: 1 });
    const id = await launchMailingTo(relay, 3000);
    const paused = await waitUntilSettled(relay, id, ['paused']);
    expect(paused.statusReason).toMatchObject({ code: 'ambiguous_answers', message: expect.stringContaining('do not say whether the provider sent') });
    // Concurrency 4: paused after 6 such requests in a row, with at most 4 more already in flight.
    expect(paused.counters.unknown).toBeLessThanOrEqual(10 * BATCH);
    expect(paused.counters.queued).toBeGreaterThanOrEqual(3000 - 10 * BATCH);
    expect(repeated(fake.sent.map((s) => s.phone))).toEqual([]);
  });

  it('funds running out mid-mailing: paused for insufficient funds, then topped up, resumed, and finished once each', async () => {
    const affordable = 640;
    const { fake, relay } = await start(PRICE * affordable + 0.5);
    const id = await launchMailingTo(relay, RECIPIENTS);
    const paused = await waitUntilSettled(relay, id, ['paused']);
    expect(paused.statusReason?.code).toBe('insufficient_funds');
    expect(fake.sent.length).toBeGreaterThan(0);
    expect(fake.sent.length).toBeLessThanOrEqual(affordable);
    expect(paused.counters).toMatchObject({ unknown: 0, sending: 0, sent: fake.sent.length, queued: RECIPIENTS - fake.sent.length });
    expect(fake.balance).toBeLessThan(PRICE * BATCH);

    fake.topUp(PRICE * RECIPIENTS);
    expect((await relay.call('POST', `/api/mailings/${id}/resume`, { role: 'marketer' })).status).toBe(200);
    const { counters } = await waitUntilSettled(relay, id, ['finished']);
    expect(repeated(fake.sent.map((s) => s.phone))).toEqual([]);
    expect(counters).toMatchObject({ sent: RECIPIENTS, unknown: 0, queued: 0, sending: 0, failed: 0 });
    expect(fake.sent).toHaveLength(RECIPIENTS);
  });
});

describe('a batch of a provider that takes one message per request (sendOneByOne)', () => {
  const batch: OutgoingSms[] = ['79130000001', '79130000002', '79130000003'].map((to) => ({ to, text: 'x' }));
  const failingFirst = (error: ProviderError) => {
    const attempted: string[] = [];
    const sendOne = async (message: OutgoingSms): Promise<SendOutcome> => {
      attempted.push(message.to);
      if (attempted.length === 1) throw error;
      return { to: message.to, ok: true, providerMessageId: `id-${message.to}`, status: 'queued' };
    };
    return { attempted, send: () => sendOneByOne(batch, sendOne) };
  };

  it('an unknown outcome of the first message stays that message\'s: the others are "not attempted", certainly not sent', async () => {
    const { attempted, send } = failingFirst(new ProviderError('timeout', { outcomeUnknown: true }));
    const outcomes = await send();
    expect(attempted).toEqual([batch[0]!.to]);
    expect(outcomes.map((o) => (o.ok ? 'sent' : o.error.outcomeUnknown ? 'unknown' : o.error.errorClass))).toEqual(['unknown', 'retryable', 'retryable']);
    expect(outcomes.slice(1).map((o) => !o.ok && o.error.providerText)).toEqual([expect.stringMatching(/^not attempted/), expect.stringMatching(/^not attempted/)]);
  });

  it('a certain failure of the first message is still thrown for the whole call (nothing went)', async () => {
    const refusal = new ProviderError('auth_failed', { providerCode: 401 });
    const { attempted, send } = failingFirst(refusal);
    await expect(send()).rejects.toBe(refusal);
    expect(attempted).toEqual([batch[0]!.to]);
  });
});
