import { existsSync } from 'node:fs';
import type { DataIo } from '../data-io';
import { CorruptDataError } from '../json-db';
import type { OpenedRecipients, RecipientPlace } from '../mailing-storage';
import { StorageError } from '../storage-error';
import { RecipientLedger } from './ledger';
import { MailingArchive } from './mailing-archive';
import { RecipientIndex } from './recipient-index';

/**
 * Where each mailing's ledger is: open in memory (with its recipients in the index) while the
 * mailing may send, or in the archive (on disk, opened on demand) once it will not.
 */
export class LedgerShelf {
  private readonly ledgers = new Map<string, RecipientLedger>();
  /** Recipients of the mailings that may still send (finished ones are in the archive, on disk). */
  readonly places = new RecipientIndex();
  readonly archive: MailingArchive;

  constructor(
    private readonly dirOf: (mailingId: string) => string,
    private readonly io: DataIo,
  ) {
    this.archive = new MailingArchive(dirOf, io);
  }

  /** Opens the ledger of each mailing named: archived ones stay on disk, damaged ones are reported, not opened. */
  openAll(mailingIds: Iterable<string>): OpenedRecipients {
    const found: OpenedRecipients = { opened: [], corrupt: [] };
    for (const mailingId of mailingIds) {
      if (this.archive.adopt(mailingId)) continue;
      const dir = this.dirOf(mailingId);
      if (!existsSync(dir) || !RecipientLedger.exists(dir)) continue;
      let ledger: RecipientLedger;
      try {
        ledger = RecipientLedger.open(dir, this.io);
      } catch (error) {
        if (!(error instanceof CorruptDataError)) throw error;
        found.corrupt.push({ mailingId, error });
        continue;
      }
      this.put(mailingId, ledger);
      found.opened.push({ mailingId, sending: ledger.indicesIn(['sending']) });
    }
    return found;
  }

  /** The open ledger of a mailing that may send. */
  active(mailingId: string): RecipientLedger | undefined {
    return this.ledgers.get(mailingId);
  }

  /** A mailing's ledger: in memory while it may send, read from its folder (and kept open a while) once archived. */
  of(mailingId: string): RecipientLedger | undefined {
    return this.ledgers.get(mailingId) ?? this.archive.ledger(mailingId);
  }

  isArchived(mailingId: string): boolean {
    return !this.ledgers.has(mailingId) && this.archive.has(mailingId);
  }

  /** Takes a new ledger into use (a launch froze it). */
  put(mailingId: string, ledger: RecipientLedger): void {
    this.ledgers.get(mailingId)?.close();
    this.ledgers.set(mailingId, ledger);
    this.places.addLedger(mailingId, ledger);
  }

  /** Folds up a ledger that will not send again and moves it to the archive; a full disk leaves it open. */
  retire(mailingId: string): void {
    const ledger = this.ledgers.get(mailingId);
    if (!ledger) return;
    try {
      ledger.compact();
      this.archive.add(mailingId, ledger);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return;
    }
    this.ledgers.delete(mailingId);
    this.places.removeMailing(mailingId);
  }

  /** A finished mailing a person retries comes back from the archive. */
  activate(mailingId: string): void {
    const ledger = this.archive.take(mailingId);
    if (!ledger) return;
    this.ledgers.set(mailingId, ledger);
    this.places.addLedger(mailingId, ledger);
  }

  /** Where a provider message id belongs: open mailings first, then the archive. */
  locate(providerMessageId: string): RecipientPlace | undefined {
    return this.places.byProviderMessageId(providerMessageId) ?? this.archive.locate(providerMessageId);
  }

  /** Provider ids awaiting a report, open mailings first. */
  pendingProviderIds(include: (mailingId: string, archived: boolean) => boolean): string[] {
    const ids: string[] = [];
    for (const [id, where] of this.places.providerIds()) {
      const state = this.ledgers.get(where.mailingId)?.state(where.index);
      if ((state === 'sent' || state === 'unknown') && include(where.mailingId, false)) ids.push(id);
    }
    for (const { ids: pending } of this.archive.pendingIds((mailingId) => include(mailingId, true))) for (const id of pending) ids.push(id);
    return ids;
  }

  placesOfContact(crmId: string): RecipientPlace[] {
    return [...this.places.ofContact(crmId), ...this.archive.placesOfContact(crmId)];
  }

  close(): void {
    for (const ledger of this.ledgers.values()) ledger.close();
    this.archive.close();
  }
}
