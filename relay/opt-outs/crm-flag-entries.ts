import type { StopListEntry } from '../../shared/stop-list';
import type { ContactStore } from '../store/contacts';

/**
 * The numbers the CRM's «Не использовать SMS» puts on the stop list, as entries with source "crm":
 * worked out from the contacts flagged now, never stored apart from them, so setting the flag lists a
 * contact's numbers at once and clearing it (or a number leaving the contact) takes them off — only
 * those the flag made; a number someone listed stays. The entry names the contact (addedBy, its crmId)
 * and is dated by the contact's latest write with the flag set.
 */
export function crmFlagEntries(contacts: ContactStore) {
  const { flagged } = contacts.index;
  return {
    has: (phone: string): boolean => flagged.has(phone),

    /** Every number a flag lists, the latest flagged first. */
    numbers: (): string[] => flagged.newestFirst(),

    /** The number's entry while a flagged contact has it (the longest flagged one names it). */
    entry(phone: string): StopListEntry | undefined {
      const [slot] = flagged.holdersOf(phone);
      if (slot === undefined) return undefined;
      const crmId = contacts.crmIdAt(slot)!;
      return { phone, source: 'crm', addedAt: contacts.get(crmId)?.updatedAt ?? '', addedBy: crmId };
    },
  };
}

export type CrmFlagEntries = ReturnType<typeof crmFlagEntries>;
