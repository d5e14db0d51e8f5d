import type { StoredContact } from '../store/contacts';
import type { Store } from '../store/store';

/**
 * Directory search by name, account, e-mail, or digits of a phone: the first `limit` matches in
 * directory order, found in the contact index, and only those read from disk.
 */
export function searchContacts(store: Pick<Store, 'contacts'>, query: string, limit: number): StoredContact[] {
  return [...store.contacts.atSlots(store.contacts.index.search(query, limit))];
}

/** The same search as the JSON body of `GET /api/contacts` (`{"contacts":[…]}`), the contacts passed on as stored, unparsed. */
export function searchContactsJson(store: Pick<Store, 'contacts'>, query: string, limit: number): string {
  const { contacts } = store;
  return `{"contacts":[${contacts.jsonAtSlots(contacts.index.search(query, limit)).join(',')}]}`;
}
