import type { ContactView } from '../../shared/api';

/** The valid numbers (E.164 digits) of a contact flagged «Не использовать SMS»; none while it is not flagged. */
export const flaggedDigits = (contact: ContactView): string[] =>
  contact.doNotUseSms === true ? [...new Set(contact.phones.flatMap((phone) => (phone.digits ? [phone.digits] : [])))] : [];

/**
 * The numbers of the contacts flagged «Не использовать SMS», in memory, each with the slots of the
 * contacts that have it: what the stop list shows with source «Флаг в CRM», and a mailing skips. The
 * flag is the CRM's, so the numbers are never stored apart from the contacts: a number is here exactly
 * while a flagged contact has it, and leaves when the last such contact is cleared or loses it.
 * Numbers are in the order they were last flagged (a contact written again with its flag moves its
 * numbers to the end).
 */
export class FlaggedNumbers {
  private readonly holders = new Map<string, Set<number>>();
  private readonly numbersOf = new Map<number, string[]>();

  /** The contact at `slot` now has these flagged numbers (none: it is not flagged). */
  set(slot: number, digits: string[]): void {
    for (const number of this.numbersOf.get(slot) ?? []) {
      const slots = this.holders.get(number)!;
      slots.delete(slot);
      if (slots.size === 0) this.holders.delete(number);
    }
    this.numbersOf.delete(slot);
    if (digits.length === 0) return;
    this.numbersOf.set(slot, digits);
    // Last first: newest first, one contact's numbers come out in its own order.
    for (const number of [...digits].reverse()) {
      let slots = this.holders.get(number);
      if (!slots) this.holders.set(number, (slots = new Set()));
      slots.add(slot);
    }
  }

  has(digits: string): boolean {
    return this.holders.has(digits);
  }

  /** The slots of the flagged contacts that have the number, the longest flagged first. */
  holdersOf(digits: string): number[] {
    return [...(this.holders.get(digits) ?? [])];
  }

  /** Every flagged number, the latest flagged first. */
  newestFirst(): string[] {
    return [...this.holders.keys()].reverse();
  }

  get size(): number {
    return this.holders.size;
  }
}
