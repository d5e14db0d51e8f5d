import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../relay/logger';
import { createStopListService } from '../../relay/opt-outs/stop-list-service';
import { createStopListSync } from '../../relay/opt-outs/stop-list-sync';
import { ProviderError } from '../../relay/providers/provider-error';
import type { SmsProvider } from '../../relay/providers/types';
import { StopListStore } from '../../relay/store/stop-list';
import { StopListSyncStore } from '../../relay/store/stop-list-sync';
import { recordedAudit } from '../support/recorded-audit';
import { ManualClock } from './engine/engine-kit';

const MINUTE = 60_000;

/** A provider whose own stop list is a Set; `removal` makes taking a number off fail: for now (down) or for good (refused). */
function listKeepingProvider() {
  const listed = new Set<string>();
  const calls: string[] = [];
  const state: { removal: 'ok' | 'down' | 'refused' } = { removal: 'ok' };
  const provider: SmsProvider = {
    id: 'smsru',
    name: 'Provider',
    capabilities: {
      cost: false,
      balance: false,
      check: false,
      statusPoll: false,
      callbacks: false,
      batchSize: 1,
      maxParts: 1,
      lookup: false,
      stopList: 'sync',
      replies: false,
    },
    send: async () => [],
    async stopListAdd(phone) {
      calls.push(`add ${phone}`);
      listed.add(phone);
    },
    async stopListRemove(phone) {
      calls.push(`remove ${phone}`);
      if (state.removal === 'down') throw new ProviderError('service_unavailable', { providerText: 'try later' });
      if (state.removal === 'refused') throw new ProviderError('invalid_number', { providerText: 'no such number here' });
      listed.delete(phone);
    },
    async stopListGet() {
      calls.push('get');
      return [...listed].map((phone) => ({ phone, note: 'from the provider' }));
    },
  };
  return { provider, listed, calls, state };
}

function setUp(everyMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'stop-list-sync-'));
  const clock = new ManualClock();
  const stopList = StopListStore.open(join(dir, 'stop-list.jsonl'));
  const ledger = StopListSyncStore.open(join(dir, 'stop-list-sync.jsonl'));
  const fake = listKeepingProvider();
  const { audit, changes } = recordedAudit();
  const sync = createStopListSync({
    provider: fake.provider,
    stopList,
    ledger,
    add: (addition) => service.add(addition),
    audit,
    clock,
    logger: silentLogger,
    defaultCountry: 'RU',
    everyMs,
  });
  const service = createStopListService({ stopList, clock, defaultCountry: 'RU', changed: () => sync.changed() });
  return { clock, stopList, service, sync, audited: changes, ...fake };
}

describe('the stop-list sync on its schedule', () => {
  it('reads the provider list at start and then every interval, not before', async () => {
    const { clock, stopList, sync, listed, calls } = setUp(60 * MINUTE);
    listed.add('79120000001');
    sync.start();
    await clock.advance(0);
    expect(stopList.entry('79120000001')).toMatchObject({ source: 'provider', addedBy: 'smsru', reason: 'from the provider' });

    listed.add('79120000002');
    await clock.advance(59 * MINUTE);
    expect(calls.filter((c) => c === 'get')).toHaveLength(1);
    expect(stopList.has('79120000002')).toBe(false);
    await clock.advance(MINUTE);
    expect(calls.filter((c) => c === 'get')).toHaveLength(2);
    expect(stopList.has('79120000002')).toBe(true);
    // Numbers that came from the provider are never pushed back to it.
    expect(calls.filter((c) => c.startsWith('add'))).toEqual([]);
    await sync.stop();
    await clock.advance(60 * MINUTE);
    expect(calls.filter((c) => c === 'get')).toHaveLength(2);
  });

  it("records each number a pull puts on the relay's list as the sync's own change, and none it already had", async () => {
    const { clock, sync, listed, service, audited } = setUp(0);
    await service.add({ phone: '79120000009', source: 'agent', by: 'anna' });
    listed.add('79120000009');
    listed.add('79120000001');
    await sync.syncNow();
    await clock.advance(0);
    expect(audited).toEqual([
      {
        user: 'system:stop-list-sync',
        action: 'stop-list add',
        target: { phone: '79120000001' },
        details: { source: 'provider', provider: 'smsru', reason: 'from the provider' },
      },
    ]);
  });

  it('a removal the provider refuses for good is reported once, not undone by the next pull, and not pushed again', async () => {
    const { clock, stopList, service, sync, listed, calls, state } = setUp(0);
    await service.add({ phone: '+79120000003', source: 'agent', by: 'Ольга' });
    await clock.advance(0);
    expect(listed.has('79120000003')).toBe(true);

    // The push the removal starts finds the provider down: still owed.
    state.removal = 'down';
    await service.remove('79120000003', { by: 'admin', reason: 'ошибка' });
    await clock.advance(0);
    expect(calls.at(-1)).toBe('remove 79120000003');
    state.removal = 'refused';
    const report = await sync.syncNow();
    expect(report.refused).toEqual([{ phone: '79120000003', change: 'remove', words: expect.stringContaining('no such number here') }]);
    expect(report).toMatchObject({ pulled: { listed: 1, added: 0 }, pending: 0, error: null });
    // Still on the provider's list, and still off the relay's: the pull did not put it back.
    expect(stopList.has('79120000003')).toBe(false);
    const removals = calls.filter((c) => c.startsWith('remove')).length;
    expect(await sync.syncNow()).toMatchObject({ refused: [], pending: 0 });
    expect(calls.filter((c) => c.startsWith('remove'))).toHaveLength(removals);
  });
});
