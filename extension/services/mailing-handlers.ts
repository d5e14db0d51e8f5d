import type { MailingProtocol } from '../messaging/mailing-protocol';
import type { Result } from '../messaging/protocol';
import type { Sender } from './background-handlers';
import { crmSiteOf } from './crm-site';
import type { RelayClient } from './relay-client';

type Handlers = {
  [K in keyof MailingProtocol]: (payload: MailingProtocol[K]['request'], sender?: Sender) => Promise<Result<MailingProtocol[K]['response']>>;
};

/**
 * The background's answers to the mailing requests of the popup and of the mailings drawer in a CRM
 * page: each is one relay call, made for the sender's CRM page when there is one (X-CRM-Site).
 */
export function createMailingHandlers(client: RelayClient): Handlers {
  const at = (sender: Sender | undefined) => client.forSite(crmSiteOf(sender));
  return {
    listMailings: (_payload, sender) => at(sender).listMailings(),
    getMailing: ({ id }, sender) => at(sender).getMailing(id),
    createMailing: (request, sender) => at(sender).createMailing(request),
    updateMailing: ({ id, patch }, sender) => at(sender).updateMailing(id, patch),
    deleteMailing: ({ id }, sender) => at(sender).deleteMailing(id),
    setAudience: ({ id, audience }, sender) => at(sender).setAudience(id, audience),
    preflight: ({ id, skipEmptyMacros }, sender) => at(sender).preflight(id, skipEmptyMacros),
    preview: ({ id, contactId }, sender) => at(sender).preview(id, contactId),
    mailingAction: ({ id, action, options }, sender) => at(sender).mailingAction(id, action, options),
    textLengths: ({ id, text }, sender) => at(sender).textLengths(id, text),
    macroDefaults: ({ id, defaults }, sender) => at(sender).macroDefaults(id, defaults),
    mailingStats: ({ id }, sender) => at(sender).mailingStats(id),
    resolveUnknown: ({ id }, sender) => at(sender).resolveUnknown(id),
    mailingRecipients: (request, sender) => at(sender).mailingRecipients(request),
    mailingCsv: ({ id, language, timeZone }, sender) => at(sender).mailingCsv(id, language, timeZone),
    stopListCsv: ({ language }, sender) => at(sender).stopListCsv(language),
    listGroups: (_payload, sender) => at(sender).listGroups(),
    createGroup: (request, sender) => at(sender).createGroup(request),
    updateGroup: ({ id, patch }, sender) => at(sender).updateGroup(id, patch),
    deleteGroup: ({ id }, sender) => at(sender).deleteGroup(id),
    groupCount: ({ id }, sender) => at(sender).groupCount(id),
    countFilter: ({ filter }, sender) => at(sender).countFilter(filter),
    listMacros: (_payload, sender) => at(sender).listMacros(),
    searchContacts: ({ q }, sender) => at(sender).searchContacts(q),
    getContact: ({ crmId }, sender) => at(sender).getContact(crmId),
    bulkContacts: ({ contacts }, sender) => at(sender).bulkContacts(contacts),
  };
}
