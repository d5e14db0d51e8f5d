import type { ConsentRecord, ConsentSource, ConsentView } from '../../shared/consent';
import { notFound } from '../domain/errors';
import type { ConsentStore } from '../store/consents';

export interface ConsentDeps {
  contacts: { has(crmId: string): boolean };
  consents: ConsentStore;
}

/** How a consent changed: given or withdrawn, where it came from, who recorded it and when. */
export interface ConsentChange {
  granted: boolean;
  source: ConsentSource;
  comment?: string;
  by: string;
  at: Date;
}

const recordOf = (crmId: string, { granted, source, comment, by, at }: ConsentChange): ConsentRecord => ({
  crmId,
  granted,
  source,
  ...(comment ? { comment } : {}),
  at: at.toISOString(),
  by,
});

function contactMustExist(deps: ConsentDeps, crmId: string): void {
  if (!deps.contacts.has(crmId)) throw notFound('contact with crmId', `"${crmId}"`, 'Контакта нет в справочнике');
}

/** Records a consent given or withdrawn for a contact of the directory (each act is kept, also one that repeats the last). */
export function recordConsent(deps: ConsentDeps, crmId: string, change: ConsentChange): ConsentRecord {
  contactMustExist(deps, crmId);
  const record = recordOf(crmId, change);
  deps.consents.append([record]);
  return record;
}

/** A contact's consent now and its history, newest first. */
export function consentOf(deps: ConsentDeps, crmId: string): ConsentView {
  contactMustExist(deps, crmId);
  const history = [...deps.consents.history(crmId)].reverse();
  return { current: history[0] ?? null, history };
}

/** The withdrawals a STOP reply (source "reply") makes of these contacts' consents: none for a consent already withdrawn. */
export function withdrawalsOf(consents: ConsentStore, crmIds: Iterable<string>, how: Omit<ConsentChange, 'granted'>): ConsentRecord[] {
  const records: ConsentRecord[] = [];
  for (const crmId of new Set(crmIds)) {
    if (consents.current(crmId)?.granted !== false) records.push(recordOf(crmId, { ...how, granted: false }));
  }
  return records;
}

/**
 * The records a CSV import's consents make (source "csv"), to be appended in one write: a contact
 * whose consent now is already the one given gets none, so that importing the same export again adds nothing.
 */
export function importedConsents(
  consents: ConsentStore,
  rows: Iterable<{ crmId: string; consent?: boolean }>,
  how: Omit<ConsentChange, 'granted' | 'source'>,
): ConsentRecord[] {
  const records: ConsentRecord[] = [];
  for (const { crmId, consent } of rows) {
    if (consent !== undefined && consents.current(crmId)?.granted !== consent) records.push(recordOf(crmId, { ...how, granted: consent, source: 'csv' }));
  }
  return records;
}
