import type { MessageView } from '../../shared/api';
import type { ConversationEntry, ConversationPage, InboundMessage, ReplyView } from '../../shared/replies';

export interface ConversationDeps {
  /** Card messages and mailing messages to the contact. */
  outgoing(crmId: string): MessageView[];
  /** The contact's replies. */
  replies(crmId: string): InboundMessage[];
  mailingName(mailingId: string): string | undefined;
}

/** A reply with its mailing's id and name (a mailing deleted since keeps its id, without a name). */
export function replyView(message: InboundMessage, mailingName: (id: string) => string | undefined): ReplyView {
  const { mailingId, ...rest } = message;
  return { ...rest, mailing: mailingId === null ? null : { id: mailingId, name: mailingName(mailingId) ?? '' } };
}

/**
 * A mailing message is placed at the time its recipient last changed (sent, or the delivery report),
 * not at the mailing's launch: a mailing may send for hours after it. A card message, when it was sent.
 */
const outgoingAt = (message: MessageView) => (message.mailing ? message.updatedAt : message.createdAt);

/**
 * A contact's conversation («Переписка»): what we sent (from the card and in mailings, each with its
 * mailing) and what came back, in one timeline, newest first, a page of it.
 */
export function conversationOf(deps: ConversationDeps, crmId: string, page: { offset: number; limit: number }): ConversationPage {
  const replies = deps.replies(crmId);
  // Replies are kept oldest first: at the same moment, the later one is the newer.
  const placed = [
    ...deps.outgoing(crmId).map((message) => ({ entry: { direction: 'outgoing', at: outgoingAt(message), message } as ConversationEntry, order: -1 })),
    ...replies.map((reply, order) => ({ entry: { direction: 'incoming', at: reply.receivedAt, reply: replyView(reply, deps.mailingName) } as ConversationEntry, order })),
  ];
  // Newest first; at the same moment a reply comes after (so above) what it answers.
  placed.sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.order - a.order);
  const entries = placed.map((p) => p.entry);
  return {
    total: entries.length,
    unread: replies.filter((reply) => !reply.read).length,
    entries: entries.slice(page.offset, page.offset + page.limit),
  };
}
