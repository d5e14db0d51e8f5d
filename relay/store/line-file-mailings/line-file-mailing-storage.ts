import type { MailingStatus, RecipientState } from '../../../shared/mailings';
import type { DataIo } from '../data-io';
import type { MailingRecord, MailingStore } from '../mailings';
import type { AudienceWriter, MailingPatch, MailingStorage, OpenedRecipients, RecipientChange, StatusChange, StoredRecipient } from '../mailing-storage';
import { RecipientLedger } from './ledger';
import { LedgerShelf } from './ledger-shelf';
import { totalsOf } from './ledger-totals';
import { storedRecipients } from './stored-recipients';

/**
 * The mailing storage of one relay's data folder: mailing records in mailings.json (lowdb), each
 * mailing's recipients in its own folder as a crash-safe ledger (see ledger.ts), finished ones archived.
 */
export class LineFileMailingStorage implements MailingStorage {
  private readonly shelf: LedgerShelf;

  constructor(
    private readonly mailings: MailingStore,
    private readonly dirOf: (mailingId: string) => string,
    private readonly io: DataIo,
  ) {
    this.shelf = new LedgerShelf(dirOf, io);
  }

  get = (id: string): MailingRecord | undefined => this.mailings.get(id);
  list = (): readonly MailingRecord[] => this.mailings.all();
  insert = (mailing: MailingRecord): Promise<void> => this.mailings.insert(mailing);
  patch = (id: string, patch: MailingPatch): Promise<MailingRecord> => this.mailings.patch(id, patch);
  setStatus = (id: string, change: StatusChange): Promise<MailingRecord> => this.mailings.setStatus(id, change);
  remove = (id: string): Promise<void> => this.mailings.remove(id);

  dueMailings(at: number, statuses: readonly MailingStatus[]): MailingRecord[] {
    return this.mailings.all().filter((m) => statuses.includes(m.status) && m.startAt !== null && Date.parse(m.startAt) <= at);
  }

  open(): OpenedRecipients {
    return this.shelf.openAll(this.mailings.all().map((m) => m.id));
  }

  freezeAudience(mailingId: string): AudienceWriter {
    const writer = RecipientLedger.writer(this.dirOf(mailingId), this.io);
    return {
      add: (recipients) => writer.add(recipients),
      finish: () => this.shelf.put(mailingId, writer.finish()),
      abort: () => writer.abort(),
    };
  }

  isOpen = (mailingId: string): boolean => this.shelf.active(mailingId) !== undefined;

  recipientsIn(mailingId: string, states: readonly RecipientState[]): number[] {
    return this.shelf.of(mailingId)?.indicesIn([...states]) ?? [];
  }

  glance(mailingId: string, index: number) {
    const ledger = this.shelf.of(mailingId);
    if (!ledger || index < 0 || index >= ledger.size) return undefined;
    return { state: ledger.state(index), contactId: ledger.recipients.contactId(index), timeZone: ledger.recipients.timeZone(index), attempts: ledger.attempts[index]! };
  }

  read(mailingId: string, indices: readonly number[]): StoredRecipient[] {
    const ledger = this.shelf.of(mailingId);
    return ledger ? storedRecipients(ledger, indices) : [];
  }

  page(mailingId: string, filter: { state?: RecipientState; offset: number; limit: number }) {
    const ledger = this.shelf.of(mailingId);
    if (!ledger) return undefined;
    const matching = filter.state ? ledger.indicesIn([filter.state]) : null;
    const total = matching ? matching.length : ledger.size;
    const end = Math.min(total, filter.offset + filter.limit);
    const page = matching ? matching.slice(filter.offset, end) : Array.from({ length: Math.max(0, end - filter.offset) }, (_, k) => filter.offset + k);
    return { total, recipients: storedRecipients(ledger, page) };
  }

  claim(mailingId: string, indices: readonly number[], now: number): StoredRecipient[] {
    const ledger = this.shelf.active(mailingId);
    if (!ledger || indices.length === 0) return [];
    // Durable before sent: if the disk refuses this line, the batch stays queued and nothing goes.
    ledger.commit(
      indices.map((i) => ({ i, s: 'sending' as const })),
      now,
    );
    try {
      return storedRecipients(ledger, indices);
    } catch (error) {
      // Nothing left: the batch goes back to the queue, and the caller learns why.
      ledger.record(
        indices.map((i) => ({ i, s: 'queued' as const })),
        now,
      );
      throw error;
    }
  }

  record(mailingId: string, changes: RecipientChange[], now: number): void {
    this.write(mailingId, changes, (ledger) => ledger.record(changes, now));
  }

  commit(mailingId: string, changes: RecipientChange[], now: number): void {
    this.write(mailingId, changes, (ledger) => ledger.commit(changes, now));
  }

  replaceTexts(mailingId: string, texts: Map<number, { text: string; parts: number }>): void {
    this.shelf.active(mailingId)?.replaceTexts(texts);
  }

  counts(mailingId: string) {
    const ledger = this.shelf.active(mailingId);
    return ledger ? ledger.counters() : this.shelf.archive.counters(mailingId);
  }

  totals(mailingId: string) {
    const ledger = this.shelf.active(mailingId);
    return ledger ? totalsOf(ledger) : this.shelf.archive.totals(mailingId);
  }

  locate = (providerMessageId: string) => this.shelf.locate(providerMessageId);
  pendingProviderIds = (include: (mailingId: string, archived: boolean) => boolean) => this.shelf.pendingProviderIds(include);

  recipientsOfContact(crmId: string): { mailingId: string; recipient: StoredRecipient }[] {
    const found: { mailingId: string; recipient: StoredRecipient }[] = [];
    for (const { mailingId, index } of this.shelf.placesOfContact(crmId)) {
      const ledger = this.mailings.get(mailingId) && this.shelf.of(mailingId);
      if (ledger) found.push({ mailingId, recipient: storedRecipients(ledger, [index])[0]! });
    }
    return found;
  }

  archive = (mailingId: string): void => this.shelf.retire(mailingId);
  unarchive = (mailingId: string): void => this.shelf.activate(mailingId);
  housekeep = (mailingId: string): void => this.shelf.active(mailingId)?.compactIfLong();
  close = (): void => this.shelf.close();

  /** Provider ids are indexed as they are learnt; an archived ledger changed by them is written back when let go. */
  private write(mailingId: string, changes: RecipientChange[], write: (ledger: RecipientLedger) => void): void {
    const ledger = this.shelf.of(mailingId);
    if (!ledger) return;
    const archived = this.shelf.isArchived(mailingId);
    if (!archived) for (const change of changes) if (change.p !== undefined && change.s === 'sent') this.shelf.places.addProviderId(change.p, mailingId, change.i);
    write(ledger);
    if (archived) this.shelf.archive.changed(mailingId);
  }
}
