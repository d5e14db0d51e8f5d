import type { ContactStore } from '../store/contacts';

/** More contacts than any one number is shared by; past it, a number is no one's in particular. */
const MOST_SHARING_A_NUMBER = 1_000;

/**
 * The crmIds of every contact with a phone of exactly these E.164 digits. The search index finds the
 * contacts whose phones hold the digits (in memory, a block sketch at a time); each is read to compare
 * its phones whole, so 79123456789 is not found in 479123456789.
 */
export function contactsWithNumber(contacts: ContactStore, digits: string): string[] {
  if (!/^\d{3,15}$/.test(digits)) return [];
  const found: string[] = [];
  for (const contact of contacts.atSlots(contacts.index.search(digits, MOST_SHARING_A_NUMBER))) {
    if (contact.phones.some((phone) => phone.digits === digits)) found.push(contact.crmId);
  }
  return found;
}
