import { describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../../relay/mailings/scheduler';
import { mailingRecord } from '../../contract/mailing-storage.contract';
import { ManualClock, T0, logger, tempStorage } from './engine-kit';

const at = (ms: number) => new Date(T0 + ms).toISOString();

async function setUp() {
  const storage = await tempStorage();
  const clock = new ManualClock();
  const raise = vi.fn(async () => null);
  const faulty = new Set<string>();
  const scheduler = createScheduler({ storage, clock, logger, config: { startGraceMs: 600_000, tickMs: 60_000 }, faults: { has: (id) => faulty.has(id) }, raise });
  return { storage, clock, raise, faulty, scheduler };
}

describe('the scheduler', () => {
  it('starts a due deferred mailing, holds one whose start passed beyond the grace period, leaves the rest', async () => {
    const { storage, raise, scheduler } = await setUp();
    await storage.insert(mailingRecord('due', { status: 'scheduled', launchType: 'deferred', startAt: at(-1000) }));
    await storage.insert(mailingRecord('missed', { status: 'scheduled', launchType: 'deferred', startAt: at(-3600_000) }));
    await storage.insert(mailingRecord('later', { status: 'scheduled', launchType: 'deferred', startAt: at(1000) }));
    await storage.insert(mailingRecord('draft', { launchType: 'deferred', startAt: at(-1000) }));
    await scheduler.tick();
    expect(raise.mock.calls).toEqual([
      ['due', 'start'],
      [
        'missed',
        'hold',
        expect.objectContaining({ code: 'missed_start', message: 'The start time passed 60 min ago while the relay was not running; resume it to send now' }),
      ],
    ]);
  });

  it('leaves a mailing halted by a fault alone', async () => {
    const { storage, raise, faulty, scheduler } = await setUp();
    await storage.insert(mailingRecord('due', { status: 'scheduled', launchType: 'deferred', startAt: at(-1000) }));
    faulty.add('due');
    await scheduler.tick();
    expect(raise).not.toHaveBeenCalled();
  });

  it('ticks every tickMs on the clock, one at a time, until stopped', async () => {
    const { storage, clock, raise, scheduler } = await setUp();
    await scheduler.start();
    await storage.insert(mailingRecord('due', { status: 'scheduled', launchType: 'deferred', startAt: at(30_000) }));
    await clock.advance(59_000);
    expect(raise).not.toHaveBeenCalled();
    await clock.advance(1000);
    expect(raise).toHaveBeenCalledWith('due', 'start');
    scheduler.stop();
    await clock.advance(120_000);
    expect(raise).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
  });
});
