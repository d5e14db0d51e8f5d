import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../relay/domain/errors';
import { Faults } from '../../../relay/mailings/faults';
import { PERSIST_RETRY_MS, createTransitions, type RunControl } from '../../../relay/mailings/transitions';
import type { MailingStorage } from '../../../relay/store/mailing-storage';
import { StorageError } from '../../../relay/store/storage-error';
import { recordedAudit } from '../../support/recorded-audit';
import { ManualClock, T0, logger, mailingWith, tempStorage } from './engine-kit';

const diskFull = () => new StorageError('ENOSPC', '/data/mailings.json');

function setUp(storage: MailingStorage) {
  const clock = new ManualClock();
  const faults = new Faults();
  const running = new Set<string>();
  const runs = {
    start: (m) => void running.add(m.id),
    stop: (id) => void running.delete(id),
    isRunning: (id) => running.has(id),
    ended: vi.fn<(id: string) => void>(),
  } satisfies RunControl;
  const { audit, changes } = recordedAudit();
  return { clock, faults, running, runs, audited: changes, transitions: createTransitions({ storage, clock, logger, faults, runs, audit }) };
}

describe('transitions', () => {
  it('go through the lifecycle table: a launch starts the run, a cancel stops it, ends it and stamps the time', async () => {
    const storage = await tempStorage();
    const { transitions, running, runs } = setUp(storage);
    const mailing = await mailingWith(storage, 'm1', 3);
    const launched = await transitions.transition(mailing, 'launch');
    expect(launched).toMatchObject({ status: 'running', launchedAt: new Date(T0).toISOString() });
    expect(running.has('m1')).toBe(true);
    const cancelled = await transitions.transition(launched, 'cancel');
    expect(cancelled).toMatchObject({ status: 'cancelled', finishedAt: new Date(T0).toISOString() });
    expect(running.has('m1')).toBe(false);
    expect(runs.ended).toHaveBeenCalledWith('m1');
  });

  it('refuse what the table does not allow with a conflict in both languages, and change nothing', async () => {
    const storage = await tempStorage();
    const { transitions } = setUp(storage);
    const mailing = await mailingWith(storage, 'm1', 3);
    const error = await transitions.transition(mailing, 'pause').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'invalid_transition',
      message: 'A draft mailing cannot be paused; that is possible from: running',
      details: { messageRu: 'Рассылку в состоянии «draft» нельзя приостановить' },
    });
    expect(storage.get('m1')?.status).toBe('draft');
  });

  it('happen one at a time per mailing: each sees the status the last one left', async () => {
    const storage = await tempStorage();
    const { transitions } = setUp(storage);
    const mailing = await mailingWith(storage, 'm1', 3, { status: 'running' });
    const [paused, again] = await Promise.allSettled([transitions.transition(mailing, 'pause'), transitions.transition(mailing, 'pause')]);
    expect(paused).toMatchObject({ status: 'fulfilled', value: { status: 'paused' } });
    expect(again).toMatchObject({ status: 'rejected', reason: { code: 'invalid_transition' } });
    expect(await transitions.ifPossible('m1', 'pause')).toBeNull();
  });

  it("a status write the disk refuses leaves the run going; the engine's own pause is then written later, on the clock", async () => {
    const storage = await tempStorage();
    const { transitions, running, faults, clock } = setUp(storage);
    const mailing = await mailingWith(storage, 'm1', 3, { status: 'running' });
    running.add('m1');
    const setStatus = vi.spyOn(storage, 'setStatus').mockRejectedValueOnce(diskFull());
    await expect(transitions.transition(mailing, 'pause')).rejects.toThrow(StorageError);
    expect(running.has('m1')).toBe(true);

    setStatus.mockRejectedValueOnce(diskFull()).mockRejectedValueOnce(diskFull());
    const reason = { code: 'error_rate', message: 'too many', messageRu: 'много' };
    expect(await transitions.ifPossible('m1', 'pause', reason)).toBeNull();
    expect(running.has('m1')).toBe(false);
    expect(faults.current(storage.get('m1')!)).toMatchObject({ status: 'paused', statusReason: { code: 'storage_unwritable' } });
    await clock.advance(0); // the first try: refused again
    expect(storage.get('m1')?.status).toBe('running');
    await clock.advance(PERSIST_RETRY_MS);
    expect(storage.get('m1')).toMatchObject({ status: 'paused', statusReason: reason });
    expect(faults.has('m1')).toBe(false);
  });

  it("records the engine's own steps as the scheduler's or the engine's, and a person's step not (the request says it)", async () => {
    const storage = await tempStorage();
    const { transitions, audited } = setUp(storage);
    await mailingWith(storage, 'm1', 3, { status: 'scheduled', launchType: 'deferred', startAt: new Date(T0).toISOString() });
    await transitions.ifPossible('m1', 'start');
    const reason = { code: 'insufficient_funds', message: 'no money', messageRu: 'нет денег' };
    await transitions.ifPossible('m1', 'pause', reason);
    // Positive control of the same setup: a person's resume changes the status and leaves no entry of the relay's own.
    const resumed = await transitions.transition(storage.get('m1')!, 'resume');
    expect(resumed.status).toBe('running');
    await transitions.ifPossible('m1', 'finish');
    expect(await transitions.ifPossible('m1', 'finish')).toBeNull();
    expect(audited).toEqual([
      { user: 'system:scheduler', action: 'mailing start', target: { id: 'm1' }, details: { from: 'scheduled', to: 'running' } },
      { user: 'system:engine', action: 'mailing pause', target: { id: 'm1' }, details: { from: 'running', to: 'paused', reason: 'insufficient_funds' } },
      { user: 'system:engine', action: 'mailing finish', target: { id: 'm1' }, details: { from: 'running', to: 'finished' } },
    ]);
  });

  it('a pause the disk refused is recorded once it is written, not before', async () => {
    const storage = await tempStorage();
    const { transitions, clock, audited } = setUp(storage);
    await mailingWith(storage, 'm1', 3, { status: 'running' });
    vi.spyOn(storage, 'setStatus').mockRejectedValueOnce(diskFull());
    expect(await transitions.ifPossible('m1', 'pause', { code: 'error_rate', message: 'too many', messageRu: 'много' })).toBeNull();
    expect(audited).toEqual([]);
    await clock.advance(0);
    expect(audited).toEqual([{ user: 'system:engine', action: 'mailing pause', target: { id: 'm1' }, details: { from: 'running', to: 'paused', reason: 'error_rate' } }]);
  });

  it('a damaged mailing is set aside: its hold is written, and resuming it is refused', async () => {
    const storage = await tempStorage();
    const { transitions, clock } = setUp(storage);
    const mailing = await mailingWith(storage, 'm1', 3, { status: 'scheduled', launchType: 'deferred', startAt: new Date(T0 + 1000).toISOString() });
    const { CorruptDataError } = await import('../../../relay/store/json-db');
    transitions.quarantine(mailing, new CorruptDataError('journal.jsonl line 3 is not a ledger entry'));
    await clock.advance(0);
    expect(storage.get('m1')).toMatchObject({ status: 'paused', statusReason: { code: 'ledger_corrupt' } });
    await expect(transitions.transition(storage.get('m1')!, 'resume')).rejects.toMatchObject({ kind: 'conflict', code: 'ledger_corrupt' });
  });
});
