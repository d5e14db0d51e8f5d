import type { Low } from 'lowdb';
import type { MailingView } from '../../shared/mailings';
import { openJsonDb } from './json-db';

/** A mailing as stored: everything but the live counters, which come from its ledger. */
export type MailingRecord = Omit<MailingView, 'counters'>;

interface MailingsFile {
  mailings: MailingRecord[];
}

/** Mailing settings and status (small); recipients live in each mailing's ledger folder. */
export class MailingStore {
  private constructor(private readonly db: Low<MailingsFile>) {}

  static async open(file: string): Promise<MailingStore> {
    return new MailingStore(await openJsonDb<MailingsFile>(file, { mailings: [] }));
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

  async update(id: string, patch: Partial<MailingRecord>): Promise<MailingRecord> {
    const mailing = this.get(id);
    if (!mailing) throw new Error(`no mailing ${id}`);
    await this.db.update(() => Object.assign(mailing, patch));
    return mailing;
  }

  async remove(id: string): Promise<void> {
    await this.db.update((data) => {
      data.mailings = data.mailings.filter((m) => m.id !== id);
    });
  }
}
