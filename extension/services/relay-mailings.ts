import type { LaunchRequest } from '../../shared/mailings';
import type { ContactFilter } from '../../shared/contact-filter';
import type { GroupPatch, GroupRequest } from '../../shared/groups';
import type { BulkContact } from '../../shared/bulk-contacts';
import type { MailingAction, MailingProtocol } from '../messaging/mailing-protocol';
import type { RelayTransport } from './relay-transport';
import { mapResult as map } from './result';

const enc = encodeURIComponent;
/** A path parameter as the URL carries it (hono's client puts it in as given). */
const param = (id: string) => ({ param: { id: enc(id) } });
/** Query values as text, in the order given, left out when undefined. */
const textQuery = (query: Record<string, string | number | boolean | undefined>) =>
  Object.fromEntries(Object.entries(query).map(([key, value]) => [key, value === undefined ? undefined : String(value)]));

/** The relay's mailings, stop list export, groups, macros and contact-directory endpoints, one method each (the types are the routes'). */
export function mailingRelayMethods({ json, text }: RelayTransport) {
  return {
    listMailings: async () => map(await json((api) => api.mailings.$get()), (v) => v.mailings),
    getMailing: (id: string) => json((api) => api.mailings[':id'].$get(param(id))),
    createMailing: (request: MailingProtocol['createMailing']['request']) => json((api) => api.mailings.$post({ json: request })),
    updateMailing: (id: string, patch: MailingProtocol['updateMailing']['request']['patch']) => json((api) => api.mailings[':id'].$patch({ ...param(id), json: patch })),
    deleteMailing: async (id: string) => map(await json((api) => api.mailings[':id'].$delete(param(id))), () => null),
    setAudience: (id: string, audience: MailingProtocol['setAudience']['request']['audience']) =>
      json((api) => api.mailings[':id'].audience.$put({ ...param(id), json: audience })),
    preflight: (id: string, skipEmptyMacros = false) =>
      json((api) => api.mailings[':id'].preflight.$get({ ...param(id), query: { skipEmptyMacros: skipEmptyMacros ? 'true' : undefined } })),
    preview: (id: string, contactId: string) => json((api) => api.mailings[':id'].preview.$post({ ...param(id), json: { contactId } })),
    mailingAction: (id: string, action: MailingAction, options?: LaunchRequest) =>
      json((api) => {
        const at = api.mailings[':id'];
        // A launch's options go as its body; without them (and for the other actions) there is none.
        return action === 'launch' ? at.launch.$post({ ...param(id), json: options as LaunchRequest }) : at[action].$post(param(id));
      }),
    textLengths: (id: string, text?: string) => json((api) => api.mailings[':id']['text-lengths'].$post({ ...param(id), json: text === undefined ? {} : { text } })),
    macroDefaults: (id: string, defaults: Record<string, string>) => json((api) => api.mailings[':id']['macro-defaults'].$post({ ...param(id), json: { defaults } })),
    mailingStats: (id: string) => json((api) => api.mailings[':id'].stats.$get(param(id))),
    resolveUnknown: (id: string) => json((api) => api.mailings[':id']['resolve-unknown'].$post(param(id))),
    mailingRecipients: ({ id, ...query }: MailingProtocol['mailingRecipients']['request']) =>
      json((api) => api.mailings[':id'].recipients.$get({ ...param(id), query: textQuery(query) })),
    mailingCsv: (id: string, language: 'ru' | 'en', timeZone?: string) =>
      text((api) => api.mailings[':id']['recipients.csv'].$get({ ...param(id), query: { lang: language, tz: timeZone || undefined } })),
    stopListCsv: (language: 'ru' | 'en') => text((api) => api['stop-list.csv'].$get({ query: { lang: language } })),
    listGroups: async () => map(await json((api) => api.groups.$get()), (v) => v.groups),
    createGroup: (request: GroupRequest) => json((api) => api.groups.$post({ json: request })),
    updateGroup: (id: string, patch: GroupPatch) => json((api) => api.groups[':id'].$patch({ ...param(id), json: patch })),
    deleteGroup: async (id: string) => map(await json((api) => api.groups[':id'].$delete(param(id))), () => null),
    groupCount: (id: string) => json((api) => api.groups[':id'].count.$get(param(id))),
    countFilter: (filter: ContactFilter) => json((api) => api.groups.count.$post({ json: { filter } })),
    listMacros: async () => map(await json((api) => api.macros.$get()), (v) => v.macros),
    searchContacts: async (q: string) => map(await json((api) => api.contacts.$get({ query: { q } })), (v) => v.contacts),
    getContact: (crmId: string) => json((api) => api.contacts[':crmId'].$get({ param: { crmId: enc(crmId) } })),
    bulkContacts: (contacts: BulkContact[]) => json((api) => api.contacts.bulk.$post({ json: { contacts } })),
  };
}
