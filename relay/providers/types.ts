import type { ProviderCapabilities, ProviderId } from '../../shared/providers';
import type { MessageStatus } from '../../shared/status';
import type { ProviderError } from './provider-error';

/** One SMS to hand to a provider. `to` is E.164 digits without '+', e.g. 79123456789. */
export interface OutgoingSms {
  to: string;
  text: string;
  /**
   * A client-chosen reference, stable for one recipient of one mailing across tries, that the
   * adapter may hand to the provider (where it accepts one) so that `lookup` can find the message later.
   */
  ref?: string;
}

/** One message whose fate an ambiguous answer left unknown, and when it was handed over (epoch ms). */
export interface LookupQuery {
  to: string;
  text: string;
  ref?: string;
  /** The attempt happened between these two moments. */
  sentAfter: number;
  sentBefore: number;
}

export type LookupResult = { to: string; found: 'sent'; providerMessageId: string } | { to: string; found: 'not_sent' } | { to: string; found: 'unknown' };

export type SendOutcome =
  | {
      to: string;
      ok: true;
      providerMessageId: string;
      status: MessageStatus;
      /** What the provider charged, when it says so on send, in `currency`. */
      cost?: number;
      currency?: string;
      parts?: number;
    }
  | { to: string; ok: false; error: ProviderError };

export interface CostEstimate {
  /** Total over all messages asked about, in `currency`. */
  cost: number;
  currency: string;
  parts: number;
  perRecipient: { to: string; cost: number; parts: number }[];
}

export interface Balance {
  balance: number;
  currency: string;
}

export interface StatusUpdate {
  providerMessageId: string;
  status: MessageStatus;
  /** The provider's own status code or word, kept for the record. */
  providerStatus?: string;
  cost?: number;
  currency?: string;
  errorText?: string;
}

/** What a provider callback request carried, already read off the wire by the route. */
export interface CallbackRequest {
  contentType: string;
  /** The body as text (form-encoded or JSON). */
  body: string;
  query: Record<string, string>;
}

export interface CallbackResult {
  updates: StatusUpdate[];
  /** What to answer the provider (SMS.ru requires the body "100"). */
  reply: { status: number; body: string; contentType?: string };
}

/** A number on the provider's own stop list, as the provider lists it. */
export interface ProviderStopListEntry {
  /** Digits as the provider gave them (normally E.164 without '+'). */
  phone: string;
  /** The provider's note on it (SMS.ru's `stoplist_text`), when it keeps one. */
  note?: string;
}

/** An inbound-message webhook request, read off the wire by the route. */
export interface InboundRequest extends CallbackRequest {
  /** The full URL the provider called, as it knows it (PUBLIC_URL's, query included): what Twilio signs. */
  url: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
}

/** One SMS a person sent to us, as the provider passed it on. */
export interface InboundSms {
  /** The provider's id of the message: a webhook the provider retries carries the same one. */
  providerMessageId: string;
  /** The number it came from, as the provider wrote it. */
  from: string;
  /** Our number it was sent to, when the provider says. */
  to: string;
  text: string;
  /** The provider's own opt-out handling of it (Twilio's OptOutType), whatever its words. */
  optOut?: 'stop' | 'start';
}

export interface InboundResult {
  /** Why the request is not the provider's (a missing or wrong signature): nothing of it may be used. */
  refused?: string;
  replies: InboundSms[];
  /** Delivery reports that came the same way (SMSC sends both to one address). */
  updates: StatusUpdate[];
  reply: { status: number; body: string; contentType?: string };
}

/**
 * One SMS provider. A capability the provider lacks is absent here (the method is undefined),
 * never faked; `info.capabilities` says the same thing for the UI.
 */
export interface SmsProvider {
  readonly id: ProviderId;
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /**
   * Sends up to `capabilities.batchSize` messages in one go (each may have its own text; phones are
   * distinct). Throws ProviderError when the whole request failed (credentials, funds, service down);
   * otherwise returns one outcome per message, in the same order.
   */
  send(messages: OutgoingSms[]): Promise<SendOutcome[]>;
  cost?(messages: OutgoingSms[]): Promise<CostEstimate>;
  balance?(): Promise<Balance>;
  /** Resolves when the credentials are accepted; throws ProviderError otherwise. */
  check?(): Promise<void>;
  /** Up to `capabilities.batchSize` ids; unknown ids are left out of the answer. */
  status?(providerMessageIds: string[]): Promise<StatusUpdate[]>;
  parseCallback?(request: CallbackRequest): CallbackResult;
  /** Reads an inbound-message webhook; present when `capabilities.replies` and the provider pushes them (not the sandbox). */
  parseInbound?(request: InboundRequest): InboundResult;
  /**
   * After an ambiguous answer: did the provider take these messages? One result per query, in order.
   * Absent when the provider cannot tell (capabilities.lookup false).
   */
  lookup?(queries: LookupQuery[]): Promise<LookupResult[]>;
  /**
   * The provider's own stop list (capabilities.stopList 'sync'; absent otherwise). Adding a number already
   * listed and removing one that is not are no errors. `phone`: E.164 digits; `note`: why, for the provider's
   * list where it keeps words.
   */
  stopListAdd?(phone: string, note: string): Promise<void>;
  stopListRemove?(phone: string): Promise<void>;
  /** Every number on the provider's stop list. */
  stopListGet?(): Promise<ProviderStopListEntry[]>;
}

/** What every HTTP-speaking provider gets: where to reach it and how long to wait. */
export interface HttpProviderOptions {
  baseUrl: string;
  timeoutMs: number;
}
