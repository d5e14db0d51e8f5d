import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { ContactView } from '../../shared/api';
import { ContactSearchIndex, type PreparedContact } from '../contacts/contact-search-index';
import { noTurns, timeSlicer, type Turn } from '../contacts/time-slicer';
import { CorruptDataError } from './json-db';
import type { DataIo } from './data-io';
import { RecordLog, type RecordGroup } from './record-log';

export type StoredContact = ContactView;

/** How long the background layout of the search text may hold the event loop at a time. */
const LAYOUT_SLICE_MS = 4;

/** Contacts serialised and written between two turns when a write is big (a CSV import). */
const WRITE_PART = 250;

/** Stores contacts in one write (see ContactStore.putMany), taking turns with other work as it takes them from `contacts`. */
export type ContactWrite = (contacts: Iterable<StoredContact>, turn?: Turn) => Promise<void>;

/**
 * The contact directory: snapshots of CRM records, keyed by crmId, in an append-only record log
 * (`contacts.jsonl`). Memory holds, per contact, where it is on disk and what search and group
 * filters need (the index: its text fields, phone digits and yes/no facts, among them the "do not
 * use SMS" flag checked at every mailing dispatch); whole contacts are read from disk when asked for.
 *
 * Writers take turns (writing()): what one reads before it writes stays as it read it, also when it
 * takes many event-loop turns (a CSV import); readers never wait.
 */
export class ContactStore {
  /** Read-only for everyone but the store. */
  readonly index = new ContactSearchIndex();
  private lastWrite: Promise<unknown> = Promise.resolve();
  private layingOut = false;
  private closed = false;

  private log!: RecordLog<StoredContact>;

  private constructor() {}

  /** Opens `file` (contacts.jsonl); a directory kept by an older relay in `legacyFile` (contacts.json) is moved over once. */
  static open(file: string, legacyFile?: string, io?: DataIo): ContactStore {
    const store = new ContactStore();
    store.log = RecordLog.open<StoredContact>(
      file,
      (c) => c.crmId,
      (contact, slot) => store.remember(contact, slot),
      io,
    );
    if (legacyFile && store.log.size === 0 && existsSync(legacyFile)) store.importLegacy(legacyFile);
    store.layOutSoon();
    return store;
  }

  get size(): number {
    return this.log.size;
  }

  /** How many writes changed the directory since it was opened. */
  get changes(): number {
    return this.log.changes;
  }

  get(crmId: string): StoredContact | undefined {
    return this.log.get(crmId);
  }

  has(crmId: string): boolean {
    return this.log.has(crmId);
  }

  /**
   * The contacts at these slots of the index (in directory order, as the index gives them), read from
   * disk as they are iterated: one by one, or — when they are most of the directory — by reading
   * the file through in big chunks, which is faster then.
   */
  *atSlots(slots: number[]): Generator<StoredContact> {
    if (slots.length < 0.75 * this.size) {
      for (const slot of slots) {
        const contact = this.log.getAt(slot);
        if (contact) yield contact;
      }
      return;
    }
    const wanted = new Uint8Array(slots.reduce((max, slot) => Math.max(max, slot), 0) + 1);
    for (const slot of slots) wanted[slot] = 1;
    for (const contact of this.log.all()) if (wanted[this.log.slotOf(contact.crmId)!] === 1) yield contact;
  }

  /** The contacts at these slots as their stored JSON text (a ContactView each), for answers that pass them on as they are. */
  jsonAtSlots(slots: number[]): string[] {
    const found: string[] = [];
    for (const slot of slots) {
      const json = this.log.getJsonAt(slot);
      if (json !== undefined) found.push(json);
    }
    return found;
  }

  /** The contact at a slot of the index, read from disk. */
  atSlot(slot: number): StoredContact | undefined {
    return this.log.getAt(slot);
  }

  /** The crmId of the contact at a slot of the index. */
  crmIdAt(slot: number): string | undefined {
    return this.log.keyAt(slot);
  }

  /** Whether the contact is flagged "do not use SMS" (true), cleared (false), or the CRM did not say (null); from memory. */
  doNotUseSms(crmId: string): boolean | null | undefined {
    const slot = this.log.slotOf(crmId);
    return slot === undefined ? undefined : this.index.doNotUseSms(slot);
  }

