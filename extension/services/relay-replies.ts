import type { RelayTransport } from './relay-transport';
import { mapResult as map } from './result';

/** The relay's replies, as the toolbar badge and the card's mark need them (the conversation itself the in-page frame reads by relayCall). */
export function replyRelayMethods({ json }: RelayTransport) {
  /** Replies nobody has read yet (GET /api/replies/unread): how many, and whose. */
  const unreadReplies = () => json((api) => api.replies.unread.$get());
  return {
    /** The toolbar badge's count. */
    unreadReplies,
    /** Which contacts have replies nobody has read yet. */
    unreadContacts: async () => map(await unreadReplies(), (v) => v.contacts),
    /** How many of this contact's replies are unread: the count its conversation gives (one entry asked for, not shown). */
    contactUnread: async (crmId: string) =>
      map(await json((api) => api.contacts[':crmId'].conversation.$get({ param: { crmId: encodeURIComponent(crmId) }, query: { limit: '1' } })), (v) => v.unread),
  };
}
