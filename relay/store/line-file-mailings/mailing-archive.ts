import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MailingCounters } from '../../../shared/mailings';
import { replaceFileDurably, type DataIo } from '../data-io';
import { HashIndexFile } from '../hash-index-file';
import { StorageError } from '../storage-error';
import { RecipientLedger } from './ledger';
import { totalsOf, type LedgerTotals } from './ledger-totals';

/** What memory keeps of a finished mailing: its figures. Everything else stays in its folder. */
interface ArchivedMailing {
  counters: MailingCounters;
  totals: LedgerTotals;
  /** Recipients whose delivery report may still come (sent or unknown, with a provider id). */
  pending: number;
}

const SUMMARY = 'archive.json';
const PROVIDER_IDS = 'provider-ids.idx';
const CONTACTS = 'contacts.idx';
const PENDING_IDS = 'pending-ids.json';
const FORMAT = 1;
/** Finished ledgers kept open at once (a stats page, a CSV export, a burst of late delivery reports). */
const OPEN_AT_ONCE = 2;

const isPending = (ledger: RecipientLedger, i: number) => {
  const state = ledger.state(i);
  return (state === 'sent' || state === 'unknown') && ledger.providerIds[i] !== undefined;
};

/**
 * Finished and cancelled mailings, off the heap: each one's figures in memory, its recipients in
 * its folder, with two on-disk indexes (provider message id → recipient for late delivery reports,
 * contact → recipients for the card's sent-SMS list) and the ids still awaiting a report (for polling).
 * A ledger is opened only when asked for, and at most OPEN_AT_ONCE stay open; one changed by late
 * reports is written back when it is let go. So memory and start-up time do not grow with history.
 */
export class MailingArchive {
  private readonly mailings = new Map<string, ArchivedMailing>();
  /** Open ledgers, least recently used first, and whether late reports changed them. */
  private readonly open = new Map<string, { ledger: RecipientLedger; changed: boolean }>();

  constructor(
    private readonly dirOf: (mailingId: string) => string,
    private readonly io: DataIo,
  ) {}

  /** Takes a mailing whose folder was archived by an earlier run, without opening its ledger; false when it must be opened and archived again. */
  adopt(mailingId: string): boolean {
    const dir = this.dirOf(mailingId);
    const summaryFile = join(dir, SUMMARY);
    const journal = join(dir, 'journal.jsonl');
    // Late reports after the archive was written went to the journal: the summary is behind.
    if (!existsSync(summaryFile) || (existsSync(journal) && statSync(journal).size > 0)) return false;
    try {
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as ArchivedMailing & { format: number };
      if (summary.format !== FORMAT || summary.counters.sending > 0) return false;
      this.mailings.set(mailingId, { counters: summary.counters, totals: summary.totals, pending: summary.pending });
      return true;
    } catch {
      return false;
    }
  }

  /** Archives a ledger that will not send again, and closes it: what is asked of it later is read from disk. */
  add(mailingId: string, ledger: RecipientLedger): void {
    this.write(mailingId, ledger);
    ledger.close();
  }

  has(mailingId: string): boolean {
    return this.mailings.has(mailingId);
  }

  /** Takes a mailing out of the archive (a retry sends again): its open ledger, now the caller's. */
  take(mailingId: string): RecipientLedger | undefined {
    if (!this.mailings.has(mailingId)) return undefined;
    const ledger = this.ledger(mailingId)!;
    this.open.delete(mailingId);
    this.mailings.delete(mailingId);
    rmSync(join(this.dirOf(mailingId), SUMMARY), { force: true });
    return ledger;
  }

  counters(mailingId: string): MailingCounters | undefined {
    const open = this.open.get(mailingId);
    return open ? open.ledger.counters() : this.mailings.get(mailingId)?.counters;
  }

  totals(mailingId: string): LedgerTotals | undefined {
    const open = this.open.get(mailingId);
    if (open?.changed) return totalsOf(open.ledger);
    return this.mailings.get(mailingId)?.totals;
  }

  /** The mailing's ledger, opened from disk if it is not open. */
  ledger(mailingId: string): RecipientLedger | undefined {
    const open = this.open.get(mailingId);
    if (open) {
      this.open.delete(mailingId);
      this.open.set(mailingId, open);
      return open.ledger;
    }
    if (!this.mailings.has(mailingId)) return undefined;
    const ledger = RecipientLedger.open(this.dirOf(mailingId), this.io);
    this.keepOpen(mailingId, ledger, false);
    return ledger;
  }

