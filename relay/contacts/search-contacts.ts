import type { StoredContact } from '../store/contacts';
import type { Store } from '../store/store';

/**
 * Directory search by name, account, e-mail, or digits of a phone: the first `limit` matches in
 * directory order, found in the contact index, and only those read from disk.
 */
export function searchContacts(store: Pick<Store, 'contacts'>, query: string, limit: number): StoredContact[] {
  return [...store.contacts.atSlots(store.contacts.index.search(query, limit))];
}
