import type { MessageView } from '../../shared/api';
import type { OptOutKeywords } from '../../shared/opt-out-keywords';
import type { ConversationPage, InboundMessage, ReplyView, UnreadReplies } from '../../shared/replies';
import type { Clock } from '../clock';
import { coveredByRequest, type SystemAudit } from '../domain/system-audit';
import { contactsWithNumber, watchNumber, watchNumbers } from '../contacts/contacts-with-number';
import type { StopListService } from '../opt-outs/stop-list-service';
import type { MailingStorage } from '../store/mailing-storage';
import type { MailingReplyCounts } from '../store/inbound-messages';
import type { Store } from '../store/store';
import { conversationOf, replyView } from './conversation';
import { receiveReply, type IncomingReply, type ReceivedReply } from './receive-reply';

export interface ReplyServiceDeps {
  store: Pick<Store, 'inboundMessages' | 'contacts' | 'messages' | 'consents'>;
  /** The engine's storage: each contact's mailing messages, and mailings' names. */
  storage: Pick<MailingStorage, 'recipientsOfContact' | 'get'>;
  /** A contact's mailing messages as the sent-SMS list shows them (the engine's). */
  mailingMessagesForContact(crmId: string): MessageView[];
  stopList: StopListService;
  keywords: OptOutKeywords;
  clock: Clock;
  defaultCountry: string;
  /** The audit log as the relay's own changes write to it: what a webhook's or the sandbox pump's reply changes. */
  audit: SystemAudit;
}

/** Replies as the routes and the sandbox use them: taking one in, a contact's conversation, what is unread. */
export function createReplyService(deps: ReplyServiceDeps) {
  const { store, storage } = deps;
  const inbound = store.inboundMessages;
  // "Whose is this reply?" is asked of every unread one on every badge and card check: the numbers replies
  // came from are answered from the index, kept on every contact write, not searched for each time.
  watchNumbers(store.contacts, inbound.senders());
  const receiveDeps = {
    inbound,
    stopList: deps.stopList,
    consents: store.consents,
    keywords: deps.keywords,
    clock: deps.clock,
    defaultCountry: deps.defaultCountry,
    audit: deps.audit,
    match: {
      contactsWithNumber: (digits: string) => {
        watchNumber(store.contacts, digits);
        return contactsWithNumber(store.contacts, digits);
      },
      lastCardMessageTo: (digits: string) => store.messages.lastToPhone(digits),
      mailingMessagesOf: (crmId: string) => storage.recipientsOfContact(crmId),
    },
  };
  const mailingName = (id: string) => storage.get(id)?.name;
  /** The contact's replies: matched to it when they came, or from one of its numbers now. */
  const repliesOf = (crmId: string) => inbound.forContact(crmId, numbersOf(crmId));
  const numbersOf = (crmId: string) => (store.contacts.get(crmId)?.phones ?? []).flatMap((phone) => (phone.digits === null ? [] : [phone.digits]));
  /** Whose a reply is now: the contacts it was matched to, and every contact with its number now. */
  const ownersOf = (message: InboundMessage) => {
    const now = contactsWithNumber(store.contacts, message.from);
    return message.contactIds.length === 0 ? now : [...new Set([...message.contactIds, ...now])];
  };

  return {
    /** A reply no API request brought (a provider's webhook, the sandbox's simulated answers): its changes are audited as the relay's own. */
    receive: (reply: IncomingReply): Promise<ReceivedReply> => receiveReply(receiveDeps, reply),

    /** A reply an admin simulates through the API: the request's own audit entry says what it did. */
    receiveInRequest: (reply: IncomingReply): Promise<ReceivedReply> => receiveReply({ ...receiveDeps, audit: coveredByRequest }, reply),

    conversation: (crmId: string, page: { offset: number; limit: number }): ConversationPage =>
      conversationOf(
        {
          outgoing: (id) => [...store.messages.forContact(id), ...deps.mailingMessagesForContact(id)],
          replies: repliesOf,
          mailingName,
        },
        crmId,
        page,
      ),

    /** Marks the contact's replies read; says how many were not. */
    markRead: async (crmId: string): Promise<{ marked: number }> => ({ marked: await inbound.markRead(repliesOf(crmId).map((m) => m.id)) }),

    unread: (): UnreadReplies => inbound.unreadReplies(ownersOf),

    /** A stored reply with its mailing's name. */
    view: (message: InboundMessage): ReplyView => replyView(message, mailingName),

    mailingCounts: (mailingId: string): MailingReplyCounts => inbound.mailingCounts(mailingId),
  };
}

export type ReplyService = ReturnType<typeof createReplyService>;
