import type { ContactSnapshot } from '../../shared/api';
import type { SiteOverride } from '../../shared/adapter-overrides';
import type { CardPage } from '../crm/detect-card';
import { crmIdOf, missingFields, toSnapshot } from '../crm/read-contact';
import type { ContactRead, CrmAdapter } from '../crm/types';
import { cardOutcome } from '../services/read-health';
import type { HealthReporter } from './read-health-reporter';
import { realTimers, type Timers } from './timers';

/** The card on show: what detection found, plus what its latest read said. */
export interface ShownCard extends CardPage {
  /** The contact's id at the relay: the detection key until a read names it (`crmIdOf`). */
  crmId: string;
  read: ContactRead | null;
}

/** The page settles this long after a change before the card is read again. */
export const READ_AFTER_MS = 150;

export interface ContactSyncDeps {
  /** Reads the contact off the page (null: no card, or an opt-in adapter found no phone). */
  readContact(adapter: CrmAdapter, url: URL, override: SiteOverride | null): Promise<ContactRead | null>;
  /** Sends the contact to the background; false when it did not take it (sent again on the next read). */
  upsertContact(crmId: string, snapshot: ContactSnapshot): Promise<boolean>;
  overrideFor(adapter: CrmAdapter): SiteOverride | null;
  /** Whether this card is still the one on show (a read that outlived its card is dropped). */
  isCurrent(card: ShownCard): boolean;
  /** A read found the contact (the UI may show itself, tag its host). */
  onRead(card: ShownCard, read: ContactRead, missing: string[]): void;
  /** A read found no contact on the card on show. */
  onNoContact(card: ShownCard): void;
  health: HealthReporter;
  url(): URL;
  timers?: Timers;
}

/**
 * Keeps the relay's copy of the contact on show up to date: reads the card a moment after the page
 * changes, and sends the contact to the background when what was read differs from what was sent.
 */
export function createContactSync(deps: ContactSyncDeps) {
  const timers = deps.timers ?? realTimers;
  let timer: unknown;
  /** What was last sent, by crmId: an unchanged contact is not sent again. */
  const upserted = new Map<string, string>();

  async function upsert(crmId: string, snapshot: ContactSnapshot): Promise<void> {
    const json = JSON.stringify(snapshot);
    if (upserted.get(crmId) === json) return;
    upserted.set(crmId, json);
    if (!(await deps.upsertContact(crmId, snapshot))) upserted.delete(crmId);
  }

  /** Reads the card now; null when it holds no contact or is no longer on show. */
  async function read(card: ShownCard): Promise<ContactRead | null> {
    const url = deps.url();
    const override = deps.overrideFor(card.adapter);
    const contact = await deps.readContact(card.adapter, url, override);
    if (!deps.isCurrent(card)) return null;
    if (!contact) {
      deps.onNoContact(card);
      return null;
    }
    card.read = contact;
    card.crmId = crmIdOf(contact, url);
    const missing = missingFields(contact);
    deps.onRead(card, contact, missing);
    // Hidden unless the console shows "Verbose": where each field came from, and what no rule found.
    console.debug(`[crm-sms] ${contact.adapter}: read`, contact.provenance, missing.length > 0 ? `no rule found: ${missing.join(', ')}` : '');
    deps.health.note(card.key, contact.adapter, cardOutcome(contact, card.adapter, override));
    await upsert(card.crmId, toSnapshot(contact, url));
    return contact;
  }

  return {
    read,
    /** Reads the card once the page has settled (each call restarts the wait). */
    schedule(card: ShownCard): void {
      timers.clearTimeout(timer);
      timer = timers.setTimeout(() => void read(card), READ_AFTER_MS);
    },
    /** No read is pending any more. */
    cancel(): void {
      timers.clearTimeout(timer);
    },
    /** Another contact is on show: this one is sent again when it comes back. */
    forget(crmId: string): void {
      upserted.delete(crmId);
    },
  };
}

export type ContactSync = ReturnType<typeof createContactSync>;
