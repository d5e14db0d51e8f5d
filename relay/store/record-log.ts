import { closeSync, existsSync, fstatSync, readSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeIo, syncDirectoryInTurn, syncFile, syncFileInTurn, writeAllAt, type DataIo } from './data-io';
import { StringIndex } from './string-index';
import { StorageError } from './storage-error';
import { CorruptDataError } from './json-db';
import { forEachLine } from './line-file';

const COMMIT = '{"$commit":true}';
const READ_CHUNK = 1 << 20;

/** Awaited between chunks of long in-memory work, to let other work have the event loop. */
export type Yield = () => Promise<void>;
/** Records placed (and taken into the index) between two turns: an update costs more than a new record. */
export const PLACE_CHUNK = 256;
/** Live records copied (and fsync'd) between two turns of a compaction: about 1 MB of contacts. */
export const COMPACT_CHUNK = 500;

/** See RecordLog.openGroup. */
export interface RecordGroup<T> {
  /** Writes a part and flushes it to disk (off the event loop); the next part waits for it. */
  append(records: T[]): Promise<void>;
  /**
   * Writes the commit line: from then on the group is stored. Its records are then taken into memory
   * a chunk at a time, `between` awaited after each (readers may see the first chunks before the last);
   * `placed` is told each record's slot, by its place among the records appended.
   */
  commit(between?: Yield, placed?: (slot: number, k: number) => void): Promise<void>;
  abort(): void;
}

/**
 * An append-only file of JSON records keyed by a string, for collections too big to hold as objects
 * (the contact directory): memory keeps only where each key's latest record starts and ends; a record
 * is read back from the file when asked for.
 *
 * Every write is a group of record lines closed by a commit line, appended with one synchronous
 * write and fsync'd: after a crash or power cut a group without its commit (a torn tail) is dropped
 * whole, so a group is stored entirely or not at all; a write the disk refuses is cut off again and
 * thrown as a StorageError, and memory does not change. The file is rewritten without superseded records once they take
 * more room than the live ones (to a temporary file, renamed over the old one).
 */
export class RecordLog<T> {
  /** By slot: where its key's latest line starts, and its length (typed: 12 bytes a slot, where two arrays of numbers take 16 and more). */
  private starts = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private keys: string[] = [];
  private readonly slots = new StringIndex((slot) => this.keys[slot]!);
  private liveBytes = 0;
  private fileBytes = 0;
  private fd: number;
  /** Changes whenever records move in the file, so a reader holding file bytes knows to re-read. */
  private generation = 0;
  private changeCount = 0;
  private readonly buffer = Buffer.alloc(64 * 1024);
  /** A failed write may have left bytes past `fileBytes`: the next write cuts them first. */
  private tornTail = false;
  /** What holds the log (a group written in parts, a compaction): no other write may start meanwhile. */
  private busyWith: string | null = null;

  private constructor(
    private readonly file: string,
    private readonly keyOf: (record: T) => string,
    private readonly onLoad: (record: T, slot: number) => void,
    private readonly io: DataIo,
  ) {
    try {
      this.fd = io.openSync(file, existsSync(file) ? 'r+' : 'w+');
    } catch (error) {
      throw StorageError.from(error, file);
    }
  }

  /** Opens (or creates) the log; `onLoad` sees each live record once, in file order, as it is read. */
  static open<T>(file: string, keyOf: (record: T) => string, onLoad: (record: T, slot: number) => void = () => {}, io: DataIo = nodeIo): RecordLog<T> {
    const log = new RecordLog<T>(file, keyOf, onLoad, io);
    log.load();
    return log;
  }

  /** How many writes changed the records since the log was opened (a compaction changes none). */
  get changes(): number {
    return this.changeCount;
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** A key's slot: a small number that stays the key's as long as the log is open. */
  slotOf(key: string): number | undefined {
    return this.slots.get(key);
  }

  get(key: string): T | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.readSlot(slot);
  }

  /** The key at a slot (undefined: no record has had that slot). */
  keyAt(slot: number): string | undefined {
    return this.keys[slot];
  }

