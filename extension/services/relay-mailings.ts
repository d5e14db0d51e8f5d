import type { ContactView } from '../../shared/api';
import type { AudienceRequest, CreateMailingRequest, LaunchRequest, MailingStats, MailingView, PreflightView, PreviewView, RecipientView, TextLengthsView, UnknownResolution, UpdateMailingRequest } from '../../shared/mailings';
import type { MailingProtocol } from '../messaging/mailing-protocol';
import type { BulkContact, BulkResult, ContactFilter, GroupRequest, GroupView, MacroDefinition, RecipientsPage } from '../messaging/relay-contract';
import type { RelayCall } from './relay-client';
import { mapResult as map } from './result';

const enc = encodeURIComponent;

/** The relay's mailings, groups, macros and contact-directory endpoints, one method each. */
export function mailingRelayMethods(call: RelayCall) {
  const mailing = (id: string, rest = '') => `/api/mailings/${enc(id)}${rest}`;
  const group = (id: string, rest = '') => `/api/groups/${enc(id)}${rest}`;
  return {
    listMailings: async () => map(await call<{ mailings: MailingView[] }>('GET', '/api/mailings'), (v) => v.mailings),
    getMailing: (id: string) => call<MailingView>('GET', mailing(id)),
    createMailing: (request: CreateMailingRequest) => call<MailingView>('POST', '/api/mailings', request),
    updateMailing: (id: string, patch: UpdateMailingRequest) => call<MailingView>('PATCH', mailing(id), patch),
    deleteMailing: async (id: string) => map(await call<unknown>('DELETE', mailing(id)), () => null),
    setAudience: (id: string, audience: AudienceRequest) => call<MailingView>('PUT', mailing(id, '/audience'), audience),
    preflight: (id: string, skipEmptyMacros = false) => call<PreflightView>('GET', mailing(id, `/preflight${skipEmptyMacros ? '?skipEmptyMacros=true' : ''}`)),
    preview: (id: string, contactId: string) => call<PreviewView>('POST', mailing(id, '/preview'), { contactId }),
    mailingAction: (id: string, action: MailingProtocol['mailingAction']['request']['action'], options?: LaunchRequest) =>
      call<MailingView>('POST', mailing(id, `/${action}`), action === 'launch' ? options : undefined),
    textLengths: (id: string, text?: string) => call<TextLengthsView>('POST', mailing(id, '/text-lengths'), text === undefined ? {} : { text }),
    macroDefaults: (id: string, defaults: Record<string, string>) => call<MailingView>('POST', mailing(id, '/macro-defaults'), { defaults }),
    mailingStats: (id: string) => call<MailingStats>('GET', mailing(id, '/stats')),
    resolveUnknown: (id: string) => call<UnknownResolution>('POST', mailing(id, '/resolve-unknown')),
    mailingRecipients: ({ id, ...query }: MailingProtocol['mailingRecipients']['request']) => {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      const search = params.size > 0 ? `?${params}` : '';
      return call<RecipientsPage<RecipientView>>('GET', mailing(id, `/recipients${search}`));
    },
    mailingCsv: (id: string, language: 'ru' | 'en', timeZone?: string) =>
      call<string>('GET', mailing(id, `/recipients.csv?${new URLSearchParams({ lang: language, ...(timeZone ? { tz: timeZone } : {}) })}`), undefined, 'text'),
    listGroups: async () => map(await call<{ groups: GroupView[] }>('GET', '/api/groups'), (v) => v.groups),
    createGroup: (request: GroupRequest) => call<GroupView>('POST', '/api/groups', request),
    updateGroup: (id: string, patch: Omit<Partial<GroupRequest>, 'kind'>) => call<GroupView>('PATCH', group(id), patch),
    deleteGroup: async (id: string) => map(await call<unknown>('DELETE', group(id)), () => null),
    groupCount: (id: string) => call<{ count: number }>('GET', group(id, '/count')),
    countFilter: (filter: ContactFilter) => call<{ count: number }>('POST', '/api/groups/count', { filter }),
    listMacros: async () => map(await call<{ macros: MacroDefinition[] }>('GET', '/api/macros'), (v) => v.macros),
    searchContacts: async (q: string) => map(await call<{ contacts: ContactView[] }>('GET', `/api/contacts?q=${enc(q)}`), (v) => v.contacts),
    getContact: (crmId: string) => call<ContactView>('GET', `/api/contacts/${enc(crmId)}`),
    bulkContacts: (contacts: BulkContact[]) => call<BulkResult>('POST', '/api/contacts/bulk', { contacts }),
  };
}
