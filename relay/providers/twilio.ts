import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { ProviderCapabilities } from '../../shared/providers';
import type { MessageStatus } from '../../shared/status';
import { systemClock } from '../clock';
import { basicAuth, basicAuthPair, joinUrl, lenientNumber, providerJson } from './http';
import { asText, balanceIn, checkThroughBalance, isObject, refusal as fail, sendOneByOne, statusOneByOne, type Json } from './adapter-kit';
import { keepingSecrets, type SecretKeeping } from './keep-secrets';
import { lookupOneByOne, onlyOne, sentAs, unknownFate, type LookupOptions } from './lookup-kit';
import { EMPTY_TWIML, parseTwilioInbound } from './twilio-inbound';
import { isTheAttempt, listPage, messagesListFilter } from './twilio-lookup';
import { unusableAnswer } from './unusable-answer';
import type {
  Balance,
  CallbackRequest,
  CallbackResult,
  HttpProviderOptions,
  LookupQuery,
  LookupResult,
  OutgoingSms,
  SendOutcome,
  SmsProvider,
  StatusUpdate,
} from './types';

/**
 * Twilio Programmable Messaging, REST API 2010-04-01 (`baseUrl` is https://api.twilio.com). HTTP Basic auth
 * with AccountSid:AuthToken; form-encoded requests, JSON answers (`.json` resources).
 */
export interface TwilioOptions extends HttpProviderOptions, LookupOptions {
  accountSid: string;
  authToken: string;
  /** A Twilio number (E.164, with '+') or an alphanumeric sender ID. */
  from?: string;
  /** Used instead of `from` when set: Twilio picks the sender from the service's pool. */
  messagingServiceSid?: string;
  /** Where Twilio should POST status changes (MessageSid, MessageStatus, ErrorCode). */
  statusCallbackUrl?: string;
}

export const TWILIO_CAPABILITIES: ProviderCapabilities = {
  // Twilio has per-country price lists but no per-message price preview.
  cost: false,
  balance: true,
  check: true,
  statusPoll: true,
  callbacks: true,
  // One Message resource per request.
  batchSize: 1,
  // Twilio refuses bodies over 1600 characters (error 21617): 10 parts always fit (10×153 GSM-7 = 1530).
  maxParts: 10,
  lookup: true,
  // No list to read: a send to a number that texted STOP is refused with 21610, and the relay lists it then.
  stopList: 'errors-only',
  // Inbound messages reach POST /inbound/twilio/<secret> (the number's "A message comes in" webhook).
  replies: true,
};