  /** The latest record of a slot's key. */
  getAt(slot: number): T | undefined {
    return slot < this.keys.length ? this.readSlot(slot) : undefined;
  }

  /** The latest record of a slot's key as the JSON text it is stored as. */
  getJsonAt(slot: number): string | undefined {
    return slot < this.keys.length ? this.readSlotText(slot) : undefined;
  }

  /** Every live record, read from the file in order of first storage. */
  *all(): Generator<T> {
    const order = this.slotsInFileOrder();
    let chunk = Buffer.alloc(0);
    let chunkStart = 0;
    let chunkGeneration = this.generation;
    for (const slot of order) {
      if (this.keys[slot] === undefined || this.slots.get(this.keys[slot]!) !== slot) continue;
      const start = this.starts[slot]!;
      const end = start + this.lengths[slot]!;
      if (chunkGeneration !== this.generation || start < chunkStart || end > chunkStart + chunk.length) {
        chunkGeneration = this.generation;
        chunkStart = start;
        chunk = Buffer.alloc(Math.max(READ_CHUNK, end - start));
        const read = readSync(this.fd, chunk, 0, chunk.length, start);
        chunk = chunk.subarray(0, read);
      }
      yield JSON.parse(chunk.toString('utf8', start - chunkStart, end - chunkStart)) as T;
    }
  }

  /** Stores the records as one group: all of them, or (on a failed write) none. */
  putMany(records: T[]): number[] {
    if (records.length === 0) return [];
    this.refuseDuringGroup();
    const lines = records.map((record) => JSON.stringify(record));
    const text = `${lines.join('\n')}\n${COMMIT}\n`;
    const at = this.fileBytes;
    try {
      if (this.tornTail) this.io.ftruncateSync(this.fd, at);
      this.tornTail = false;
      writeAllAt(this.io, this.fd, Buffer.from(text, 'utf8'), at, this.file);
      syncFile(this.io, this.fd, this.file);
    } catch (error) {
      this.tornTail = true;
      throw StorageError.from(error, this.file);
    }
    this.fileBytes += Buffer.byteLength(text);
    this.generation++;
    this.changeCount++;
    let offset = at;
    const slots = records.map((record, k) => {
      const length = Buffer.byteLength(lines[k]!);
      const slot = this.place(this.keyOf(record), offset, length);
      offset += length + 1;
      return slot;
    });
    return slots;
  }

  /**
   * A group written in parts, for more records than should be serialised at once (a CSV import of a
   * hundred thousand contacts): each append() writes a part in full and fsyncs it; commit() closes
   * the group with its commit line. It is stored entirely — or, after a failed write, an abort() or a
   * crash before the commit, not at all. Readers see none of it until the commit; no other write may
   * start until the group is committed or aborted (it throws).
   */
  openGroup(): RecordGroup<T> {
    this.refuseDuringGroup();
    try {
      if (this.tornTail) this.io.ftruncateSync(this.fd, this.fileBytes);
      this.tornTail = false;
    } catch (error) {
      throw StorageError.from(error, this.file);
    }
    this.busyWith = 'a group is being written in parts';
    const placed: { key: string; start: number; length: number }[] = [];
    let end = this.fileBytes;
    let failed = false;
    const attempt = async (work: () => Promise<void>) => {
      if (failed) throw new Error(`${this.file}: this group already failed; abort it`);
      try {
        // Until the commit line, whatever is past `fileBytes` is a torn tail for the next write to cut.
        this.tornTail = true;
        await work();
      } catch (error) {
        failed = true;
        throw StorageError.from(error, this.file);
      }
    };
    const append = async (records: T[]) => {
      if (records.length === 0) return;
      await attempt(async () => {
        const lines = records.map((record) => JSON.stringify(record));
        const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        writeAllAt(this.io, this.fd, bytes, end, this.file);
        await syncFileInTurn(this.io, this.fd, this.file);
        let offset = end;
        records.forEach((record, k) => {
          const length = Buffer.byteLength(lines[k]!);
          placed.push({ key: this.keyOf(record), start: offset, length });
          offset += length + 1;
        });
        end += bytes.length;
      });
    };
    const commit = async (between: Yield = async () => {}, placedAt: (slot: number, k: number) => void = () => {}): Promise<void> => {
      if (placed.length === 0) {
        this.busyWith = null;
        return;
      }
      await attempt(async () => {
        const line = Buffer.from(`${COMMIT}\n`);
        writeAllAt(this.io, this.fd, line, end, this.file);
        await syncFileInTurn(this.io, this.fd, this.file);
        end += line.length;
      });
      this.tornTail = false;
      this.fileBytes = end;
      this.generation++;
      this.changeCount++;
      // Still open: no other write may come in before every record of the group is placed.
      for (let k = 0; k < placed.length; k++) {
        const { key, start, length } = placed[k]!;
        placedAt(this.place(key, start, length), k);
        if ((k + 1) % PLACE_CHUNK === 0 && k + 1 < placed.length) await between();
      }
      this.busyWith = null;
    };
    const abort = () => {
      this.busyWith = null;
    };
    return { append, commit, abort };
  }

