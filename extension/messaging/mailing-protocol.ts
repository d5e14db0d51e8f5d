import type { ContactView } from '../../shared/api';
import type {
  AudienceRequest,
  CreateMailingRequest,
  LaunchRequest,
  MailingStats,
  MailingView,
  PreflightView,
  PreviewView,
  RecipientState,
  RecipientView,
  TextLengthsView,
  UnknownResolution,
  UpdateMailingRequest,
} from '../../shared/mailings';
import type { BulkContact, BulkResult } from '../../shared/bulk-contacts';
import type { ContactFilter } from '../../shared/contact-filter';
import type { GroupRequest, GroupView } from '../../shared/groups';
import type { MacroDefinition } from '../../shared/macros';
import type { RecipientsPage } from '../../shared/mailings';

type Empty = Record<string, never>;

/** What a person can do to a mailing besides editing it; each is one POST on the relay. */
export const MAILING_ACTIONS = ['launch', 'pause', 'resume', 'cancel', 'retry'] as const;
export type MailingAction = (typeof MAILING_ACTIONS)[number];

/** The popup's requests for mailings, groups, macros and the contact directory (part of Protocol). */
export interface MailingProtocol {
  listMailings: { request: Empty; response: MailingView[] };
  getMailing: { request: { id: string }; response: MailingView };
  createMailing: { request: CreateMailingRequest; response: MailingView };
  updateMailing: { request: { id: string; patch: UpdateMailingRequest }; response: MailingView };
  deleteMailing: { request: { id: string }; response: null };
  setAudience: { request: { id: string; audience: AudienceRequest }; response: MailingView };
  /** skipEmptyMacros: the figures of a launch that skips the recipients whose text has an empty macro. */
  preflight: { request: { id: string; skipEmptyMacros?: boolean }; response: PreflightView };
  preview: { request: { id: string; contactId: string }; response: PreviewView };
  /** `options` go with a launch only (confirm a launch over the balance, skip empty macros). */
  mailingAction: { request: { id: string; action: MailingAction; options?: LaunchRequest }; response: MailingView };
  /** How long the messages of `text` (the saved text when left out) would be for the audience now. */
  textLengths: { request: { id: string; text?: string }; response: TextLengthsView };
  /** Each `{{macro}}` named becomes `{{default macro "text"}}` in the mailing's saved text. */
  macroDefaults: { request: { id: string; defaults: Record<string, string> }; response: MailingView };
  mailingStats: { request: { id: string }; response: MailingStats };
  /** Asks the mailing's provider what became of its unknown recipients (where it can tell). */
  resolveUnknown: { request: { id: string }; response: UnknownResolution };
  mailingRecipients: {
    request: { id: string; status?: RecipientState; offset?: number; limit?: number };
    response: RecipientsPage<RecipientView>;
  };
  /** The per-recipient results as CSV text in the UI's language, dates in the page's time zone; the page saves it. */
  mailingCsv: { request: { id: string; language: 'ru' | 'en'; timeZone?: string }; response: string };
  /** The stop list as CSV text in the UI's language (GET /api/stop-list.csv); the page saves it. */
  stopListCsv: { request: { language: 'ru' | 'en' }; response: string };
  listGroups: { request: Empty; response: GroupView[] };
  createGroup: { request: GroupRequest; response: GroupView };
  updateGroup: { request: { id: string; patch: Omit<Partial<GroupRequest>, 'kind'> }; response: GroupView };
  deleteGroup: { request: { id: string }; response: null };
  groupCount: { request: { id: string }; response: { count: number } };
  /** The live count of a filter that is not saved yet. */
  countFilter: { request: { filter: ContactFilter }; response: { count: number } };
  listMacros: { request: Empty; response: MacroDefinition[] };
  searchContacts: { request: { q: string }; response: ContactView[] };
  getContact: { request: { crmId: string }; response: ContactView };
  bulkContacts: { request: { contacts: BulkContact[] }; response: BulkResult };
}
