import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIo, type DataIo } from '../../relay/store/data-io';
import { RecordLog } from '../../relay/store/record-log';
import { StorageError } from '../../relay/store/storage-error';

type Row = { id: string; v: number };
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'record-log-flush-')), 'rows.jsonl');
const rows = (from: number, count: number, v: number) => Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, v }));

/**
 * A disk whose flushes finish only when the test says: `held` is how many wait. A flush made with the
 * blocking fsyncSync cannot be held — the event loop itself waits for it — so it goes straight through
 * and is counted as `blocking`.
 */
function slowDisk() {
  const waiting: (() => void)[] = [];
  const disk = { blocking: 0, closedLater: [] as number[], held: () => waiting.length, release: () => waiting.splice(0).forEach((go) => go()), fail: false };
  const io: DataIo = {
    ...nodeIo,
    close: (fd) => {
      disk.closedLater.push(fd);
      return nodeIo.close(fd);
    },
    fsyncSync: (fd) => {
      disk.blocking++;
      nodeIo.fsyncSync(fd);
    },
    fsync: (fd) =>
      new Promise((resolve, reject) =>
        waiting.push(() => {
          if (disk.fail) return reject(Object.assign(new Error('EIO: injected'), { code: 'EIO' }));
          nodeIo.fsync(fd).then(resolve, reject);
        }),
      ),
  };
  return { disk, io };
}

/**
 * Turns of the event loop until `done()` (for at most 10 s: the thread pool's writes take what a busy
 * machine gives them, so a count of turns is no bound), releasing held flushes as they come; how many
 * flushes were held.
 */
async function driveUntil(disk: ReturnType<typeof slowDisk>['disk'], done: () => boolean): Promise<number> {
  let held = 0;
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    held += disk.held();
    disk.release();
  }
  return held;
}

describe('long writes flush to disk off the event loop', () => {
  it('an import written in parts: while a part is being flushed, other work runs, and the part lands only after its flush', async () => {
    const { disk, io } = slowDisk();
    const log = RecordLog.open<Row>(fileIn(), (r) => r.id, undefined, io);
    const group = log.openGroup();
    let appended = false;
    void group.append(rows(0, 300, 1)).then(() => (appended = true));
    // The event loop turns while the flush is outstanding: a timer runs, the part is not yet taken as written.
    await new Promise((resolve) => setImmediate(resolve));
    expect([disk.held(), appended]).toEqual([1, false]);
    disk.release();
    await expect.poll(() => appended).toBe(true);
    let committed = false;
    void group.commit().then(() => (committed = true));
    expect(await driveUntil(disk, () => committed)).toBe(1);
    expect([log.size, disk.blocking]).toEqual([300, 0]);
    log.close();
  });

  it('a compaction flushes each chunk, the whole file and its folder and closes the old file without blocking; a small write still flushes before it answers', async () => {
    const { disk, io } = slowDisk();
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    for (let v = 0; v < 4; v++) log.putMany(rows(0, 1_200, v));
    // The positive control: a plain write is flushed before putMany returns, by the blocking call.
    expect(disk.blocking).toBe(4);
    let compacted: boolean | undefined;
    void log.compact().then((result) => (compacted = result));
    const held = await driveUntil(disk, () => compacted !== undefined);
    expect(compacted).toBe(true);
    // 1,200 live records in chunks of 500 (3), the commit line, the folder.
    expect([held, disk.blocking]).toEqual([5, 4]);
    // The replaced file's handle is closed on the thread pool too: its close frees the old file's blocks.
    expect(disk.closedLater).toHaveLength(1);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([again.size, again.get('r0')?.v]).toEqual([1_200, 3]);
    again.close();
  });

  it('a flush the disk refuses fails the part as a StorageError, and the group stores nothing', async () => {
    const { disk, io } = slowDisk();
    const file = fileIn();
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    const group = log.openGroup();
    disk.fail = true;
    const part = group.append(rows(0, 10, 1));
    await new Promise((resolve) => setImmediate(resolve));
    disk.release();
    await expect(part).rejects.toThrow(StorageError);
    group.abort();
    disk.fail = false;
    log.putMany([{ id: 'after', v: 1 }]);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual([{ id: 'after', v: 1 }]);
    again.close();
  });
});
