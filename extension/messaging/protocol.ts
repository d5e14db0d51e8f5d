import type { BalanceView, CheckView, ContactSnapshot, CostView, MessageView, SendMessageRequest } from '../../shared/api';
import type { HealthView, ReadLayer, SiteOverride, SiteOverrideInput } from '../../shared/adapter-overrides';
import type { ProviderInfo } from '../../shared/providers';
import type { FrameEvent, FrameGrant, FrameView } from './frame-protocol';
import type { ImportProtocol } from './import-protocol';
import type { MailingProtocol } from './mailing-protocol';
import type { RelayCallRequest } from './relay-api';
import type { BulkContact } from '../../shared/bulk-contacts';

/** An error as the UI shows it: in both languages, with a code for tests and logic. */
export interface UiError {
  code: string;
  message: string;
  messageRu: string;
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export type PhoneCheck = { ok: true; digits: string; international: string; country: string } | { ok: false; reason: string; message: string; messageRu: string };

export interface SiteConfig {
  enabled: boolean;
  generic: boolean;
  language: 'ru' | 'en';
  defaultCountry: string;
}

/** Every request a content script or an extension page may send the background, and its answer. */
export interface Protocol extends MailingProtocol, ImportProtocol {
  /** Whether the sender's page (by its exact origin, as the browser reports the sender) is an enabled site. */
  siteConfig: { request: Record<string, never>; response: SiteConfig };
  /** From the content script of an enabled site: a one-time ticket for a frame that shows `view`. */
  openFrame: { request: { view: FrameView }; response: { ticket: string } };
  /** From the in-page frame, once: what its ticket lets it show. */
  redeemFrame: { request: { ticket: string }; response: FrameGrant };
  /** From the in-page frame: an event for the content script that holds it. */
  frameEvent: { request: { ticket: string; event: FrameEvent }; response: null };
  checkPhone: { request: { input: string }; response: PhoneCheck };
  findPhonesInText: { request: { text: string }; response: string[] };
  upsertContact: { request: { crmId: string; snapshot: ContactSnapshot }; response: { changed: boolean } };
  cost: { request: { to: string; text: string }; response: CostView };
  sendMessage: { request: SendMessageRequest; response: MessageView };
  listMessages: { request: { crmId: string }; response: MessageView[] };
  provider: { request: Record<string, never>; response: ProviderInfo & { notSupportedText: { ru: string; en: string } } };
  checkConnection: { request: Record<string, never>; response: CheckView };
  /** From the options page: «Проверить подключение» with the address and token as typed; nothing is saved. */
  testConnection: { request: { relayUrl: string; token: string }; response: CheckView };
  /**
   * A new mailing's «Ответственный»: the CRM user signed in on the page the mailings are opened from (a
   * frame's own tab, else the first of `sites` with one remembered from a card read), else the token's user.
   */
  defaultResponsible: { request: { sites?: string[] }; response: { name: string; from: 'crm' | 'relay' } };
  balance: { request: Record<string, never>; response: BalanceView };
  /** From the mailings drawer in a CRM page: the contact list of the page it sits in (the sender's tab). */
  readHostListPage: { request: Record<string, never>; response: TabProtocol['readListPage']['response'] };
  /**
   * The reading override of a site, merged (this browser's rules before the team's), or null: for the
   * asking content script's own origin; an extension page names `site` (else its tab's origin). With
   * `adapter`, that adapter's; without, the first (this browser's before the team's).
   */
  siteOverride: { request: { site?: string; adapter?: string }; response: SiteOverride | null };
  /** Every override of the site (as `siteOverride`), one per adapter: what the card reader chooses from. */
  siteOverrides: { request: { site?: string }; response: SiteOverride[] };
  /** Saves an override for this browser, or for the team through the relay (its admin role; its refusal in words). A content script only for its own origin. */
  saveSiteOverride: { request: { scope: OverrideScope; override: SiteOverrideInput }; response: SiteOverride };
  removeSiteOverride: { request: { scope: OverrideScope; site: string; adapter: string }; response: null };
  /** From the content script, once per card read: which layer read each field (null: none did). Counts only; the site is the sender's. */
  reportReadHealth: { request: { adapter: string; fields: Record<string, ReadLayer | null> }; response: null };
  /** For the options page: the relay's selector health per site (admin only; this browser's counts are sent first). */
  adapterHealth: { request: Record<string, never>; response: HealthView[] };
  /** From the card's content script: how many replies of the contact on show nobody has read yet (the SMS button's mark). */
  cardUnreadReplies: { request: { crmId: string }; response: { count: number } };
  /** Any /api route, named by its path in the relay's typed client (relay-api.ts types the answer); extension pages only. */
  relayCall: { request: RelayCallRequest; response: unknown };
  /** A page read a conversation (or otherwise changed what is unread): the toolbar badge is counted again, then this answers. */
  repliesChanged: { request: Record<string, never>; response: null };
}

export type OverrideScope = 'browser' | 'team';

export type RequestType = keyof Protocol;

export interface Envelope<K extends RequestType = RequestType> {
  crmSms: K;
  payload: Protocol[K]['request'];
}

export const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' && value !== null && typeof (value as { crmSms?: unknown }).crmSms === 'string';

/**
 * What a content script may ask: it lives in the CRM page, so it never sends, spends or reads the
 * relay's data — that is for the extension's own pages (the in-page frames, the popup, the options).
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>([
  'siteConfig',
  'openFrame',
  'findPhonesInText',
  'upsertContact',
  // Reading overrides and health: the background holds a content script to its own origin (background-handlers.ts).
  'siteOverride',
  'siteOverrides',
  'saveSiteOverride',
  'removeSiteOverride',
  'reportReadHealth',
  // A count for the card's own contact only, and only on an enabled site (reply-handlers.ts).
  'cardUnreadReplies',
]);

/** What the popup may ask the content script in the active tab (browser.tabs.sendMessage), and its answer. */
export interface TabProtocol {
  /** The contact rows of the CRM list page shown in the tab. */
  readListPage: { request: Record<string, never>; response: { adapter: string; contacts: BulkContact[] } };
  /** An event from one of the content script's in-page frames, passed on by the background. */
  frameEvent: { request: { ticket: string; event: FrameEvent }; response: null };
  /** From the popup: open «Настроить чтение страницы» on the page (helper "teach"'s content script answers). */
  startTeach: { request: Record<string, never>; response: null };
}

export type TabRequestType = keyof TabProtocol;

export interface TabEnvelope<K extends TabRequestType = TabRequestType> {
  crmSmsTab: K;
  payload: TabProtocol[K]['request'];
}

export const isTabEnvelope = (value: unknown): value is TabEnvelope =>
  typeof value === 'object' && value !== null && typeof (value as { crmSmsTab?: unknown }).crmSmsTab === 'string';
