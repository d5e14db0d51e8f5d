import { z } from 'zod';
import type { SmsEncoding } from './segments';

export const MAILING_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];

export const LAUNCH_TYPES = ['instant', 'deferred'] as const;
export type LaunchType = (typeof LAUNCH_TYPES)[number];

/** service: order ready, reminders; advertising: goes only to contacts with a consent to advertising. */
export const MAILING_KINDS = ['service', 'advertising'] as const;
export type MailingKind = (typeof MAILING_KINDS)[number];

/**
 * A recipient's place in a mailing's ledger. queued: waiting in the relay; sending: being handed to the
 * provider (written before the call); sent: the provider took it; unknown: its fate was lost in a
 * crash or timeout — never re-sent unless a human asks.
 */
export const RECIPIENT_STATES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'skipped'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/**
 * empty_macro: its text had an empty macro and the launch was asked to skip such recipients; stop_list:
 * one of its numbers is on the stop list; no_consent: an advertising mailing, and the contact has no
 * consent to advertising now. Ledgers store a reason by its place here: new ones go last.
 */
export const SKIP_REASONS = ['do_not_use_sms', 'no_phone', 'invalid_phone', 'duplicate_phone', 'empty_macro', 'stop_list', 'no_consent'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A count per skip reason, all 0: where the counts of a mailing start. */
export const noSkips = (): Record<SkipReason, number> => Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;

/** How many recipients were skipped, whatever the reason. */
export const skippedTotal = (skipped: Partial<Record<SkipReason, number>>): number => SKIP_REASONS.reduce((sum, reason) => sum + (skipped[reason] ?? 0), 0);

export const SKIP_REASON_LABELS: Record<SkipReason, { ru: string; en: string }> = {
  do_not_use_sms: { ru: 'Не использовать SMS', en: 'Do not use SMS' },
  no_phone: { ru: 'Нет телефона', en: 'No phone' },
  invalid_phone: { ru: 'Неверный номер', en: 'Invalid phone' },
  duplicate_phone: { ru: 'Повтор номера', en: 'Duplicate phone' },
  empty_macro: { ru: 'Пустой макрос', en: 'Empty macro' },
  stop_list: { ru: 'В стоп-листе', en: 'On the stop list' },
  no_consent: { ru: 'Нет согласия на рекламу', en: 'No consent to advertising' },
};

export const MAILING_STATUS_LABELS: Record<MailingStatus, { ru: string; en: string }> = {
  draft: { ru: 'Черновик', en: 'Draft' },
  scheduled: { ru: 'Запланирована', en: 'Scheduled' },
  running: { ru: 'Идёт', en: 'Running' },
  paused: { ru: 'Приостановлена', en: 'Paused' },
  finished: { ru: 'Завершена', en: 'Finished' },
  cancelled: { ru: 'Отменена', en: 'Cancelled' },
};

export const LAUNCH_TYPE_LABELS: Record<LaunchType, { ru: string; en: string }> = {
  instant: { ru: 'Мгновенный', en: 'Instant' },
  deferred: { ru: 'Отложенный', en: 'Deferred' },
};

export const MAILING_KIND_LABELS: Record<MailingKind, { ru: string; en: string }> = {
  service: { ru: 'Сервисная', en: 'Service' },
  advertising: { ru: 'Рекламная', en: 'Advertising' },
};

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time, e.g. 2026-12-01T10:00:00+03:00' });

export const createMailingSchema = z.strictObject({
  name,
  responsible: name.optional(),
  launchType: z.enum(LAUNCH_TYPES, { error: 'must be "instant" or "deferred"' }),
  startAt: isoDate.optional(),
  text: z.string().max(5_000, 'must be at most 5000 characters'),
  /** "service" when left out. */
  kind: z.enum(MAILING_KINDS, { error: 'must be "service" or "advertising"' }).optional(),
});
export type CreateMailingRequest = z.input<typeof createMailingSchema>;

export const updateMailingSchema = createMailingSchema.partial().extend({ startAt: isoDate.nullable().optional() });
export type UpdateMailingRequest = z.input<typeof updateMailingSchema>;

export const audienceSchema = z.strictObject({
  contacts: z.array(z.string().min(1).max(300)).max(100_000).default([]),
  groups: z.array(z.string().min(1).max(100)).max(100).default([]),
});
export type AudienceRequest = z.input<typeof audienceSchema>;

/**
 * POST /api/mailings/:id/launch (the body may be left out). confirmOverBalance: launch although the
 * estimate is over the balance (without it such a launch is refused with the shortfall in words);
 * skipEmptyMacros: skip the recipients whose text has an empty macro (the pre-flight takes it too).
 */
export const launchMailingSchema = z.strictObject({
  confirmOverBalance: z.boolean().optional(),
  skipEmptyMacros: z.boolean().optional(),
  /** The pre-flight the person confirmed (its `preflightId`): launched as it froze it when nothing changed since, else refused with the new figures. */
  preflightId: z
    .string()
    .regex(/^pf_[0-9a-f]{1,32}$/, 'a preflightId from GET /api/mailings/:id/preflight')
    .optional(),
});
export type LaunchRequest = z.input<typeof launchMailingSchema>;

/** POST /api/mailings/:id/macro-defaults: `{{macro}}` becomes `{{default macro "text"}}` in the mailing's text. */
export const macroDefaultsSchema = z.strictObject({
  defaults: z.record(
    z.string().min(1).max(300),
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .regex(/^[^"\\]*$/, 'must not hold " or \\'),
  ),
});

/** POST /api/mailings/:id/text-lengths: the lengths of the messages `text` (the saved text if left out) would make. */
export const textLengthsSchema = z.strictObject({ text: z.string().max(5_000, 'must be at most 5000 characters').optional() });

export interface MailingCounters {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  skipped: Record<SkipReason, number>;
  /** Queued recipients held back by quiet hours right now. */
  held: number;
}

export interface MailingView {
  id: string;
  name: string;
  responsible: string;
  launchType: LaunchType;
  /** An advertising mailing skips the contacts without a consent to advertising (no_consent). */
  kind: MailingKind;
  /** ISO; null for instant mailings. */
  startAt: string | null;
  text: string;
  audience: { contacts: string[]; groups: string[] };
  provider: string;
  status: MailingStatus;
  /** Why it is paused or waiting, in both languages (insufficient funds, error rate, missed start…). */
  statusReason: { code: string; message: string; messageRu: string } | null;
  counters: MailingCounters;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
}

/** How long the messages of a mailing's recipients are: shortest to longest, in characters and parts. */
export interface TextLengths {
  characters: { min: number; max: number };
  parts: { min: number; max: number };
  /** Each encoding some message takes, GSM-7 before UCS-2. */
  encodings: SmsEncoding[];
}

export interface TextLengthsView {
  /** Recipients that would get a message. */
  recipients: number;
  /** null when nobody would. */
  lengths: TextLengths | null;
}

/** The recipients whose message has an empty macro («Здравствуйте, !»). */
export interface EmptyMacroReport {
  recipients: number;
  /** Each macro that was empty for someone, with how many. */
  macros: { path: string; recipients: number }[];
  /** The first few of them. */
  examples: { contactId: string; name: string; macros: string[] }[];
}

export interface PreflightView {
  recipients: number;
  skipped: Record<SkipReason, number>;
  totalParts: number;
  /** null when the provider has no cost preview. */
  estimatedCost: number | null;
  currency: string | null;
  balance: number | null;
  /** How much the estimate is over the balance; null when it is not (or either is unknown). */
  shortfall: number | null;
  budgetCap: number | null;
  emptyMacros: EmptyMacroReport;
  lengths: TextLengths | null;
  /** Words for anything that stops or should give pause: over the cap, over the balance, no recipients. */
  problems: { code: string; message: string; messageRu: string }[];
  /** Names what this pre-flight froze to the launch that follows (launchMailingSchema's `preflightId`); absent when nothing was kept. */
  preflightId?: string;
}

export interface PreviewView {
  contactId: string;
  phone: string | null;
  text: string;
  /** The text in pieces, with where a macro put nothing («Здравствуйте, !») marked. */
  pieces: ({ text: string } | { emptyMacro: string })[];
  /** The macros that put nothing into this text. */
  emptyMacros: string[];
  parts: number;
  encoding: SmsEncoding;
  estimatedCost: number | null;
  currency: string | null;
  skipReason: SkipReason | null;
}

export interface MailingStats {
  status: MailingStatus;
  counters: MailingCounters;
  /** «Общее количество СМС»: parts of every message handed to the provider. */
  totalParts: number;
  /** «Стоимость рассылки»: null when the provider does not report cost. */
  cost: number | null;
  currency: string | null;
  /** 0…1: recipients dispatched (or settled) of those to send. */
  progress: number;
  /**
   * Whether the mailing's provider can tell what became of "unknown" recipients
   * (POST /api/mailings/:id/resolve-unknown asks it). False for SMS.ru: a retry re-sends them blind.
   */
  unknownLookup: boolean;
  /** Replies matched to this mailing (it sent the last message to their number). */
  replies: number;
  /** Numbers whose STOP reply was matched to this mailing: the opt-outs it caused. */
  optOuts: number;
}

/** What asking the provider about a mailing's unknown recipients found. */
export interface UnknownResolution {
  /** The provider had them: now "sent", with its message id (delivery reports follow). */
  sent: number;
  /** The provider confirms it never got them: now "failed", safe to retry. */
  notSent: number;
  /** Still unknown: the provider could not tell (or cannot be asked at all). */
  unresolved: number;
}

/** GET /api/mailings/:id/recipients: one page of them, and how many match in all. */
export interface RecipientsPage<R = RecipientView> {
  total: number;
  recipients: R[];
}

export interface RecipientView {
  index: number;
  contactId: string;
  name: string;
  phone: string | null;
  text: string | null;
  parts: number;
  state: RecipientState;
  skipReason: SkipReason | null;
  providerMessageId: string | null;
  cost: number | null;
  error: string | null;
  updatedAt: string | null;
}
