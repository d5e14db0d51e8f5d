import { timeSlicer } from '../contacts/time-slicer';
import type { StopListEntry, StopListEvent, StopListNumberView } from '../../shared/stop-list';
import type { DataIo } from './data-io';
import { RecordLog } from './record-log';

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
  add(entry: StopListEntry): Promise<boolean> {
    return this.exclusive(() => {
      const known = this.records.get(entry.phone);
      if (known?.entry) return false;
      const event: StopListEvent = { action: 'added', at: entry.addedAt, by: entry.addedBy, source: entry.source, ...(entry.reason ? { reason: entry.reason } : {}) };
      this.write({ phone: entry.phone, entry, history: [...(known?.history ?? []), event] });
      return true;
    });
  }

  /** Takes the number off the list, keeping why in its history; false (and nothing written) when it is not on it. */
  remove(phone: string, removal: { at: string; by: string; reason: string }): Promise<boolean> {
    return this.exclusive(() => {
      const known = this.records.get(phone);
      if (!known?.entry) return false;
      this.write({ phone, entry: null, history: [...known.history, { action: 'removed', ...removal }] });
      return true;
    });
  }

  close(): void {
    this.log.close();
  }

  private write(record: StopListRecord): void {
    this.log.putMany([record]);
    this.remember(record);
    if (this.log.wantsCompaction) this.turn = this.turn.then(() => this.log.compact(timeSlicer()));
  }

  private remember(record: StopListRecord): void {
    const before = this.records.get(record.phone);
    if (before?.entry) this.listed--;
    if (record.entry) this.listed++;
    // Deleted first: a Map keeps the place of the first set, and the list is ordered by the latest change.
    this.records.delete(record.phone);
    this.records.set(record.phone, record);
  }

  private exclusive<T>(work: () => T): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
