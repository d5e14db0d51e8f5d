import type { z } from 'zod';
import type { ContactPhone, contactSnapshotSchema } from '../../shared/api';
import { tryNormalizePhone } from '../../shared/phones';
import type { Store } from '../store/store';
import type { StoredContact } from '../store/contacts';

type Snapshot = z.output<typeof contactSnapshotSchema>;

/**
 * Stores what a CRM page showed of a contact. Phones are normalised as they are stored (an invalid
 * one is kept with its reason, so the directory shows it). Nothing is written when nothing changed.
 */
export async function upsertContact(
  store: Store,
  defaultCountry: string,
  crmId: string,
  snapshot: Snapshot,
  now: Date,
): Promise<{ contact: StoredContact; created: boolean; changed: boolean }> {
  const result = buildContact(store.contacts.get(crmId), defaultCountry, crmId, snapshot, now);
  if (result.changed) await store.contacts.put(result.contact);
  return result;
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
  const content = { crmId, ...snapshot, phones };
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
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Directory search by name, account, or digits of a phone. */
export function searchContacts(store: Store, query: string, limit: number): StoredContact[] {
  const needle = query.trim().toLocaleLowerCase('ru');
  const digits = query.replace(/\D/g, '');
  const matches: StoredContact[] = [];
  for (const contact of store.contacts.all()) {
    if (!needle) {
      matches.push(contact);
      if (matches.length >= limit) break;
      continue;
    }
    const inText = [contact.name, contact.account ?? '', contact.email ?? ''].some((t) => t.toLocaleLowerCase('ru').includes(needle));
    const inPhones = digits.length >= 3 && contact.phones.some((p) => (p.digits ?? p.number.replace(/\D/g, '')).includes(digits));
    if (inText || inPhones) matches.push(contact);
    if (matches.length >= limit) break;
  }
  return matches;
}
