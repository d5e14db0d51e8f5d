import { describe, expect, it } from 'vitest';
import { MailingEngine } from '../../../relay/mailings/engine';
import type { EngineConfig } from '../../../relay/mailings/engine-config';
import { ProviderError } from '../../../relay/providers/provider-error';
import type { MailingStorage } from '../../../relay/store/mailing-storage';
import { ManualClock, engineConfig, fakeProvider, logger, mailingWith, registryOf, settle, tempStorage, type FakeProvider } from './engine-kit';

const noFlags = { doNotUseSms: () => false };
const nobodyListed = { has: () => false };
const noConsents = { granted: () => false };
const unaudited = { record: () => {} };

async function running(n: number, config: Partial<EngineConfig> = {}, provider: FakeProvider = fakeProvider()) {
  const storage: MailingStorage = await tempStorage();
  const clock = new ManualClock();
  const engine = new MailingEngine({
    storage,
    contacts: noFlags,
    stopList: nobodyListed,
    consents: noConsents,
    providers: registryOf(provider),
    clock,
    logger,
    config: engineConfig(config),
    audit: unaudited,
  });
  const mailing = await mailingWith(storage, 'm1', n);
  await engine.start({ scheduler: false });
  await engine.transition(mailing, 'launch');
  return { storage, clock, engine, provider };
}

