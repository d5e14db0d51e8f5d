import { timeSlicer } from '../contacts/time-slicer';
import type { DataIo } from './data-io';
import { RecordLog } from './record-log';

/** What one provider's own stop list is known to hold for one number of the relay's list. */
export interface ProviderListing {
  provider: string;
  /** E.164 digits. */
  phone: string;
  /** Whether the number is on the provider's list, as the provider's last answer about it (a push, a pull) said. */
  listed: boolean;
  /** ISO: when that answer came. */
  at: string;
  /**
   * A change the provider refused for good (a number it does not take): which change of the relay's list it
   * was (the time of that change in the number's history) and the provider's words. Not pushed again until
   * the number changes again on the relay.
   */
  refused?: { change: string; words: string };
}

const keyOf = (provider: string, phone: string) => `${provider}:${phone}`;

/**
 * The stop-list sync's ledger (`stop-list-sync.jsonl`): per provider and number, what the provider's list
 * holds as far as the relay knows. The relay's list is the truth of what the provider should hold; a number
 * whose listing differs from it is a push still owed - so the outbox is the difference of the two, and no
 * change can be lost between writing the list and writing an outbox. A listing is on disk (fsync'd) before
 * memory sees it: a write the disk refuses throws a StorageError and changes nothing.
 */
export class StopListSyncStore {
  private readonly listings = new Map<string, ProviderListing>();
  /** Compaction takes turns of the event loop; no write may start meanwhile. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly log: RecordLog<ProviderListing>) {}

  static open(file: string, io?: DataIo): StopListSyncStore {
    const loaded: ProviderListing[] = [];
    const log = RecordLog.open<ProviderListing>(
      file,
      (listing) => keyOf(listing.provider, listing.phone),
      (listing) => void loaded.push(listing),
      io,
    );
    const store = new StopListSyncStore(log);
    for (const listing of loaded) store.listings.set(keyOf(listing.provider, listing.phone), listing);
    return store;
  }

  get(provider: string, phone: string): ProviderListing | undefined {
    return this.listings.get(keyOf(provider, phone));
  }

  /** Stores the listings as one group: all of them, or (on a failed write) none. */
  put(listings: ProviderListing[]): Promise<void> {
    const run = this.turn.then(() => {
      if (listings.length === 0) return;
      this.log.putMany(listings);
      for (const listing of listings) this.listings.set(keyOf(listing.provider, listing.phone), listing);
      if (this.log.wantsCompaction) this.turn = this.turn.then(() => this.log.compact(timeSlicer()));
    });
    this.turn = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.log.close();
  }
}
