/** Replies: the SMS people send back, and the conversation («Переписка») of a contact card. */

import { z } from 'zod';
import type { MessageView } from './api';
import type { ProviderId } from './providers';

/** Where replies would show, for a provider that passes on none (capabilities.replies false). */
export const NO_REPLIES = {
  ru: 'Этот провайдер не передаёт ответы на СМС',
  en: 'This provider does not pass on replies to SMS',
} as const;

/** One SMS a person sent to us, as the relay keeps it. */
export interface InboundMessage {
  id: string;
  provider: ProviderId;
  /** The provider's own id of it: a webhook delivered twice is stored once. */
  providerMessageId: string;
  /** E.164 digits of the number it came from (what the provider wrote, when that is no phone number). */
  from: string;
  /** Our number it went to, as the provider said ('' when it did not). */
  to: string;
  text: string;
  /** ISO, when the relay received it. */
  receivedAt: string;
  /** Every contact of the directory with that number when it came. */
  contactIds: string[];
  /** The mailing of the last message sent to that number; null when that was a card message, or there was none. */
  mailingId: string | null;
  /** What it was for the stop list: a STOP or START keyword (ours, or the provider's opt-out handling), or neither. */
  keyword: 'stop' | 'start' | null;
  /** Someone opened the conversation since. */
  read: boolean;
}

/** A reply as the conversation shows it: with its mailing's name. */
export interface ReplyView extends Omit<InboundMessage, 'mailingId'> {
  mailing: { id: string; name: string } | null;
}

/** One line of a contact's conversation: a message we sent (card or mailing), or a reply. `at` orders them. */
export type ConversationEntry = { direction: 'outgoing'; at: string; message: MessageView } | { direction: 'incoming'; at: string; reply: ReplyView };

/** GET /api/contacts/:crmId/conversation: a page of the timeline, newest first. */
export interface ConversationPage {
  total: number;
  /** Replies of this contact nobody has read yet. */
  unread: number;
  entries: ConversationEntry[];
}

/** GET /api/replies/unread: for the toolbar badge, and which cards to mark. */
export interface UnreadReplies {
  count: number;
  contacts: string[];
}

export const conversationQuerySchema = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
