import type { RelayTransport } from './relay-transport';
import { mapResult as map } from './result';

/** The relay's replies, as the card's mark needs them (the conversation itself the in-page frame reads by relayCall). */
export function replyRelayMethods({ json }: RelayTransport) {
  return {
    /** Which contacts have replies nobody has read yet (GET /api/replies/unread). */
    unreadContacts: async () => map(await json((api) => api.replies.unread.$get()), (v) => v.contacts),
    /** How many of this contact's replies are unread: the count its conversation gives (one entry asked for, not shown). */
    contactUnread: async (crmId: string) =>
      map(await json((api) => api.contacts[':crmId'].conversation.$get({ param: { crmId: encodeURIComponent(crmId) }, query: { limit: '1' } })), (v) => v.unread),
  };
}
