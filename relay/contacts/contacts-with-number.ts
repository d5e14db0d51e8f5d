import type { ContactStore } from '../store/contacts';

/** More contacts than any one number is shared by; past it, a number is no one's in particular. */
const MOST_SHARING_A_NUMBER = 1_000;

const isNumber = (digits: string) => /^\d{3,15}$/.test(digits);

/** Whether the contact at the slot has a phone of exactly these digits (read from disk). */
function slotHasNumber(contacts: ContactStore, slot: number, digits: string): boolean {
  const contact = contacts.atSlot(slot);
  return contact !== undefined && contact.phones.some((phone) => phone.digits === digits);
}

/** The slots of the contacts with the number, found by search and each read to compare its phones whole. */
const searchedHolders = (contacts: ContactStore, digits: string) =>
  contacts.index.search(digits, MOST_SHARING_A_NUMBER).filter((slot) => slotHasNumber(contacts, slot, digits));

/**
 * The crmIds of every contact with a phone of exactly these E.164 digits. A watched number (one a reply
 * came from) is answered from the index's list of its holders, kept on every write; any other is found
 * by search (in memory, a block sketch at a time), each contact found read to compare its phones whole,
 * so 79123456789 is not found in 479123456789.
 */
export function contactsWithNumber(contacts: ContactStore, digits: string): string[] {
  if (!isNumber(digits)) return [];
  const { index } = contacts;
  const slots = index.watched.holdersOf(digits) ?? searchedHolders(contacts, digits);
  return slots.slice(0, MOST_SHARING_A_NUMBER).map((slot) => contacts.crmIdAt(slot)!);
}

/** Watches this number from now on (see WatchedNumbers): a reply came from it. */
export function watchNumber(contacts: ContactStore, digits: string): void {
  if (!isNumber(digits) || contacts.index.watched.isWatched(digits)) return;
  contacts.index.watched.watch(digits, searchedHolders(contacts, digits));
}

/** Watches these numbers from now on, found in one pass over the index (the relay's start: every number replies came from). */
export function watchNumbers(contacts: ContactStore, numbers: Iterable<string>): void {
  const { index } = contacts;
  const wanted = new Set([...numbers].filter((digits) => isNumber(digits) && !index.watched.isWatched(digits)));
  if (wanted.size === 0) return;
  const found = index.slotsMaybeWithNumbers(wanted);
  for (const digits of wanted)
    index.watched.watch(
      digits,
      (found.get(digits) ?? []).filter((slot) => slotHasNumber(contacts, slot, digits)),
    );
}