  close(): void {
    closeSync(this.fd);
  }

  private refuseDuringGroup(): void {
    if (this.busyWith) throw new Error(`${this.file}: ${this.busyWith}; other writes must wait for it`);
  }

  private place(key: string, start: number, length: number): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.keys.push(key) - 1;
      this.slots.set(key, slot);
      if (slot >= this.starts.length) this.growSlots();
    } else {
      this.liveBytes -= this.lengths[slot]! + 1;
    }
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.liveBytes += length + 1;
    return slot;
  }

  private growSlots(): void {
    const size = Math.ceil(this.starts.length * 1.25);
    const starts = new Float64Array(size);
    const lengths = new Uint32Array(size);
    starts.set(this.starts);
    lengths.set(this.lengths);
    this.starts = starts;
    this.lengths = lengths;
  }

  /** A key's latest record as the JSON text it is stored as (to pass on without parsing it). */
  getJson(key: string): string | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.readSlotText(slot);
  }

  private readSlot(slot: number): T {
    return JSON.parse(this.readSlotText(slot)) as T;
  }

  private readSlotText(slot: number): string {
    const length = this.lengths[slot]!;
    const buffer = length <= this.buffer.length ? this.buffer : Buffer.alloc(length);
    readSync(this.fd, buffer, 0, length, this.starts[slot]!);
    return buffer.toString('utf8', 0, length);
  }

  /**
   * Reads the whole file: the latest committed record of each key. Lines after the last commit (a
   * group a crash cut short) are dropped and cut off the file; a bad line before a commit is corruption.
   */
  private load(): void {
    const pending: { key: string; start: number; length: number; record: T }[] = [];
    let committedEnd = 0;
    let badLine: string | null = null;
    forEachLine(this.fd, (line, start, end, lineNumber) => {
      if (line === COMMIT) {
        if (badLine) throw new CorruptDataError(`${this.file} ${badLine}; restore the file from a backup or move it aside`);
        for (const p of pending) this.place(p.key, p.start, p.length);
        for (const p of pending) this.onLoad(p.record, this.slots.get(p.key)!);
        pending.length = 0;
        committedEnd = end + 1;
        return;
      }
      if (badLine) return;
      try {
        const record = JSON.parse(line) as T;
        pending.push({ key: this.keyOf(record), start, length: end - start, record });
      } catch (error) {
        badLine = `line ${lineNumber} is not a record (${(error as Error).message})`;
      }
    });
    if (committedEnd < fstatSync(this.fd).size) this.io.ftruncateSync(this.fd, committedEnd);
    this.fileBytes = committedEnd;
  }

  /** Superseded records take more room than the live ones: compact() would pay. */
  get wantsCompaction(): boolean {
    return this.fileBytes > 2 * this.liveBytes + (1 << 20);
  }

  /**
   * Rewrites the file with only the live records, a chunk at a time with `between` awaited after each
   * (no write may start meanwhile; reads go on from the old file), then swaps it in. Compaction is
   * housekeeping after writes that are already committed: whatever stops it (a full disk, no file
   * handles left) leaves the log as it was. Says whether it compacted.
   */
  async compact(between: Yield = async () => {}): Promise<boolean> {
    this.refuseDuringGroup();
    this.busyWith = 'the file is being compacted';
    const temp = `${this.file}.tmp`;
    try {
      await this.rewrite(temp, between);
      return true;
    } catch {
      rmSync(temp, { force: true });
      return false;
    } finally {
      this.busyWith = null;
    }
  }

  private async rewrite(temp: string, between: Yield): Promise<void> {
    let out: number;
    try {
      out = this.io.openSync(temp, 'w+');
    } catch (error) {
      throw StorageError.from(error, temp);
    }
    const order = this.slotsInFileOrder();
    const newStarts = new Float64Array(this.keys.length);
    let written = 0;
    try {
      for (let k = 0; k < order.length; k += COMPACT_CHUNK) {
        const chunk = order.slice(k, k + COMPACT_CHUNK);
        const bytes = this.liveLinesOf(chunk, (slot, at) => (newStarts[slot] = written + at));
        writeAllAt(this.io, out, bytes, written, temp);
        // Flushed a chunk at a time, off the event loop: the disk never has much to catch up at once.
        await syncFileInTurn(this.io, out, temp);
        written += bytes.length;
        await between();
      }
      const commit = Buffer.from(`${COMMIT}\n`);
      writeAllAt(this.io, out, commit, written, temp);
      written += commit.length;
      await syncFileInTurn(this.io, out, temp);
      this.io.renameSync(temp, this.file);
    } catch (error) {
      this.io.closeSync(out);
      throw StorageError.from(error, this.file);
    }
    // The handle written through is the renamed file's: swapping to it cannot fail after the rename,
    // so memory and disk agree from here on whatever happens next. The old file is closed on the
    // thread pool: its last handle going frees all its blocks, which for 400 MB takes the close 120 ms.
    const old = this.fd;
    this.fd = out;
    // A handle that will not close is only a leak: the data is safe in the new file.
    this.io.close(old).catch(() => {});
    for (const slot of order) this.starts[slot] = newStarts[slot]!;
    this.fileBytes = written;
    this.generation++;
    await syncDirectoryInTurn(this.io, dirname(this.file));
  }

  /**
   * The live slots sorted by where their records start. Sorting 200,000 slots with a comparator holds
   * the event loop for a tenth of a second; a typed array of start·2²² + slot sorts natively in a few
   * milliseconds, exact while the file is under 2 GB and the slots under 4 million.
   */
  private slotsInFileOrder(): number[] {
    const slots = this.slots.values();
    const SLOT_BITS = 2 ** 22;
    if (this.fileBytes >= 2 ** 31 || this.keys.length >= SLOT_BITS) return slots.sort((a, b) => this.starts[a]! - this.starts[b]!);
    const keys = new Float64Array(slots.length);
    for (let k = 0; k < slots.length; k++) keys[k] = this.starts[slots[k]!]! * SLOT_BITS + slots[k]!;
    keys.sort();
    for (let k = 0; k < keys.length; k++) slots[k] = keys[k]! % SLOT_BITS;
    return slots;
  }

  /** The lines of these slots (in file order), read in one span where they lie close; `at` tells where each starts in the result. */
  private liveLinesOf(slots: number[], at: (slot: number, offset: number) => void): Buffer {
    const first = this.starts[slots[0]!]!;
    const last = slots[slots.length - 1]!;
    const span = this.starts[last]! + this.lengths[last]! + 1 - first;
    const live = slots.reduce((sum, slot) => sum + this.lengths[slot]! + 1, 0);
    const out = Buffer.alloc(live);
    let offset = 0;
    if (span <= 4 * live + READ_CHUNK) {
      const read = Buffer.alloc(span);
      readSync(this.fd, read, 0, span, first);
      for (const slot of slots) {
        const from = this.starts[slot]! - first;
        at(slot, offset);
        offset += read.copy(out, offset, from, from + this.lengths[slot]! + 1);
      }
    } else {
      for (const slot of slots) {
        at(slot, offset);
        offset += readSync(this.fd, out, offset, this.lengths[slot]! + 1, this.starts[slot]!);
      }
    }
    return out;
  }
}
