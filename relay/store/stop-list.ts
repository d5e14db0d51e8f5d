import { noTurns, timeSlicer, type Turn } from '../contacts/time-slicer';
import type { StopListEntry, StopListEvent, StopListNumberView } from '../../shared/stop-list';
import type { DataIo } from './data-io';
import { RecordLog } from './record-log';

/** Records written at once; more are written in parts with turns between, still as one group. */
const WRITE_PART = 1000;

/** A number the list knows: its entry while it is on the list, and every change, oldest first. */
export type StopListRecord = StopListNumberView;

/**
 * The stop list («Стоп-лист») in an append-only record log (`stop-list.jsonl`), one record per number
 * that ever was on it: a removal keeps the record with its history. Every record is also held in
 * memory, so `has` — asked for each mailing recipient — is one Map lookup. A change is on disk
 * (fsync'd) before memory sees it: a write the disk refuses throws a StorageError and changes nothing.
 */
export class StopListStore {
  /** By phone digits; in the order of each number's latest change (the log's order too). */
  private readonly records = new Map<string, StopListRecord>();
  private listed = 0;
  /** Compaction takes turns of the event loop; no write may start meanwhile. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly log: RecordLog<StopListRecord>) {}

  static open(file: string, io?: DataIo): StopListStore {
    let store: StopListStore | undefined;
    const loaded: StopListRecord[] = [];
    const log = RecordLog.open<StopListRecord>(
      file,
      (record) => record.phone,
      (record) => (store ? store.remember(record) : loaded.push(record)),
      io,
    );
    store = new StopListStore(log);
    for (const record of loaded) store.remember(record);
    return store;
  }

  /** Whether the number is on the list now. */
  has(phone: string): boolean {
    return this.records.get(phone)?.entry != null;
  }

  /** The number's entry while it is on the list. */
  entry(phone: string): StopListEntry | undefined {
    return this.records.get(phone)?.entry ?? undefined;
  }

  /** The number's entry and history, also after a removal; undefined when it never was on the list. */
  get(phone: string): StopListRecord | undefined {
    return this.records.get(phone);
  }

  /** How many writes changed the list since it was opened. */
  get changes(): number {
    return this.log.changes;
  }

  /** How many numbers are on the list now. */
  get size(): number {
    return this.listed;
  }

  /** The numbers on the list, newest first. */
  *newestFirst(): Generator<StopListEntry> {
    const all = [...this.records.values()];
    for (let k = all.length - 1; k >= 0; k--) if (all[k]!.entry) yield all[k]!.entry!;
  }

  /** Every number the list knows, on it now or taken off (with its history), oldest change first. */
  everyNumber(): IterableIterator<StopListRecord> {
    return this.records.values();
  }

  /** Puts the number on the list; false (and nothing written) when it is there already. */
  async add(entry: StopListEntry): Promise<boolean> {
    return (await this.addMany([entry])).length === 1;
  }

  /**
   * Puts the numbers not on the list yet on it (a number given twice, once), in one write: all of them
   * or (on a failed write) none; the entries it added. A big one is written in parts, taking turns.
   */
  addMany(entries: Iterable<StopListEntry>, turn: Turn = noTurns): Promise<StopListEntry[]> {
    return this.exclusive(async () => {
      const added = new Map<string, StopListRecord>();
      for (const entry of entries) {
        const known = this.records.get(entry.phone);
        if (known?.entry || added.has(entry.phone)) continue;
        const event: StopListEvent = { action: 'added', at: entry.addedAt, by: entry.addedBy, source: entry.source, ...(entry.reason ? { reason: entry.reason } : {}) };
        added.set(entry.phone, { phone: entry.phone, entry, history: [...(known?.history ?? []), event] });
      }
      await this.write([...added.values()], turn);
      return [...added.values()].map((record) => record.entry!);
    });
  }

  /** Takes the number off the list, keeping why in its history; false (and nothing written) when it is not on it. */
  async remove(phone: string, removal: { at: string; by: string; reason: string }): Promise<boolean> {
    return (await this.removeMany([phone], removal)).length === 1;
  }

  /** Takes those of the numbers that are on the list off it in one write, keeping why in their history; the numbers it took off. */
  removeMany(phones: Iterable<string>, removal: { at: string; by: string; reason: string }): Promise<string[]> {
    return this.exclusive(async () => {
      const removed = new Map<string, StopListRecord>();
      for (const phone of phones) {
        const known = this.records.get(phone);
        if (!known?.entry || removed.has(phone)) continue;
        removed.set(phone, { phone, entry: null, history: [...known.history, { action: 'removed', ...removal }] });
      }
      await this.write([...removed.values()]);
      return [...removed.keys()];
    });
  }

  close(): void {
    this.log.close();
  }

  private async write(records: StopListRecord[], turn: Turn = noTurns): Promise<void> {
    if (records.length === 0) return;
    if (records.length <= WRITE_PART) this.log.putMany(records);
    else await this.writeInParts(records, turn);
    for (const record of records) this.remember(record);
    if (this.log.wantsCompaction) this.turn = this.turn.then(() => this.log.compact(timeSlicer()));
  }

  private async writeInParts(records: StopListRecord[], turn: Turn): Promise<void> {
    const group = this.log.openGroup();
    try {
      for (let at = 0; at < records.length; at += WRITE_PART) {
        await group.append(records.slice(at, at + WRITE_PART));
        await turn();
      }
      await group.commit(turn);
    } catch (error) {
      group.abort();
      throw error;
    }
  }

  private remember(record: StopListRecord): void {
    const before = this.records.get(record.phone);
    if (before?.entry) this.listed--;
    if (record.entry) this.listed++;
    // Deleted first: a Map keeps the place of the first set, and the list is ordered by the latest change.
    this.records.delete(record.phone);
    this.records.set(record.phone, record);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
