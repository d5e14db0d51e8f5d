import type { z } from 'zod';
import type { ContactPhone, contactSnapshotSchema } from '../../shared/api';
import { tryNormalizePhone } from '../../shared/phones';
import type { Store } from '../store/store';
import type { StoredContact } from '../store/contacts';

type Snapshot = z.output<typeof contactSnapshotSchema>;

/**
 * Stores what a CRM page showed of a contact (a nameless one too: its crmId identifies it). Phones are normalised as they are stored (an invalid
 * one is kept with its reason, so the directory shows it). Nothing is written when nothing changed.
 */
export async function upsertContact(
  store: Store,
  defaultCountry: string,
  crmId: string,
  snapshot: Snapshot,
  now: Date,
): Promise<{ contact: StoredContact; created: boolean; changed: boolean }> {
  return store.contacts.writing(async (write) => {
    const result = buildContact(store.contacts.get(crmId), defaultCountry, crmId, snapshot, now);
    if (result.changed) await write([result.contact]);
    return result;
  });
}

/** The stored form of a snapshot, and whether it differs from what is stored. */
export function buildContact(
  existing: StoredContact | undefined,
  defaultCountry: string,
  crmId: string,
  snapshot: Snapshot,
  now: Date,
): { contact: StoredContact; created: boolean; changed: boolean } {
  const phones: ContactPhone[] = snapshot.phones.map((phone) => {
    const normalized = tryNormalizePhone(phone.number, { defaultCountry });
    return {
      ...phone,
      digits: normalized.ok ? normalized.phone.digits : null,
      invalidReason: normalized.ok ? null : normalized.error.reason,
      country: normalized.ok ? normalized.phone.country : null,
    };
  });
  // A card whose name was not read says nothing about the name: what the directory knows stays.
  const content = { crmId, ...snapshot, name: snapshot.name || existing?.name || '', phones };
  if (existing && sameContent(existing, content)) return { contact: existing, created: false, changed: false };
  const contact: StoredContact = {
    ...content,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return { contact, created: !existing, changed: true };
}

function sameContent(existing: StoredContact, content: Omit<StoredContact, 'createdAt' | 'updatedAt'>): boolean {
  const { createdAt: _c, updatedAt: _u, ...rest } = existing;
  return canonical(rest) === canonical(content);
}

/** JSON with keys sorted and undefined left out, so key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
