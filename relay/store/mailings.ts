import type { MailingView } from '../../shared/mailings';
import { conflict } from '../domain/errors';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';
import type { MailingPatch, StatusChange } from './mailing-storage';

/** A mailing as stored: everything but the live counters, which come from its ledger. */
export type MailingRecord = Omit<MailingView, 'counters'>;

interface MailingsFile {
  mailings: MailingRecord[];
}

/** Mailing settings and status (small); recipients live in each mailing's ledger folder. */
export class MailingStore {
  private constructor(private readonly db: JsonDb<MailingsFile>) {
    // A mailing stored before mailings had a kind is a service one (written so with its next change).
    for (const mailing of db.data.mailings) mailing.kind ??= 'service';
  }

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

  /** Writes the patch (never the status: see `setStatus`); the record in memory changes only once it is on disk. */
  async patch(id: string, patch: MailingPatch): Promise<MailingRecord> {
    const { name, responsible, text, launchType, kind, startAt, audience, updatedAt } = patch;
    return this.write(id, dropUndefined({ name, responsible, text, launchType, kind, startAt, audience, updatedAt }));
  }

  /** Writes a status change if the stored status is still `change.from`. */
  async setStatus(id: string, change: StatusChange): Promise<MailingRecord> {
    const current = this.get(id);
    if (current && current.status !== change.from) {
      throw conflict('status_changed', `The mailing is ${current.status} now, not ${change.from}; nothing was changed`, {
        messageRu: 'Состояние рассылки уже изменилось; ничего не изменено',
      });
    }
    const { to, statusReason, updatedAt, launchedAt, finishedAt } = change;
    return this.write(id, dropUndefined({ status: to, statusReason, updatedAt, launchedAt, finishedAt }));
  }

  async remove(id: string): Promise<void> {
    await this.db.update((data) => {
      data.mailings = data.mailings.filter((m) => m.id !== id);
    });
  }

  private async write(id: string, fields: Partial<MailingRecord>): Promise<MailingRecord> {
    if (!this.get(id)) throw new Error(`no mailing ${id}`);
    await this.db.update(({ mailings }) => {
      const mailing = mailings.find((m) => m.id === id);
      if (mailing) Object.assign(mailing, fields);
    });
    return this.get(id)!;
  }
}

const dropUndefined = <T extends object>(fields: T): Partial<T> => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
