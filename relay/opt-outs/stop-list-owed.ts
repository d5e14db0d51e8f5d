import { STOP_LIST_SOURCE_LABELS } from '../../shared/stop-list';
import type { StopListRecord } from '../store/stop-list';
import type { ProviderListing } from '../store/stop-list-sync';

/** A change of the relay's list the provider has not got yet. */
export interface OwedPush {
  phone: string;
  /** true: put the number on the provider's list; false: take it off. */
  add: boolean;
  /** The time of the relay's change (the number's latest history event): what a refusal is remembered by. */
  change: string;
  /** Why, for the provider's list where it keeps words. */
  note: string;
}

/**
 * What the provider still has to be told about one number, from the relay's record of it and what the
 * provider is known to hold (`listing`, absent: nothing known, i.e. not on its list). Nothing is owed when
 * both agree, when the provider refused this very change for good, or when the number came from this
 * provider's own list (it has it, and a removal there is not fought by pushing the number back).
 */
export function owedPush(record: StopListRecord, listing: ProviderListing | undefined, providerId: string): OwedPush | null {
  const wanted = record.entry !== null;
  if (wanted === (listing?.listed ?? false)) return null;
  const change = record.history.at(-1)?.at ?? '';
  if (listing?.refused?.change === change) return null;
  const entry = record.entry;
  if (entry && entry.source === 'provider' && entry.addedBy === providerId) return null;
  const note = entry ? `CRM SMS: ${STOP_LIST_SOURCE_LABELS[entry.source].ru}${entry.reason ? ` (${entry.reason})` : ''}` : '';
  return { phone: record.phone, add: wanted, change, note };
}
