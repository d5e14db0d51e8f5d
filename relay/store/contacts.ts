import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { ContactView } from '../../shared/api';
import { CorruptDataError } from './json-db';
import type { DataIo } from './data-io';
import { RecordLog } from './record-log';

export type StoredContact = ContactView;

const FLAG = { unknown: 0, allowed: 1, doNotUse: 2 } as const;
const flagOf = (contact: StoredContact) => (contact.doNotUseSms === true ? FLAG.doNotUse : contact.doNotUseSms === false ? FLAG.allowed : FLAG.unknown);

/**
 * The contact directory: snapshots of CRM records, keyed by crmId, in an append-only record log
 * (`contacts.jsonl`). A hundred thousand contacts cost memory only for where each one is on disk,
 * its "do not use SMS" flag (checked at every mailing dispatch) and the custom field names in use.
 */
export class ContactStore {
  private flags = new Uint8Array(1024);
  private readonly fieldNames = new Set<string>();

  private log!: RecordLog<StoredContact>;

  private constructor() {}

  /** Opens `file` (contacts.jsonl); a directory kept by an older relay in `legacyFile` (contacts.json) is moved over once. */
  static open(file: string, legacyFile?: string, io?: DataIo): ContactStore {
    const store = new ContactStore();
    store.log = RecordLog.open<StoredContact>(file, (c) => c.crmId, (contact, slot) => store.remember(contact, slot), io);
    if (legacyFile && store.log.size === 0 && existsSync(legacyFile)) store.importLegacy(legacyFile);
    return store;
  }

  get size(): number {
    return this.log.size;
  }

  get(crmId: string): StoredContact | undefined {
    return this.log.get(crmId);
  }

  /** Whether the contact is flagged "do not use SMS" (true), cleared (false), or the CRM did not say (null); from memory. */
  doNotUseSms(crmId: string): boolean | null | undefined {
    const slot = this.log.slotOf(crmId);
    if (slot === undefined) return undefined;
    const flag = this.flags[slot];
    return flag === FLAG.doNotUse ? true : flag === FLAG.allowed ? false : null;
  }

  /** Every contact, read from disk one at a time: iterate, do not collect, when the directory is big. */
  all(): Iterable<StoredContact> {
    return this.log.all();
  }

  /** Names of the custom fields some contact has (for the macro catalogue). */
  customFieldNames(): string[] {
    return [...this.fieldNames].sort();
  }

  /** Several contacts in one write: all of them are stored, or (on a failed write) none. */
  async putMany(list: StoredContact[]): Promise<void> {
    const slots = this.log.putMany(list);
    list.forEach((contact, k) => this.remember(contact, slots[k]!));
  }

  async put(contact: StoredContact): Promise<void> {
    await this.putMany([contact]);
  }

  close(): void {
    this.log.close();
  }

  private remember(contact: StoredContact, slot: number): void {
    if (slot >= this.flags.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.flags.length * 2));
      grown.set(this.flags);
      this.flags = grown;
    }
    this.flags[slot] = flagOf(contact);
    for (const name of Object.keys(contact.fields ?? {})) this.fieldNames.add(name);
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
