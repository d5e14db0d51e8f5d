import type { Low } from 'lowdb';
import type { ContactView } from '../../shared/api';
import { openJsonDb } from './json-db';

export type StoredContact = ContactView;

interface ContactsFile {
  contacts: StoredContact[];
}

/** The contact directory: snapshots of CRM records, keyed by crmId. */
export class ContactStore {
  private readonly byId = new Map<string, StoredContact>();

  private constructor(private readonly db: Low<ContactsFile>) {
    for (const contact of db.data.contacts) this.byId.set(contact.crmId, contact);
  }

  static async open(file: string): Promise<ContactStore> {
    return new ContactStore(await openJsonDb<ContactsFile>(file, { contacts: [] }));
  }

  get(crmId: string): StoredContact | undefined {
    return this.byId.get(crmId);
  }

  all(): readonly StoredContact[] {
    return this.db.data.contacts;
  }

  /** Several contacts in one write: all of them are stored, or (on a failed write) none. */
  async putMany(list: StoredContact[]): Promise<void> {
    if (list.length === 0) return;
    await this.db.update(({ contacts }) => {
      for (const contact of list) {
        const existing = this.byId.get(contact.crmId);
        if (existing) contacts[contacts.indexOf(existing)] = contact;
        else contacts.push(contact);
        this.byId.set(contact.crmId, contact);
      }
    });
  }

  async put(contact: StoredContact): Promise<void> {
    const existing = this.byId.get(contact.crmId);
    await this.db.update(({ contacts }) => {
      if (existing) contacts[contacts.indexOf(existing)] = contact;
      else contacts.push(contact);
    });
    this.byId.set(contact.crmId, contact);
  }
}
