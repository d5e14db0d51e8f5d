import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACE_CHUNK, RecordLog } from '../../relay/store/record-log';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

type Row = { id: string; v: number };
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'record-log-group-')), 'rows.jsonl');
const rows = (from: number, count: number, v: number) => Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, v }));

describe('a group written in parts', () => {
  it('is one group: readers see none of it until the commit, then all of it, also after a reopen', async () => {
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id);
    log.putMany([{ id: 'r1', v: 0 }]);
    const group = log.openGroup();
    await group.append(rows(0, 3, 1));
    expect([log.get('r1')?.v, log.size]).toEqual([0, 1]);
    await group.append(rows(3, 3, 1));
    const slots: number[] = [];
    await group.commit(undefined, (slot, k) => (slots[k] = slot));
    expect(slots).toHaveLength(6);
    expect(log.get('r1')).toEqual({ id: 'r1', v: 1 });
    expect(log.size).toBe(6);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual(rows(0, 6, 1));
    again.close();
  });

  it('takes a big group into memory a chunk at a time, turns between, and no other write in between', async () => {
    const log = RecordLog.open<Row>(fileIn(), (r) => r.id);
    const group = log.openGroup();
    await group.append(rows(0, 10_000, 1));
    const seenBetween: number[] = [];
    const refused: string[] = [];
    await group.commit(async () => {
      seenBetween.push(log.size);
      try {
        log.putMany([{ id: 'intruder', v: 9 }]);
      } catch (error) {
        refused.push((error as Error).message);
      }
    });
    // 10,000 records in chunks of PLACE_CHUNK: a turn after each full chunk but the last.
    const turns = Math.floor((10_000 - 1) / PLACE_CHUNK);
    expect(seenBetween).toEqual(Array.from({ length: turns }, (_, k) => (k + 1) * PLACE_CHUNK));
    expect(refused).toHaveLength(turns);
    expect(refused[0]).toMatch(/other writes must wait/);
    expect(log.size).toBe(10_000);
    expect(log.has('intruder')).toBe(false);
    log.putMany([{ id: 'after', v: 2 }]);
    expect(log.get('after')).toEqual({ id: 'after', v: 2 });
    log.close();
  });

  it('a part the disk refuses leaves nothing, in memory or on disk, and the next write cuts what did land', async () => {
    const io = faultyIo();
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    log.putMany([{ id: 'a', v: 1 }]);
    const group = log.openGroup();
    await group.append(rows(0, 3, 2));
    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 5 });
    await expect(group.append(rows(3, 3, 2))).rejects.toThrow(StorageError);
    group.abort();
    expect([log.size, log.has('r0')]).toEqual([1, false]);
    io.heal();
    log.putMany([{ id: 'b', v: 1 }]);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
    ]);
    again.close();
  });

  it('an aborted group is dropped, and no other write may start while a group is open', async () => {
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id);
    const group = log.openGroup();
    await group.append(rows(0, 2, 1));
    expect(() => log.putMany([{ id: 'x', v: 1 }])).toThrow(/other writes must wait/);
    expect(() => log.openGroup()).toThrow(/other writes must wait/);
    group.abort();
    log.putMany([{ id: 'x', v: 1 }]);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual([{ id: 'x', v: 1 }]);
    again.close();
  });

  it('parts whose commit never came (a crash) are dropped at open', async () => {
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id);
    log.putMany([{ id: 'a', v: 1 }]);
    await log.openGroup().append(rows(0, 3, 1));
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual([{ id: 'a', v: 1 }]);
    again.close();
  });
});
