import type { BalanceView, CheckView, ContactSnapshot, CostView, MessageView, SendMessageRequest } from '../../shared/api';
import type { ProviderInfo } from '../../shared/providers';
import type { MailingProtocol } from './mailing-protocol';
import type { BulkContact } from './relay-contract';

/** An error as the UI shows it: in both languages, with a code for tests and logic. */
export interface UiError {
  code: string;
  message: string;
  messageRu: string;
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export type PhoneCheck =
  | { ok: true; digits: string; international: string; country: string }
  | { ok: false; reason: string; message: string; messageRu: string };

export interface SiteConfig {
  enabled: boolean;
  generic: boolean;
  language: 'ru' | 'en';
  defaultCountry: string;
}

/** Every request a content script, the popup or the options page may send the background, and its answer. */
export interface Protocol extends MailingProtocol {
  siteConfig: { request: { origin: string }; response: SiteConfig };
  checkPhone: { request: { input: string }; response: PhoneCheck };
  findPhonesInText: { request: { text: string }; response: string[] };
  upsertContact: { request: { crmId: string; snapshot: ContactSnapshot }; response: { changed: boolean } };
  cost: { request: { to: string; text: string }; response: CostView };
  sendMessage: { request: SendMessageRequest; response: MessageView };
  listMessages: { request: { crmId: string }; response: MessageView[] };
  provider: { request: Record<string, never>; response: ProviderInfo & { notSupportedText: { ru: string; en: string } } };
  checkConnection: { request: Record<string, never>; response: CheckView };
  balance: { request: Record<string, never>; response: BalanceView };
  /** From the mailings drawer in a CRM page: the contact list of the page it sits in (the sender's tab). */
  readHostListPage: { request: Record<string, never>; response: TabProtocol['readListPage']['response'] };
}

export type RequestType = keyof Protocol;

export interface Envelope<K extends RequestType = RequestType> {
  crmSms: K;
  payload: Protocol[K]['request'];
}

export const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' && value !== null && typeof (value as { crmSms?: unknown }).crmSms === 'string';

/** What the popup may ask the content script in the active tab (browser.tabs.sendMessage), and its answer. */
export interface TabProtocol {
  /** The contact rows of the CRM list page shown in the tab. */
  readListPage: { request: Record<string, never>; response: { adapter: string; contacts: BulkContact[] } };
}

export type TabRequestType = keyof TabProtocol;

export interface TabEnvelope<K extends TabRequestType = TabRequestType> {
  crmSmsTab: K;
  payload: TabProtocol[K]['request'];
}

export const isTabEnvelope = (value: unknown): value is TabEnvelope =>
  typeof value === 'object' && value !== null && typeof (value as { crmSmsTab?: unknown }).crmSmsTab === 'string';