  /** A late delivery report changed this mailing's ledger: its figures and indexes are rewritten when it is let go. */
  changed(mailingId: string): void {
    const open = this.open.get(mailingId);
    if (open) open.changed = true;
  }

  /** Where a provider message id belongs among the archived mailings still awaiting reports. */
  locate(providerMessageId: string): { mailingId: string; index: number } | undefined {
    for (const [mailingId, archived] of this.mailings) {
      const open = this.open.get(mailingId);
      // Ids learnt since the index was written (unknowns the provider resolved) are only in the open ledger.
      if (open?.changed) {
        const index = open.ledger.providerIds.indexOf(providerMessageId);
        if (index >= 0) return { mailingId, index };
        continue;
      }
      if (archived.pending === 0) continue;
      const indices = HashIndexFile.lookup(join(this.dirOf(mailingId), PROVIDER_IDS), providerMessageId);
      const index = indices.find((i) => (open ? open.ledger.providerIds[i] === providerMessageId : true));
      if (index !== undefined) return { mailingId, index };
    }
    return undefined;
  }

  /** Provider ids still awaiting a report, of the archived mailings `include` picks. */
  pendingIds(include: (mailingId: string) => boolean): { mailingId: string; ids: string[] }[] {
    const found: { mailingId: string; ids: string[] }[] = [];
    for (const [mailingId, archived] of this.mailings) {
      if (archived.pending === 0 || !include(mailingId)) continue;
      const open = this.open.get(mailingId);
      const ids = open?.changed
        ? open.ledger.providerIds.filter((id, i): id is string => id !== undefined && isPending(open.ledger, i))
        : (JSON.parse(readFileSync(join(this.dirOf(mailingId), PENDING_IDS), 'utf8')) as string[]);
      found.push({ mailingId, ids });
    }
    return found;
  }

  /** The recipients of a contact in each archived mailing. */
  placesOfContact(crmId: string): { mailingId: string; index: number }[] {
    const places: { mailingId: string; index: number }[] = [];
    for (const mailingId of this.mailings.keys()) {
      for (const index of HashIndexFile.lookup(join(this.dirOf(mailingId), CONTACTS), crmId)) places.push({ mailingId, index });
    }
    return places;
  }

  /** Lets every open ledger go (writing back what late reports changed). */
  close(): void {
    for (const mailingId of [...this.open.keys()]) this.release(mailingId);
  }

  private keepOpen(mailingId: string, ledger: RecipientLedger, changed: boolean): void {
    this.open.set(mailingId, { ledger, changed });
    while (this.open.size > OPEN_AT_ONCE) this.release(this.open.keys().next().value!);
  }

  private release(mailingId: string): void {
    const open = this.open.get(mailingId)!;
    this.open.delete(mailingId);
    if (open.changed) {
      try {
        open.ledger.compact();
        this.write(mailingId, open.ledger);
      } catch (error) {
        // The journal keeps the late reports; the next start archives this mailing again.
        if (!(error instanceof StorageError)) throw error;
      }
    }
    open.ledger.close();
  }

  private write(mailingId: string, ledger: RecipientLedger): void {
    const dir = this.dirOf(mailingId);
    const pendingIds: string[] = [];
    const providerEntries: [string, number][] = [];
    const contactEntries: [string, number][] = [];
    for (let i = 0; i < ledger.size; i++) {
      if (ledger.state(i) !== 'skipped') contactEntries.push([ledger.recipients.contactId(i), i]);
      if (isPending(ledger, i)) {
        pendingIds.push(ledger.providerIds[i]!);
        providerEntries.push([ledger.providerIds[i]!, i]);
      }
    }
    HashIndexFile.write(this.io, join(dir, PROVIDER_IDS), providerEntries);
    HashIndexFile.write(this.io, join(dir, CONTACTS), contactEntries);
    replaceFileDurably(this.io, join(dir, PENDING_IDS), JSON.stringify(pendingIds));
    const summary: ArchivedMailing = { counters: ledger.counters(), totals: totalsOf(ledger), pending: pendingIds.length };
    // Last: its presence says the indexes beside it are complete.
    replaceFileDurably(this.io, join(dir, SUMMARY), JSON.stringify({ format: FORMAT, ...summary }));
    this.mailings.set(mailingId, summary);
  }
}