  /** Every contact, read from disk one at a time: iterate, do not collect, when the directory is big. */
  all(): Iterable<StoredContact> {
    return this.log.all();
  }

  /** Names of the custom fields some contact has (for the macro catalogue). */
  customFieldNames(): string[] {
    return this.index.customFieldNames();
  }

  /** Several contacts in one write: all of them are stored, or (on a failed write) none. */
  putMany(list: StoredContact[]): Promise<void> {
    return this.writing((write) => write(list));
  }

  put(contact: StoredContact): Promise<void> {
    return this.putMany([contact]);
  }

  /**
   * Runs `work` when no other writer is at work, and lets it write (as often as it likes) until it
   * ends: a read-modify-write that no other write can come between.
   */
  writing<T>(work: (write: ContactWrite) => Promise<T>): Promise<T> {
    const run = this.lastWrite.then(() => work((list, turn) => this.write(list, turn)));
    // Compaction, when due, comes before the next write but after this one has answered its caller.
    // Housekeeping never fails the queue: a rejected lastWrite would refuse every write after it.
    this.lastWrite = run
      .catch(() => {})
      .then(() => this.compactIfDue())
      .catch(() => {});
    return run;
  }

  /** Resolves once the writes asked for so far (and the compaction they made due) are done. */
  settled(): Promise<void> {
    return this.lastWrite.then(() => {});
  }

  private async compactIfDue(): Promise<void> {
    if (this.log.wantsCompaction) await this.log.compact(timeSlicer());
  }

  /**
   * The record log's write: one group, all or nothing — a big one serialised and written a part at a
   * time with turns between; the index is worked out as contacts come and changed once it is stored.
   */
  private async write(contacts: Iterable<StoredContact>, turn: Turn = noTurns): Promise<void> {
    const prepared: PreparedContact[] = [];
    let group: RecordGroup<StoredContact> | undefined;
    let part: StoredContact[] = [];
    try {
      for (const contact of contacts) {
        part.push(contact);
        prepared.push(this.index.prepare(contact));
        if (part.length === WRITE_PART) {
          await (group ??= this.log.openGroup()).append(part);
          part = [];
        }
        await turn();
      }
      if (group) await group.append(part);
    } catch (error) {
      group?.abort();
      for (const entry of prepared) this.index.discard(entry);
      throw error;
    }
    if (!group) {
      let slots: number[];
      try {
        slots = this.log.putMany(part);
      } catch (error) {
        for (const entry of prepared) this.index.discard(entry);
        throw error;
      }
      prepared.forEach((entry, k) => this.index.apply(entry, slots[k]!));
      this.layOutSoon();
      return;
    }
    let placing = false;
    try {
      // A big group is taken into the index as the log places it, in chunks with turns between.
      await group.commit(turn, (slot, k) => {
        placing = true;
        this.index.apply(prepared[k]!, slot);
      });
    } catch (error) {
      if (placing) throw error;
      group.abort();
      for (const entry of prepared) this.index.discard(entry);
      throw error;
    }
    this.layOutSoon();
  }

  /**
   * The search text of what was written is joined in the background, a few milliseconds a turn, so
   * that no search (nor whatever waits behind it) pays for it.
   */
  private layOutSoon(): void {
    if (this.layingOut) return;
    this.layingOut = true;
    const step = () => {
      if (this.closed || this.index.layOutUntil(performance.now() + LAYOUT_SLICE_MS)) {
        this.layingOut = false;
        return;
      }
      setImmediate(step);
    };
    setImmediate(step);
  }

  close(): void {
    this.closed = true;
    this.log.close();
  }

  private remember(contact: StoredContact, slot: number): void {
    this.index.add(contact, slot);
  }

  private importLegacy(legacyFile: string): void {
    let contacts: StoredContact[];
    try {
      contacts = (JSON.parse(readFileSync(legacyFile, 'utf8')) as { contacts: StoredContact[] }).contacts ?? [];
    } catch (error) {
      throw new CorruptDataError(`${legacyFile} is not valid JSON (${(error as Error).message}); restore it from a backup or move it aside`);
    }
    for (let i = 0; i < contacts.length; i += 5000) {
      const chunk = contacts.slice(i, i + 5000);
      this.log.putMany(chunk).forEach((slot, k) => this.remember(chunk[k]!, slot));
    }
    renameSync(legacyFile, `${legacyFile}.migrated`);
  }
}