describe('the dispatcher', () => {
  it('sends every queued recipient in batches of the provider, then finishes the mailing', async () => {
    const { storage, clock, provider, engine } = await running(12);
    await clock.advance(100);
    expect(provider.requests.map((r) => r.length)).toEqual([5, 5, 1]);
    expect(storage.get('m1')?.status).toBe('finished');
    expect(engine.counters('m1')).toMatchObject({ sent: 11, skipped: { no_phone: 1 }, queued: 0, sending: 0 });
    await engine.stop();
  });

  it('paces by the clock: at 20 per second a batch of 2 leaves every ~100 ms, and nothing more while time stands still', async () => {
    const { clock, provider, engine } = await running(30, { ratePerSecond: 20 });
    await settle();
    const first = provider.requests.length;
    expect(first).toBeGreaterThan(0);
    await settle(200);
    expect(provider.requests.length).toBe(first);
    await clock.advance(500);
    const afterHalfASecond = provider.requests.flat().length;
    expect(afterHalfASecond).toBeGreaterThan(first * 2);
    expect(afterHalfASecond).toBeLessThanOrEqual(20);
    await clock.advance(2000);
    expect(provider.requests.flat().length).toBe(27);
    await engine.stop();
  });

  it('tries a retryable failure again after retryBaseMs on the clock, doubling, and fails it after maxAttempts', async () => {
    const provider = fakeProvider();
    provider.answer = (messages) => messages.map((m) => ({ to: m.to, ok: false as const, error: new ProviderError('service_unavailable') }));
    const { storage, clock, engine } = await running(1, { retryBaseMs: 1000, maxAttempts: 3 }, provider);
    await clock.advance(10);
    expect(provider.requests).toHaveLength(1);
    await clock.advance(980);
    expect(provider.requests).toHaveLength(1);
    await clock.advance(20);
    expect(provider.requests).toHaveLength(2);
    await clock.advance(2000);
    expect(provider.requests).toHaveLength(3);
    expect(storage.read('m1', [0])[0]).toMatchObject({ state: 'failed', error: expect.stringContaining('after 3 tries') });
    expect(storage.get('m1')?.status).toBe('finished');
    await engine.stop();
  });

  it('pauses the mailing when the error rate crosses the threshold, in words', async () => {
    const provider = fakeProvider({ batchSize: 1 });
    provider.answer = (messages) => messages.map((m) => ({ to: m.to, ok: false as const, error: new ProviderError('invalid_number') }));
    const { storage, clock, engine } = await running(20, { errorRateWindow: 4, errorRateThreshold: 0.5 }, provider);
    await clock.advance(100);
    expect(storage.get('m1')).toMatchObject({
      status: 'paused',
      statusReason: { code: 'error_rate', message: '100% of the latest 4 messages failed; paused so a person can look' },
    });
    expect(provider.requests).toHaveLength(4);
    await engine.stop();
  });

  it('a "stop" answer puts the batch back in the queue and pauses with the provider\'s words', async () => {
    const provider = fakeProvider();
    provider.answer = () => {
      throw new ProviderError('insufficient_funds');
    };
    const { storage, clock, engine } = await running(4, {}, provider);
    await clock.advance(50);
    expect(storage.get('m1')).toMatchObject({ status: 'paused', statusReason: { code: 'insufficient_funds' } });
    expect(engine.counters('m1')).toMatchObject({ queued: 3, sending: 0 });
    await engine.stop();
  });

  it('skips a contact flagged "do not use SMS" after the launch', async () => {
    const storage = await tempStorage();
    const clock = new ManualClock();
    const provider = fakeProvider();
    const engine = new MailingEngine({
      storage,
      contacts: { doNotUseSms: (id) => id === 'c1' },
      stopList: nobodyListed,
      consents: noConsents,
      providers: registryOf(provider),
      clock,
      logger,
      config: engineConfig(),
      audit: unaudited,
    });
    await engine.start({ scheduler: false });
    await engine.transition(await mailingWith(storage, 'm1', 3), 'launch');
    await clock.advance(50);
    expect(provider.requests.flat().map((m) => m.ref)).toEqual(['m1-0', 'm1-2']);
    expect(storage.read('m1', [1])[0]).toMatchObject({ state: 'skipped', error: 'do_not_use_sms' });
    await engine.stop();
  });

  it('skips a number put on the stop list after the launch, in the very batch it was claimed for, and sends the rest', async () => {
    const storage = await tempStorage();
    const clock = new ManualClock();
    const provider = fakeProvider({ batchSize: 2 });
    const listed = new Set<string>();
    const engine = new MailingEngine({
      storage,
      contacts: noFlags,
      stopList: { has: (phone) => listed.has(phone) },
      consents: noConsents,
      providers: registryOf(provider),
      clock,
      logger,
      config: engineConfig(),
      audit: unaudited,
    });
    // The first request is answered only once the numbers of the next batch and the one after are on the list.
    let release!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (release = resolve));
    const answer = provider.answer;
    provider.answer = async (messages) => {
      if (provider.requests.length === 1) await firstAnswer;
      return answer(messages);
    };
    await engine.start({ scheduler: false });
    await engine.transition(await mailingWith(storage, 'm1', 6), 'launch');
    await clock.advance(10);
    expect(provider.requests.flat().map((m) => m.ref)).toEqual(['m1-0', 'm1-1']);
    listed.add('79120000002');
    listed.add('79120000005');
    release();
    await clock.advance(50);
    expect(provider.requests.flat().map((m) => m.ref)).toEqual(['m1-0', 'm1-1', 'm1-4']);
    expect(storage.read('m1', [2, 5]).map((r) => [r.state, r.error])).toEqual([
      ['skipped', 'stop_list'],
      ['skipped', 'stop_list'],
    ]);
    expect(engine.counters('m1')).toMatchObject({ sent: 3, sending: 0, queued: 0, skipped: { stop_list: 2, no_phone: 1 } });
    expect(storage.get('m1')?.status).toBe('finished');
  });

  it('skips a contact of an advertising mailing whose consent is gone at dispatch; a service mailing sends to it', async () => {
    const storage = await tempStorage();
    const clock = new ManualClock();
    const provider = fakeProvider();
    const consents = { granted: (id: string) => id !== 'c1' };
    const engine = new MailingEngine({
      storage,
      contacts: noFlags,
      stopList: nobodyListed,
      consents,
      providers: registryOf(provider),
      clock,
      logger,
      config: engineConfig(),
      audit: unaudited,
    });
    await engine.start({ scheduler: false });
    await engine.transition(await mailingWith(storage, 'ad', 3, { kind: 'advertising' }), 'launch');
    await engine.transition(await mailingWith(storage, 'svc', 3, { kind: 'service' }), 'launch');
    await clock.advance(50);
    const refs = provider.requests.flat().map((m) => m.ref);
    expect(refs.filter((ref) => ref?.startsWith('ad-'))).toEqual(['ad-0', 'ad-2']);
    expect(refs.filter((ref) => ref?.startsWith('svc-'))).toEqual(['svc-0', 'svc-1', 'svc-2']);
    expect(storage.read('ad', [1])[0]).toMatchObject({ state: 'skipped', error: 'no_consent' });
    expect(engine.counters('ad').skipped).toMatchObject({ no_consent: 1 });
    await engine.stop();
  });
});
