import type { Protocol, Result, UiError } from '../messaging/protocol';
import { siteFor, type Settings } from '../settings/settings';
import type { RelayClient } from './relay-client';

type ReplyRequests = 'cardUnreadReplies';
type Handlers = { [K in ReplyRequests]: (payload: Protocol[K]['request'], sender?: { url?: string }) => Promise<Result<Protocol[K]['response']>> };

const NOT_ENABLED: { ok: false; error: UiError } = {
  ok: false,
  error: { code: 'not_allowed', message: 'This site is not enabled in the extension settings', messageRu: 'Этот сайт не включён в настройках расширения' },
};

/** A CRM's record id as the card reads it: text, not too long (the relay's own limit is its business). */
const isCrmId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 500;

/**
 * The card's mark of unread replies, for the content script of an enabled site: only how many of the
 * asked contact's replies are unread, never whose else or what they say. The relay's list of contacts
 * with unread replies is asked first, so a contact without any costs one cheap call.
 */
export function createReplyHandlers(deps: { relay: RelayClient; settings: () => Promise<Settings> }): Handlers {
  return {
    async cardUnreadReplies(payload, sender) {
      if (!siteFor(await deps.settings(), sender?.url ?? '')) return NOT_ENABLED;
      if (!isCrmId(payload?.crmId)) return { ok: true, value: { count: 0 } };
      const contacts = await deps.relay.unreadContacts();
      if (!contacts.ok) return contacts;
      if (!contacts.value.includes(payload.crmId)) return { ok: true, value: { count: 0 } };
      const unread = await deps.relay.contactUnread(payload.crmId);
      return unread.ok ? { ok: true, value: { count: unread.value } } : unread;
    },
  };
}
