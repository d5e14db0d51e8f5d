import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StopListEntry } from '../../shared/stop-list';
import { StopListStore } from '../../relay/store/stop-list';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'stop-list-')), 'stop-list.jsonl');
const entry = (phone: string, at: string, more: Partial<StopListEntry> = {}): StopListEntry => ({
  phone,
  source: 'agent',
  addedAt: `2026-11-24T${at}:00.000Z`,
  addedBy: 'agent',
  ...more,
});

describe('the stop list on disk', () => {
  it('keeps each number once, newest first, and comes back the same after a reopen', async () => {
    const file = fileIn();
    const list = StopListStore.open(file);
    expect(await list.add(entry('79120000001', '10:00', { reason: 'просил не писать' }))).toBe(true);
    expect(await list.add(entry('79120000002', '10:01', { source: 'reply', addedBy: 'sandbox' }))).toBe(true);
    expect(await list.add(entry('79120000001', '10:02', { addedBy: 'someone else' }))).toBe(false);
    expect(list.has('79120000001')).toBe(true);
    expect(list.has('79120000003')).toBe(false);
    expect([...list.newestFirst()].map((e) => e.phone)).toEqual(['79120000002', '79120000001']);
    list.close();

    const reopened = StopListStore.open(file);
    expect(reopened.size).toBe(2);
    expect(reopened.entry('79120000001')).toEqual(entry('79120000001', '10:00', { reason: 'просил не писать' }));
    expect([...reopened.newestFirst()].map((e) => e.phone)).toEqual(['79120000002', '79120000001']);
    reopened.close();
  });

  it('a removal takes the number off but keeps who added and removed it, when and why; a re-add is the newest', async () => {
    const file = fileIn();
    const list = StopListStore.open(file);
    await list.add(entry('79120000001', '10:00'));
    await list.add(entry('79120000002', '10:01'));
    expect(await list.remove('79120000001', { at: '2026-11-24T11:00:00.000Z', by: 'admin', reason: 'клиент попросил вернуть рассылки' })).toBe(true);
    expect(await list.remove('79120000001', { at: '2026-11-24T11:01:00.000Z', by: 'admin', reason: 'again' })).toBe(false);
    expect(await list.remove('79120000009', { at: '2026-11-24T11:01:00.000Z', by: 'admin', reason: 'never listed' })).toBe(false);
    expect(list.has('79120000001')).toBe(false);
    expect(list.size).toBe(1);
    await list.add(entry('79120000001', '12:00', { source: 'reply', addedBy: 'sandbox' }));
    list.close();

    const reopened = StopListStore.open(file);
    expect([...reopened.newestFirst()].map((e) => e.phone)).toEqual(['79120000001', '79120000002']);
    expect(reopened.get('79120000001')?.history).toEqual([
      { action: 'added', at: '2026-11-24T10:00:00.000Z', by: 'agent', source: 'agent' },
      { action: 'removed', at: '2026-11-24T11:00:00.000Z', by: 'admin', reason: 'клиент попросил вернуть рассылки' },
      { action: 'added', at: '2026-11-24T12:00:00.000Z', by: 'sandbox', source: 'reply' },
    ]);
    expect(reopened.get('79120000009')).toBeUndefined();
    reopened.close();
  });

  it('a write the disk refuses throws in words and changes nothing, in memory or on disk; the next one goes through', async () => {
    const io = faultyIo();
    const file = fileIn();
    const list = StopListStore.open(file, io);
    await list.add(entry('79120000001', '10:00'));
    const before = readFileSync(file, 'utf8');

    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 20 });
    await expect(list.add(entry('79120000002', '10:01'))).rejects.toThrow(StorageError);
    await expect(list.remove('79120000001', { at: '2026-11-24T11:00:00.000Z', by: 'admin', reason: 'x' })).rejects.toThrow('disk full');
    expect(list.has('79120000002')).toBe(false);
    expect(list.has('79120000001')).toBe(true);
    expect(list.get('79120000001')?.history).toHaveLength(1);
    expect(list.size).toBe(1);

    io.heal();
    // Positive control: the same store writes again once the disk has room, and the torn bytes are gone.
    expect(await list.add(entry('79120000002', '10:02'))).toBe(true);
    list.close();
    const reopened = StopListStore.open(file);
    expect([...reopened.newestFirst()].map((e) => [e.phone, e.addedAt])).toEqual([
      ['79120000002', '2026-11-24T10:02:00.000Z'],
      ['79120000001', '2026-11-24T10:00:00.000Z'],
    ]);
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);
    reopened.close();
  });
});
