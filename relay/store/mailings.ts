import type { MailingView } from '../../shared/mailings';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';

/** A mailing as stored: everything but the live counters, which come from its ledger. */
export type MailingRecord = Omit<MailingView, 'counters'>;

interface MailingsFile {
  mailings: MailingRecord[];
}

/** Mailing settings and status (small); recipients live in each mailing's ledger folder. */
export class MailingStore {
  private constructor(private readonly db: JsonDb<MailingsFile>) {}

  static async open(file: string, io?: DataIo): Promise<MailingStore> {
    return new MailingStore(await JsonDb.open<MailingsFile>(file, { mailings: [] }, io));
  }

  all(): readonly MailingRecord[] {
    return this.db.data.mailings;
  }

  get(id: string): MailingRecord | undefined {
    return this.db.data.mailings.find((m) => m.id === id);
  }

  async insert(mailing: MailingRecord): Promise<void> {
    await this.db.update(({ mailings }) => mailings.push(mailing));
  }

  /** Writes the patch; the record in memory changes only once it is on disk. */
  async update(id: string, patch: Partial<MailingRecord>): Promise<MailingRecord> {
    if (!this.get(id)) throw new Error(`no mailing ${id}`);
    await this.db.update(({ mailings }) => {
      const mailing = mailings.find((m) => m.id === id);
      if (mailing) Object.assign(mailing, patch);
    });
    return this.get(id)!;
  }

  async remove(id: string): Promise<void> {
    await this.db.update((data) => {
      data.mailings = data.mailings.filter((m) => m.id !== id);
    });
  }
}
