import type { MailingCounters, MailingStatus, RecipientState, SkipReason } from '../../shared/mailings';
import type { CorruptDataError } from './json-db';
import type { MailingRecord } from './mailings';

/** A recipient as frozen when the mailing starts: who, where, and exactly what text. */
export interface FrozenRecipient {
  contactId: string;
  name: string;
  /** E.164 digits; null when skipped for having none (or an invalid one). */
  phone: string | null;
  country: string | null;
  timeZone?: string;
  text: string | null;
  parts: number;
  skip: SkipReason | null;
}

/** A frozen recipient with where its message stands. */
export interface StoredRecipient extends FrozenRecipient {
  index: number;
  state: RecipientState;
  providerMessageId: string | null;
  /** What the provider reported it cost; null when it did not say. */
  cost: number | null;
  /** What went wrong, in words (for a recipient skipped at dispatch: the skip reason). */
  error: string | null;
  /** Tries so far. */
  attempts: number;
  /** When its state last changed (ms); null while it was never touched. */
  updatedAt: number | null;
  /** For an unknown recipient: when it was handed to the provider (ms), the window to ask about. */
  handedOverAt: number | null;
}

/** The few columns the send loop looks at for every recipient it considers. */
export interface RecipientGlance {
  state: RecipientState;
  contactId: string;
  timeZone: string | undefined;
  attempts: number;
}

/** One change of a recipient: the state it is now in, and what came with it. */
export interface RecipientChange {
  /** The recipient's index in the frozen audience. */
  i: number;
  s: RecipientState;
  /** Provider message id. */
  p?: string;
  /** Cost reported by the provider. */
  c?: number;
  /** Error, in words. */
  e?: string;
}

export interface RecipientPlace {
  mailingId: string;
  index: number;
}

/** «Общее количество СМС» and «Стоимость рассылки» of a mailing. */
export interface LedgerTotals {
  /** Parts of every message the provider took. */
  totalParts: number;
  /** Sum of the costs the provider reported; null when it reported none. */
  cost: number | null;
}

/** A mailing's audience being frozen at launch: nothing is in place (nor sendable) until `finish()`. */
export interface AudienceWriter {
  add(recipients: FrozenRecipient[]): void;
  finish(): void;
  /** Throws away what was added; a launch that did not happen leaves nothing behind. */
  abort(): void;
}

/** The fields of a mailing a person edits. Its status is written only through `setStatus`. */
export type MailingPatch = Partial<Pick<MailingRecord, 'name' | 'responsible' | 'text' | 'launchType' | 'kind' | 'startAt' | 'audience' | 'updatedAt'>>;

/** A status change, written only if the stored status is still `from`. */
export interface StatusChange {
  from: MailingStatus;
  to: MailingStatus;
  statusReason: MailingRecord['statusReason'];
  updatedAt: string;
  launchedAt?: string | null;
  finishedAt?: string | null;
}

/** What opening the stored recipients at start found. */
export interface OpenedRecipients {
  /** Mailings whose recipients are open, with those left "sending" by the last run (a crash). */
  opened: { mailingId: string; sending: number[] }[];
  /** Mailings whose recipients cannot be read; their data is kept as it is for inspection. */
  corrupt: { mailingId: string; error: CorruptDataError }[];
}

/**
 * Everything the mailing engine keeps, in the terms of what it does (listmonk's manager is the model).
 * Writes the disk refuses throw a StorageError; unreadable data a CorruptDataError. Promises every
 * implementation keeps (test/contract/mailing-storage.contract.ts checks them):
 *  - `claim` and `commit` are durable before they return, and change nothing when they throw;
 *  - `record` applies its outcomes even when their write fails (they are written with the next write);
 *  - after a reopen, each recipient is in the last state written; one claimed and never recorded
 *    is reported "sending" by `open` — never silently queued again, never turned "sent".
 */
export interface MailingStorage {
  get(id: string): MailingRecord | undefined;
  /** In the order they were created. */
  list(): readonly MailingRecord[];
  insert(mailing: MailingRecord): Promise<void>;
  patch(id: string, patch: MailingPatch): Promise<MailingRecord>;
  /** Writes a status change; a conflict `status_changed` when the stored status is no longer `change.from`. */
  setStatus(id: string, change: StatusChange): Promise<MailingRecord>;
  remove(id: string): Promise<void>;
  /** Mailings in one of `statuses` whose start time is at or before `at` (ms), oldest first. */
  dueMailings(at: number, statuses: readonly MailingStatus[]): MailingRecord[];

  /** At start: opens the recipients of every mailing that has some (finished ones stay archived). */
  open(): OpenedRecipients;
  /** Starts freezing a mailing's audience; `finish()` puts it in place, every recipient queued or skipped. */
  freezeAudience(mailingId: string): AudienceWriter;
  /** Whether the mailing has recipients open for sending (frozen, not archived). */
  isOpen(mailingId: string): boolean;
  /** Indices of the mailing's recipients in these states, in order; empty when it has none. */
  recipientsIn(mailingId: string, states: readonly RecipientState[]): number[];
  glance(mailingId: string, index: number): RecipientGlance | undefined;
  read(mailingId: string, indices: readonly number[]): StoredRecipient[];
  /** A page of the mailing's recipients (in one state, if asked); undefined when it has none. */
  page(mailingId: string, filter: { state?: RecipientState; offset: number; limit: number }): { total: number; recipients: StoredRecipient[] } | undefined;
  /**
   * Marks queued recipients "sending", durably, before anything is handed to the provider, and
   * returns them to send. If they cannot be read then, they go back to the queue and it throws.
   */
  claim(mailingId: string, indices: readonly number[], now: number): StoredRecipient[];
  /** Outcomes: applied at once; their write needs no fsync of its own (a lost one leaves a recipient unknown, never re-sent). */
  record(mailingId: string, changes: RecipientChange[], now: number): void;
  /** Changes something later depends on (a retry's queue, a provider's answer about unknowns): on disk, then applied. */
  commit(mailingId: string, changes: RecipientChange[], now: number): void;
  /** New texts for queued recipients (the text was edited while paused). */
  replaceTexts(mailingId: string, texts: Map<number, { text: string; parts: number }>): void;
  counts(mailingId: string): MailingCounters | undefined;
  totals(mailingId: string): LedgerTotals | undefined;
  /** The recipient a provider message id belongs to, among every mailing (archived ones too). */
  locate(providerMessageId: string): RecipientPlace | undefined;
  /** Provider ids whose delivery report may still come, of the mailings `include` picks (archived: true for finished ones). */
  pendingProviderIds(include: (mailingId: string, archived: boolean) => boolean): string[];
  /** A contact's recipients in every mailing, open ones first. */
  recipientsOfContact(crmId: string): { mailingId: string; recipient: StoredRecipient }[];
  /** The mailing will not send again: its recipients may leave memory. A disk that refuses leaves them open, no error. */
  archive(mailingId: string): void;
  /** A finished mailing is sent again (a retry): its recipients come back open. */
  unarchive(mailingId: string): void;
  /** A moment to fold up what was written (after a batch); housekeeping, never an error for a full disk. */
  housekeep(mailingId: string): void;
  /** Lets everything go (what waits to be written is tried once more). */
  close(): void;
}
