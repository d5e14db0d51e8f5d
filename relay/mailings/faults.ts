import type { MailingStatus } from '../../shared/mailings';
import type { CorruptDataError } from '../store/json-db';
import type { MailingRecord } from '../store/mailings';
import type { StorageError } from '../store/storage-error';

export interface StatusReason {
  code: string;
  message: string;
  messageRu: string;
}

/**
 * Why a mailing cannot go on although its stored status says otherwise: the disk refused a write
 * (clears once its pause is written down, or a person resumes it) or its ledger is damaged (stays).
 */
export interface Fault {
  kind: 'storage' | 'corrupt';
  reason: StatusReason;
}

export const storageReason = (error: StorageError): StatusReason => ({
  code: 'storage_unwritable',
  message: `${error.message}; nothing more is sent — resume once the disk is writable again`,
  messageRu: `${error.messageRu}; отправка остановлена — возобновите рассылку, когда диск снова доступен для записи`,
});

export const corruptReason = (error: CorruptDataError): StatusReason => ({
  code: 'ledger_corrupt',
  message: `This mailing's ledger is damaged and was set aside for inspection (${error.message}); nothing is sent from it`,
  messageRu: `Журнал рассылки повреждён и сохранён для проверки (${error.message}); отправка из него не ведётся`,
});

/** The faults of the mailings halted now, and what they make of each mailing's status. */
export class Faults {
  private readonly byMailing = new Map<string, Fault>();

  get = (mailingId: string): Fault | undefined => this.byMailing.get(mailingId);
  has = (mailingId: string): boolean => this.byMailing.has(mailingId);
  set = (mailingId: string, fault: Fault): void => void this.byMailing.set(mailingId, fault);
  delete = (mailingId: string): void => void this.byMailing.delete(mailingId);
  isCorrupt = (mailingId: string): boolean => this.byMailing.get(mailingId)?.kind === 'corrupt';

  /** The status that holds now: a mailing halted by a fault is paused, whatever its record still says. */
  effectiveStatus(mailing: MailingRecord): MailingStatus {
    return this.byMailing.has(mailing.id) && mailing.status === 'running' ? 'paused' : mailing.status;
  }

  /** The mailing as it stands now: halted by a fault, it is paused with the fault's reason. */
  current(mailing: MailingRecord): MailingRecord {
    const fault = this.byMailing.get(mailing.id);
    return fault ? { ...mailing, status: this.effectiveStatus(mailing), statusReason: fault.reason } : mailing;
  }
}