/** Twilio message statuses onto ours. */
const TWILIO_STATES: Record<string, MessageStatus> = {
  accepted: 'queued', // a Messaging Service accepted it, no sender chosen yet
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued', // still being dispatched to the upstream carrier
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Twilio error codes (REST answers and `ErrorCode` of messages) onto the catalogue. */
const TWILIO_ERRORS: Record<number, ProviderErrorCode> = {
  20003: 'auth_failed', // Authenticate: wrong AccountSid or AuthToken
  // "Account not active": Twilio names running out of funds as the first cause (also suspended or an
  // unactivated trial); stop-class either way.
  20005: 'insufficient_funds',
  10001: 'insufficient_funds',
  30002: 'insufficient_funds', // account suspended (funds or policy) after queueing
  20429: 'service_unavailable', // too many concurrent requests: a short throttle, worth a retry
  14107: 'limit_reached', // outbound SMS rate limit
  30001: 'limit_reached', // queue overflow
  21211: 'invalid_number', // invalid 'To'
  21604: 'invalid_number', // 'To' required
  21614: 'invalid_number', // 'To' is not a mobile number
  21635: 'invalid_number', // 'To' is a landline
  30005: 'invalid_number', // unknown destination handset
  21408: 'no_route', // sending to this region not enabled on the account
  21612: 'no_route', // 'To' not reachable with this From/To combination
  30003: 'no_route', // unreachable handset
  30006: 'no_route', // landline or unreachable carrier
  21610: 'opted_out', // "Attempt to send to unsubscribed recipient": it replied STOP (until it replies START)
  21608: 'number_blocked', // trial account: 'To' not verified
  30004: 'number_blocked', // blocked by the recipient or carrier
  21212: 'sender_not_approved', // invalid 'From'
  21603: 'sender_not_approved', // 'From' required
  21606: 'sender_not_approved', // 'From' not a message-capable Twilio number for this destination
  21659: 'sender_not_approved', // 'From' not a Twilio number / short code country mismatch
  21660: 'sender_not_approved', // 'From' belongs to another account
  21703: 'sender_not_approved', // Messaging Service has no senders
  21704: 'sender_not_approved',
  21705: 'sender_not_approved', // invalid Messaging Service
  21602: 'text_rejected', // body required
  30007: 'text_rejected', // filtered by the carrier
  21617: 'text_too_long', // body over 1600 characters
};

/** Short words for the delivery error codes a status or callback may carry. */
const DELIVERY_ERRORS: Record<number, string> = {
  30001: 'queue overflow',
  30002: 'account suspended',
  30003: 'unreachable destination handset',
  30004: 'message blocked',
  30005: 'unknown destination handset',
  30006: 'landline or unreachable carrier',
  30007: 'filtered by the carrier',
  30008: 'unknown error',
};

/** What `call` returns instead of throwing when the caller accepts a 404. */
const NOT_FOUND = Symbol('not found');

/** Twilio's own "service unavailable" error code, in the JSON body of its 503 answers. */
const TWILIO_SERVICE_UNAVAILABLE = 20503;

/**
 * Twilio's error 20503 is "the requested Twilio Service is temporarily unavailable: try again with back-off",
 * while for 20500 it warns that retrying an SMS POST may deliver the message twice. So a 503 carrying Twilio's
 * own 20503 counts as "not processed"; a 500, 502, 504, or a 503 from something in between (no Twilio error
 * body) may come after Twilio took the message.
 */
export function twilioNotProcessed(status: number, text: string): boolean {
  if (status !== 503) return false;
  try {
    const body: unknown = JSON.parse(text);
    return isObject(body) && lenientNumber(body.code) === TWILIO_SERVICE_UNAVAILABLE;
  } catch {
    return false;
  }
}

/** Pages of the Messages list read for one lookup at most (100 Messages each). */
const LOOKUP_MAX_PAGES = 5;
const LOOKUP_PAGE_SIZE = 100;

function catalogueCode(httpStatus: number, twilioCode: number | undefined): ProviderErrorCode {
  const mapped = twilioCode === undefined ? undefined : TWILIO_ERRORS[twilioCode];
  if (mapped) return mapped;
  if (httpStatus === 401) return 'auth_failed';
  if (httpStatus === 429) return 'service_unavailable';
  return 'request_rejected';
}

export function createTwilioProvider(options: TwilioOptions): SecretKeeping {
  const authorization = basicAuth(options.accountSid, options.authToken);
  const accountPath = `2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;
  const sender = { from: options.from, messagingServiceSid: options.messagingServiceSid };

  /** One request to a resource of the account (`path` below the account, e.g. "Balance.json"). */
  const call = (path: string, form?: URLSearchParams, notFoundOk = false) => request(`${accountPath}/${path}`, form, notFoundOk);

  async function request(pathFromRoot: string, form?: URLSearchParams, notFoundOk = false): Promise<Json | typeof NOT_FOUND> {
    const { status, body } = await providerJson({
      url: joinUrl(options.baseUrl, pathFromRoot),
      method: form ? 'POST' : 'GET',
      form,
      headers: { authorization },
      timeoutMs: options.timeoutMs,
      notProcessed: twilioNotProcessed,
    });
    if (status < 400 && isObject(body)) return body;
    if (status === 404 && notFoundOk) return NOT_FOUND;
    if (status < 400) throw unusableAnswer(`unexpected answer (HTTP ${status})`);
    const twilioCode = isObject(body) ? lenientNumber(body.code) : undefined;
    const text = isObject(body) ? (asText(body.message) ?? asText(body.detail)) : undefined;
    throw fail(catalogueCode(status, twilioCode), twilioCode ?? `HTTP ${status}`, text);
  }

  async function sendOne(message: OutgoingSms): Promise<SendOutcome> {
    // Twilio wants E.164 with the '+'.
    const form = new URLSearchParams({ To: `+${message.to}`, Body: message.text });
    if (options.messagingServiceSid) form.set('MessagingServiceSid', options.messagingServiceSid);
    else if (options.from) form.set('From', options.from);
    else throw fail('sender_not_approved', undefined, 'neither From nor MessagingServiceSid configured');
    if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);
    const record = (await call('Messages.json', form)) as Json;
    const sid = asText(record.sid);
    if (!sid) throw unusableAnswer('message answer without a sid');
    const outcome: SendOutcome = {
      to: message.to,
      ok: true,
      providerMessageId: sid,
      status: TWILIO_STATES[asText(record.status) ?? ''] ?? 'queued',
    };
    const parts = lenientNumber(record.num_segments);
    if (parts !== undefined) outcome.parts = parts;
    const cost = twilioPrice(record.price);
    if (cost !== undefined) outcome.cost = cost;
    return outcome;
  }

  async function balance(): Promise<Balance> {
    const reply = (await call('Balance.json')) as Json;
    // Twilio states the currency with the balance; USD is the account default if it ever were missing.
    return { balance: balanceIn(reply), currency: (asText(reply.currency) ?? 'USD').toUpperCase() };
  }

  async function statusOf(sid: string): Promise<StatusUpdate | undefined> {
    if (!/^[A-Za-z0-9]+$/.test(sid)) return undefined;
    const record = await call(`Messages/${sid}.json`, undefined, true);
    if (record === NOT_FOUND) return undefined;
    return twilioUpdate(sid, record.status, record.error_code, record.error_message, record.price);
  }

  /**
   * The Messages to the number sent since the attempt, matched by sender, body and creation time. Found once:
   * sent. Not found: unknown, never "not sent" - `DateSent` leaves out Messages still queued (their
   * `date_sent` is empty until Twilio hands them on) and Twilio promises nothing about how soon a new
   * Message shows in the list.
   */
  async function lookupOne(query: LookupQuery): Promise<LookupResult> {
    const filter = messagesListFilter(query, (options.clock ?? systemClock).now(), sender, LOOKUP_PAGE_SIZE);
    let path: string | undefined = `${accountPath}/Messages.json?${filter}`;
    const matches: string[] = [];
    for (let pages = 0; pages < LOOKUP_MAX_PAGES && path; pages++) {
      const page = listPage((await request(path)) as Json);
      if (!page) return unknownFate(query);
      for (const record of page.messages) {
        const sid = asText(record.sid);
        if (sid && isTheAttempt(record, query, sender)) matches.push(sid);
      }
      if (!page.nextPageUri) {
        const sid = onlyOne(matches);
        return sid ? sentAs(query, sid) : unknownFate(query);
      }
      path = followable(page.nextPageUri);
    }
    // More pages than are read, or a next page that is not this account's Messages list: not all was seen.
    return unknownFate(query);
  }

  /** Twilio's `next_page_uri` is a path from the API root; only this account's Messages list is followed. */
  const followable = (uri: string): string | undefined => (uri.startsWith(`/${accountPath}/Messages.json?`) ? uri.slice(1) : undefined);

  const provider: SmsProvider = {
    id: 'twilio',
    name: 'Twilio',
    capabilities: TWILIO_CAPABILITIES,

    send: (messages) => sendOneByOne(messages, sendOne),

    balance,
    check: checkThroughBalance(balance),
    status: (ids) => statusOneByOne(ids, statusOf),
    lookup: (queries) => lookupOneByOne(queries, lookupOne),

    parseCallback(request: CallbackRequest): CallbackResult {
      const fields = new URLSearchParams(request.body);
      const read = (name: string): string | undefined => fields.get(name) ?? request.query[name];
      const updates: StatusUpdate[] = [];
      const sid = read('MessageSid') ?? read('SmsSid');
      const update = sid ? twilioUpdate(sid, read('MessageStatus') ?? read('SmsStatus'), read('ErrorCode'), undefined, undefined) : undefined;
      if (update) updates.push(update);
      // Twilio only needs a 2xx for a status callback.
      return { updates, reply: { status: 200, body: EMPTY_TWIML, contentType: 'text/xml; charset=utf-8' } };
    },

    parseInbound: (request) => parseTwilioInbound(options.authToken, request),
  };
  // The AccountSid is half of the credential pair (and in the URL of every request): kept out as well.
  return keepingSecrets(provider, [options.accountSid, options.authToken, basicAuthPair(options.accountSid, options.authToken)]);
}

/** Twilio's `price` is negative (money spent) and filled in late: its absolute value, only when present. */
function twilioPrice(raw: unknown): number | undefined {
  const value = lenientNumber(raw);
  return value === undefined ? undefined : Math.abs(value);
}

function twilioUpdate(sid: string, rawStatus: unknown, rawErrorCode: unknown, rawErrorMessage: unknown, rawPrice: unknown): StatusUpdate | undefined {
  const word = asText(rawStatus)?.toLowerCase();
  if (!word) return undefined;
  const update: StatusUpdate = { providerMessageId: sid, status: TWILIO_STATES[word] ?? 'unknown', providerStatus: word };
  const errorCode = lenientNumber(rawErrorCode);
  if (errorCode) {
    const words = asText(rawErrorMessage) ?? DELIVERY_ERRORS[errorCode] ?? 'error';
    update.errorText = `${errorCode} ${words}`;
  } else if (update.status === 'failed') {
    update.errorText = word;
  }
  const cost = twilioPrice(rawPrice);
  if (cost !== undefined) update.cost = cost;
  return update;
}
