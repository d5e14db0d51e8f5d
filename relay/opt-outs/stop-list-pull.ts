import type { StopListSyncReport } from '../../shared/stop-list';
import type { SystemAudit } from '../domain/system-audit';
import type { ProviderStopListEntry } from '../providers/types';
import type { StopListStore } from '../store/stop-list';
import type { ProviderListing, StopListSyncStore } from '../store/stop-list-sync';
import type { Addition } from './stop-list-service';
import { stopListPhone } from './stop-list-phone';

export interface PullDeps {
  providerId: string;
  stopList: StopListStore;
  ledger: StopListSyncStore;
  /** Puts a number on the relay's list (the stop-list service's add). */
  add(addition: Addition): Promise<unknown>;
  defaultCountry: string;
  /** Each number taken in is recorded as the sync's own change ("system:stop-list-sync") before it is made. */
  audit: SystemAudit;
  /** Now, as ISO. */
  now(): string;
}

/** A provider's note is kept as the entry's reason, short enough to read in a list. */
const NOTE_MAX = 200;

/**
 * Takes in the provider's list as just read. A number the relay does not list goes onto its list (source
 * "provider", by the provider) - unless the relay took it off and the provider has not been told yet: that
 * removal is owed, not undone. The ledger then says what the provider holds of the relay's numbers: those on
 * its list, and (for numbers it was thought to hold) those it no longer has. A number is never taken off the
 * relay's list because the provider lacks it. A disk that refuses a number's audit entry stops the taking
 * in there (the StorageError is thrown): the next round reads the list again.
 */
export async function takeInPulledList(deps: PullDeps, listed: ProviderStopListEntry[]): Promise<NonNullable<StopListSyncReport['pulled']>> {
  const { providerId, stopList, ledger } = deps;
  const seen = new Set<string>();
  const learned: ProviderListing[] = [];
  let added = 0;
  let unreadable = 0;
  for (const item of listed) {
    let phone: string;
    try {
      phone = stopListPhone(item.phone, deps.defaultCountry);
    } catch {
      unreadable++;
      continue;
    }
    if (seen.has(phone)) continue;
    seen.add(phone);
    const record = stopList.get(phone);
    const listing = ledger.get(providerId, phone);
    const removalOwed = record !== undefined && record.entry === null && listing?.listed === true;
    if (!record?.entry && !removalOwed) {
      const reason = item.note?.trim().slice(0, NOTE_MAX);
      const noted: { reason?: string } = reason ? { reason } : {};
      const change = {
        user: 'system:stop-list-sync' as const,
        action: 'stop-list add',
        target: { phone },
        details: { source: 'provider', provider: providerId, ...(reason ? { reason } : {}) },
      };
      await deps.audit.around(change, () => deps.add({ phone, source: 'provider', by: providerId, ...noted }));
      added++;
    }
    if (!listing?.listed) learned.push({ provider: providerId, phone, listed: true, at: deps.now() });
  }
  for (const record of stopList.everyNumber()) {
    const listing = ledger.get(providerId, record.phone);
    if (listing?.listed && !seen.has(record.phone)) learned.push({ ...listing, listed: false, at: deps.now() });
  }
  await ledger.put(learned);
  return { listed: seen.size, added, unreadable };
}
