import { z } from 'zod';
import { phoneInputSchema } from './api';

/**
 * How a number came onto the stop list: a STOP reply from it, an agent from a contact card, a CSV
 * import, the provider's own stop list, the CRM's «Не использовать SMS».
 */
export const STOP_LIST_SOURCES = ['reply', 'agent', 'csv', 'provider', 'crm'] as const;
export type StopListSource = (typeof STOP_LIST_SOURCES)[number];

export const STOP_LIST_SOURCE_LABELS: Record<StopListSource, { ru: string; en: string }> = {
  reply: { ru: 'Ответ «СТОП»', en: 'STOP reply' },
  agent: { ru: 'Сотрудник из карточки', en: 'Agent, from a card' },
  csv: { ru: 'Импорт CSV', en: 'CSV import' },
  provider: { ru: 'Стоп-лист оператора', en: "Provider's stop list" },
  crm: { ru: 'Флаг в CRM', en: 'CRM flag' },
};

/** A number on the stop list. */
export interface StopListEntry {
  /** E.164 digits, e.g. 79123456789. */
  phone: string;
  source: StopListSource;
  /** ISO. */
  addedAt: string;
  /** The user who added it, or the provider whose reply or list it came from. */
  addedBy: string;
  reason?: string;
}

/** One change of a number's place on the list: the proof of why it did or did not get a message. */
export interface StopListEvent {
  action: 'added' | 'removed';
  /** ISO. */
  at: string;
  by: string;
  /** For an addition: how it came. */
  source?: StopListSource;
  reason?: string;
}

/** GET /api/stop-list/:phone: the number's entry (null once removed) and every change of it, oldest first. */
export interface StopListNumberView {
  phone: string;
  entry: StopListEntry | null;
  history: StopListEvent[];
}

/** GET /api/stop-list: a page of the numbers on the list, newest first, and how many match in all. */
export interface StopListPage {
  total: number;
  entries: StopListEntry[];
}

const reasonText = z.string().trim().max(500, 'must be at most 500 characters');

export const stopListQuerySchema = z.strictObject({
  /** Digits anywhere in the number: "912345" finds 79123456789. */
  q: z
    .string()
    .max(40, 'must be at most 40 characters')
    .refine((q) => q.trim() === '' || /\d/.test(q), 'must hold digits of the number')
    .optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const addToStopListSchema = z.strictObject({ phone: phoneInputSchema, reason: reasonText.optional() });
export type AddToStopListRequest = z.input<typeof addToStopListSchema>;

export const removeFromStopListSchema = z.strictObject({
  reason: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required: say why the number may get mailings again' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty: say why the number may get mailings again')
    .max(500, 'must be at most 500 characters'),
});
export type RemoveFromStopListRequest = z.input<typeof removeFromStopListSchema>;

/** POST /api/provider/sandbox/replies: a reply the sandbox pretends `from` sent. */
export const sandboxReplySchema = z.strictObject({
  from: phoneInputSchema,
  text: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).max(1600, 'must be at most 1600 characters'),
});
export type SandboxReplyRequest = z.input<typeof sandboxReplySchema>;

/** What a reply did: the keyword it was, and the number's stop-list entry after it (null: not on the list). */
export interface ReplyOutcome {
  keyword: 'stop' | 'start' | null;
  stopList: StopListEntry | null;
}

/** POST /api/stop-list/sync: what one round with the provider's own stop list did. */
export interface StopListSyncReport {
  provider: string;
  /** ISO: when the round began. */
  at: string;
  /** Changes of the relay's list the provider now has: numbers put on its list, and taken off it. */
  pushed: { added: number; removed: number };
  /** Changes the provider refused for good (not pushed again until the number changes on the relay again), at most 100. */
  refused: { phone: string; change: 'add' | 'remove'; words: string }[];
  /**
   * The provider's list as read: how many numbers it holds, how many were new to the relay (now on its list,
   * source "provider"), how many were no phone number. Null when the round did not get that far.
   */
  pulled: { listed: number; added: number; unreadable: number } | null;
  /** Pushes still owed after the round (they failed, and are tried again at the next round and the next start). */
  pending: number;
  /** Why the round stopped early (the provider is down, refused the credentials; the disk is full); null when it went through. */
  error: { code: string; message: string; messageRu: string } | null;
}

/** POST /api/stop-list/import: what a CSV file did to the list. */
export interface StopListImportAnswer {
  /** Numbers it put on the list (source "csv"). */
  added: number;
  /** Lines whose number was on the list already (also an earlier line of the same file). */
  already: number;
  /** Lines that hold no phone number (or a reason too long), with what they hold and why; nothing of them was stored. */
  invalid: { line: number; value: string; reason: string; reasonRu: string }[];
}
