import type { z } from 'zod';
import type { contactSnapshotSchema } from '../../shared/api';
import type { StoredContact } from '../store/contacts';
import type { Store } from '../store/store';
import { noTurns, type Turn } from './time-slicer';
import { buildContact } from './upsert-contact';

type Snapshot = z.output<typeof contactSnapshotSchema>;

/**
 * A partial view (a CRM list row, a CSV line) over what the directory already knows: values it
 * does not show are kept — the do-not-SMS flag, other phones, custom fields — and what it shows wins.
 */
export function mergeSnapshot(existing: StoredContact | undefined, partial: Snapshot): Snapshot {
  if (!existing) return partial;
  const { crmId: _id, createdAt: _c, updatedAt: _u, phones: knownPhones, fields: knownFields, ...known } = existing;
  const seen = new Set(partial.phones.map((p) => p.number.replace(/\D/g, '')));
  const keptPhones = knownPhones
    .filter((p) => !seen.has(p.number.replace(/\D/g, '')) && !(p.digits && partial.phones.some((n) => n.number.replace(/\D/g, '').endsWith(p.digits!.slice(1)))))
    .map(({ number, type, label }) => (label ? { number, type, label } : { number, type }));
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined && v !== null));
  return {
    ...(known as Partial<Snapshot>),
    ...defined,
    name: partial.name || known.name || '',
    phones: [...partial.phones, ...keptPhones],
    doNotUseSms: partial.doNotUseSms ?? known.doNotUseSms ?? null,
    fields: { ...knownFields, ...partial.fields },
  } as Snapshot;
}

/**
 * Many snapshots (a CSV import, a CRM list page) in one write; reports what happened. Each is merged
 * over the stored contact as the write takes it, taking turns (`turn`) with other work; no other
 * write comes in between.
 */
export async function storeMany(store: Store, defaultCountry: string, rows: { crmId: string; snapshot: Snapshot }[], now: Date, turn: Turn = noTurns) {
  return store.contacts.writing(async (write) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    function* changed(): Generator<StoredContact> {
      for (const { crmId, snapshot } of rows) {
        const existing = store.contacts.get(crmId);
        const result = buildContact(existing, defaultCountry, crmId, mergeSnapshot(existing, snapshot), now);
        if (!result.changed) counts.unchanged++;
        else {
          if (result.created) counts.created++;
          else counts.updated++;
          yield result.contact;
        }
      }
    }
    await write(changed(), turn);
    return counts;
  });
}
