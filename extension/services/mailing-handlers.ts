import type { MailingProtocol } from '../messaging/mailing-protocol';
import type { Result } from '../messaging/protocol';
import type { RelayClient } from './relay-client';

type Handlers = { [K in keyof MailingProtocol]: (payload: MailingProtocol[K]['request']) => Promise<Result<MailingProtocol[K]['response']>> };

/** The background's answers to the popup's mailing requests: each is one relay call. */
export function createMailingHandlers(relay: RelayClient): Handlers {
  return {
    listMailings: () => relay.listMailings(),
    getMailing: ({ id }) => relay.getMailing(id),
    createMailing: (request) => relay.createMailing(request),
    updateMailing: ({ id, patch }) => relay.updateMailing(id, patch),
    deleteMailing: ({ id }) => relay.deleteMailing(id),
    setAudience: ({ id, audience }) => relay.setAudience(id, audience),
    preflight: ({ id, skipEmptyMacros }) => relay.preflight(id, skipEmptyMacros),
    preview: ({ id, contactId }) => relay.preview(id, contactId),
    mailingAction: ({ id, action, options }) => relay.mailingAction(id, action, options),
    textLengths: ({ id, text }) => relay.textLengths(id, text),
    macroDefaults: ({ id, defaults }) => relay.macroDefaults(id, defaults),
    mailingStats: ({ id }) => relay.mailingStats(id),
    resolveUnknown: ({ id }) => relay.resolveUnknown(id),
    mailingRecipients: (request) => relay.mailingRecipients(request),
    mailingCsv: ({ id, language, timeZone }) => relay.mailingCsv(id, language, timeZone),
    stopListCsv: ({ language }) => relay.stopListCsv(language),
    listGroups: () => relay.listGroups(),
    createGroup: (request) => relay.createGroup(request),
    updateGroup: ({ id, patch }) => relay.updateGroup(id, patch),
    deleteGroup: ({ id }) => relay.deleteGroup(id),
    groupCount: ({ id }) => relay.groupCount(id),
    countFilter: ({ filter }) => relay.countFilter(filter),
    listMacros: () => relay.listMacros(),
    searchContacts: ({ q }) => relay.searchContacts(q),
    getContact: ({ crmId }) => relay.getContact(crmId),
    bulkContacts: ({ contacts }) => relay.bulkContacts(contacts),
  };
}
