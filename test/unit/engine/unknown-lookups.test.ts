import { describe, expect, it } from 'vitest';
import { createUnknownLookups } from '../../../relay/mailings/unknown-lookups';
import { ManualClock, T0, engineConfig, fakeProvider, logger, mailingWith, registryOf, tempStorage } from './engine-kit';

async function withUnknowns() {
  const storage = await tempStorage();
  const clock = new ManualClock();
  const provider = fakeProvider({ lookup: true });
  await mailingWith(storage, 'm1', 3, { status: 'finished' });
  storage.claim('m1', [0, 1, 2], T0 - 100);
  storage.record(
    'm1',
    [0, 1, 2].map((i) => ({ i, s: 'unknown' as const, e: 'timeout' })),
    T0 - 50,
  );
  const lookups = createUnknownLookups({ storage, providers: registryOf(provider), clock, logger, config: engineConfig({ unknownLookupMs: 5000 }) });
  return { storage, clock, provider, lookups };
}

describe('unknown lookups', () => {
  it('ask the provider about each unknown recipient in its hand-over window; found ones become sent, never-received ones failed', async () => {
    const { storage, provider, lookups } = await withUnknowns();
    provider.lookupAnswer = (queries) =>
      queries.map((q, k) =>
        k === 0
          ? { to: q.to, found: 'sent' as const, providerMessageId: 'late-id' }
          : k === 1
            ? { to: q.to, found: 'not_sent' as const }
            : { to: q.to, found: 'unknown' as const },
      );
    expect(await lookups.resolve('m1')).toEqual({ sent: 1, notSent: 1, unresolved: 1 });
    expect(provider.lookups[0]).toEqual([0, 1, 2].map((i) => expect.objectContaining({ ref: `m1-${i}`, sentAfter: T0 - 100, sentBefore: T0 - 50 })));
    expect(storage.read('m1', [0, 1, 2]).map((r) => r.state)).toEqual(['sent', 'failed', 'unknown']);
    expect(storage.locate('late-id')).toEqual({ mailingId: 'm1', index: 0 });
  });

  it('look up later, after unknownLookupMs on the clock, and not once stopped', async () => {
    const { clock, provider, lookups } = await withUnknowns();
    lookups.lookUpLater('m1');
    await clock.advance(4999);
    expect(provider.lookups).toHaveLength(0);
    await clock.advance(1);
    expect(provider.lookups).toHaveLength(1);
    lookups.lookUpLater('m1');
    lookups.stop();
    await clock.advance(10_000);
    expect(provider.lookups).toHaveLength(1);
  });
});
