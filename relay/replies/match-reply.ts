import type { RecipientState } from '../../shared/mailings';
import type { MessageStatus } from '../../shared/status';

/** What matching a reply reads: the directory's numbers, the card messages and each contact's mailing messages. */
export interface ReplyMatchDeps {
  /** crmIds of the contacts with a phone of these digits. */
  contactsWithNumber(digits: string): string[];
  /** The latest card message to these digits. */
  lastCardMessageTo(digits: string): { createdAt: string; status: MessageStatus; providerMessageId: string | null } | undefined;
  /** The contact's recipients in every mailing (the engine's storage `recipientsOfContact`). */
  mailingMessagesOf(
    crmId: string,
  ): { mailingId: string; recipient: { phone: string | null; state: RecipientState; providerMessageId: string | null; updatedAt: number | null } }[];
}

export interface ReplyMatch {
  contactIds: string[];
  /** The mailing of the last message sent to the number; null when that was a card message, or none went. */
  mailingId: string | null;
}

/** A message the provider took (or may have): one still queued, refused or skipped never reached the person. */
function wentOut(state: RecipientState | MessageStatus, providerMessageId: string | null): boolean {
  if (state === 'sending' || state === 'sent' || state === 'delivered' || state === 'unknown') return true;
  return state === 'failed' && providerMessageId !== null;
}

/**
 * A reply belongs to every contact with the number it came from, and to the mailing of the last message
 * that went to that number: a mailing message to one of those contacts at that number, or a card message
 * to it (then to no mailing), whichever went last. A mailing message's time is when its recipient last
 * changed (sent, or its delivery report a little later); a card message's, when it was sent.
 */
export function matchReply(deps: ReplyMatchDeps, digits: string): ReplyMatch {
  const contactIds = deps.contactsWithNumber(digits);
  let last: { at: number; mailingId: string | null } | null = null;
  const card = deps.lastCardMessageTo(digits);
  if (card && wentOut(card.status, card.providerMessageId)) last = { at: Date.parse(card.createdAt), mailingId: null };
  for (const crmId of contactIds) {
    for (const { mailingId, recipient } of deps.mailingMessagesOf(crmId)) {
      if (recipient.phone !== digits || recipient.updatedAt === null || !wentOut(recipient.state, recipient.providerMessageId)) continue;
      if (!last || recipient.updatedAt > last.at) last = { at: recipient.updatedAt, mailingId };
    }
  }
  return { contactIds, mailingId: last?.mailingId ?? null };
}
