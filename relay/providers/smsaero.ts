import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { ProviderCapabilities } from '../../shared/providers';
import type { MessageStatus } from '../../shared/status';
import { basicAuth, basicAuthPair, joinUrl, lenientNumber, providerJson } from './http';
import { asText, balanceIn, isObject, readCallbackRecords, refusal as fail, sendOneByOne, statusOneByOne, type Json } from './adapter-kit';
import { keepingSecrets, type SecretKeeping } from './keep-secrets';
import { lookupOneByOne, notSentOnceSettled, onlyOne, sentAs, unknownFate, type LookupOptions } from './lookup-kit';
import { isTheAttempt, listPage, smsListFilter, smsListPath } from './smsaero-lookup';
import { smsAeroStopList } from './smsaero-stop-list';
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
 * SMS Aero API v2 (smsaero.ru/integration/documentation/api). `baseUrl` is the API root including `/v2`
 * (the registry's default is https://gate.smsaero.ru/v2). HTTP Basic auth with email:apiKey; every answer is
 * the envelope `{success, data, message}`.
 */
export interface SmsAeroOptions extends HttpProviderOptions, LookupOptions {
  email: string;
  apiKey: string;
  /** Sender signature; SMS Aero's shared signature "SMS Aero" when absent (as its own SDKs do). */
  sign?: string;
  /** Where SMS Aero should report delivery statuses. */
  callbackUrl?: string;
}

const DEFAULT_SIGN = 'SMS Aero';

export const SMSAERO_CAPABILITIES: ProviderCapabilities = {
  // No cost-preview method exists: the price is known only after sending (in the send answer).
  cost: false,
  balance: true,
  check: true,
  statusPoll: true,
  callbacks: true,
  // sms/send takes one text for `number` or `numbers[]`, and how one bad number in `numbers[]` is answered is
  // not documented: one message per call keeps every error and id tied to one recipient.
  batchSize: 1,
  // The docs found state no part limit; 6 parts (918 GSM-7 / 402 UCS-2 characters) is the conservative reading.
  maxParts: 6,
  lookup: true,
  // blacklist/add, blacklist/list, blacklist/delete.
  stopList: 'sync',
  // API v2 has no inbound messages.
  replies: false,
};

/** SMS Aero v2 message states (`status` in sms/send, sms/status and callbacks). */
const AERO_STATES: Record<number, MessageStatus> = {
  0: 'queued', // queue
  1: 'delivered', // delivery
  2: 'failed', // delivery error
  3: 'sent', // transferred to the operator
  4: 'sent', // waiting for the operator's status
  6: 'failed', // rejected
  8: 'queued', // on moderation
};

/** What `call` returns instead of throwing when the caller accepts a "not found" answer. */
const NOT_FOUND = Symbol('not found');

/**
 * SMS Aero's v2 documentation words refusals in the `{success: false, message}` envelope and gives no 5xx a
 * meaning, so none proves "not processed". (Its own SDKs move on to the next gate after a 5xx, sms/send
 * included: a habit of the client, not a promise of the server.)
 */
export const smsAeroNotProcessed = (_status: number, _text: string): boolean => false;

/** Pages of sms/list read for one lookup at most. */
const LOOKUP_MAX_PAGES = 5;

/**
 * SMS Aero v2 errors carry no numeric code, only an HTTP status and words (`message`, sometimes per-field
 * messages in `data`). The mapping reads both; anything unrecognised is "request rejected".
 */
function catalogueCode(httpStatus: number, message: string, fields: string): ProviderErrorCode {
  const words = `${message} ${fields}`;
  if (httpStatus === 401 || httpStatus === 403 || /credential|unauthori[sz]ed|authenticat|авториз/i.test(message)) return 'auth_failed';
  if (httpStatus === 402 || /insufficient|not enough|no money|no credits|недостаточно|balance|баланс/i.test(words)) {
    return 'insufficient_funds';
  }
  if (httpStatus === 429 || /too many|rate limit|слишком част/i.test(words)) return 'limit_reached';
  if (/\bsign\b|signature|подпис/i.test(words)) return 'sender_not_approved';
  if (/number|phone|номер|телефон/i.test(words)) return 'invalid_number';
  if (/\btext\b|текст/i.test(words)) return 'text_rejected';
  return 'request_rejected';
}

export function createSmsAeroProvider(options: SmsAeroOptions): SecretKeeping {
  const authorization = basicAuth(options.email, options.apiKey);

  /** POSTs JSON to one method and returns `data`; throws for transport failures and `success: false`. */
  async function call(method: string, json: Json = {}, notFoundOk = false): Promise<unknown> {
    const { status, body } = await providerJson({
      url: joinUrl(options.baseUrl, method),
      method: 'POST',
      json,
      headers: { authorization },
      timeoutMs: options.timeoutMs,
      notProcessed: smsAeroNotProcessed,
    });
    if (isObject(body) && body.success === true && status < 400) return body.data;
    const message = isObject(body) ? (asText(body.message) ?? '') : '';
    const data = isObject(body) ? body.data : undefined;
    const fields = isObject(data) ? JSON.stringify(data) : '';
    if (notFoundOk && (status === 404 || /not found|не найден/i.test(message))) return NOT_FOUND;
    if (status < 400 && (!isObject(body) || body.success !== false)) throw unusableAnswer(`unexpected answer (HTTP ${status})`);
    if (!isObject(body)) throw fail('service_unavailable', `HTTP ${status}`, 'unexpected answer');
    const detail = [message, fields].filter(Boolean).join(' ');
    throw fail(catalogueCode(status, message, fields), `HTTP ${status}`, detail || undefined);
  }

  async function sendOne(message: OutgoingSms): Promise<SendOutcome> {
    const json: Json = { number: message.to, text: message.text, sign: options.sign ?? DEFAULT_SIGN };
    if (options.callbackUrl) json.callbackUrl = options.callbackUrl;
    const data = await call('sms/send', json);
    // With one `number` the answer is one object; tolerate a one-element list too.
    const record = Array.isArray(data) ? data.find(isObject) : data;
    const id = isObject(record) ? asText(record.id) : undefined;
    if (!isObject(record) || !id) throw unusableAnswer('send answer without an id');
    const outcome: SendOutcome = { to: message.to, ok: true, providerMessageId: id, status: aeroStatus(record.status) ?? 'queued' };
    const cost = lenientNumber(record.cost);
    if (cost !== undefined) outcome.cost = cost;
    return outcome;
  }

  async function statusOf(providerMessageId: string): Promise<StatusUpdate | undefined> {
    const id = Number(providerMessageId);
    if (!Number.isSafeInteger(id)) return undefined;
    const data = await call('sms/status', { id }, true);
    if (data === NOT_FOUND) return undefined;
    return isObject(data) ? aeroUpdate(providerMessageId, data) : undefined;
  }

  /**
   * Every page of the messages to the number with this text, matched on the creation time. Found once: sent.
   * Not on any page: not sent (once the attempt has settled) - the list is SMS Aero's record of what it took.
   */
  async function lookupOne(query: LookupQuery): Promise<LookupResult> {
    const matches: string[] = [];
    for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
      const listed = listPage(await call(smsListPath(page), smsListFilter(query)));
      if (!listed) return unknownFate(query);
      for (const record of listed.messages) {
        const id = asText(record.id);
        if (id && isTheAttempt(record, query)) matches.push(id);
      }
      if (listed.hasNext) continue;
      if (matches.length === 0) return notSentOnceSettled(query, options);
      const id = onlyOne(matches);
      return id ? sentAs(query, id) : unknownFate(query);
    }
    // More pages than are read: not all was seen.
    return unknownFate(query);
  }

  const provider: SmsProvider = {
    id: 'smsaero',
    name: 'SMS Aero',
    capabilities: SMSAERO_CAPABILITIES,

    send: (messages) => sendOneByOne(messages, sendOne),

    async balance(): Promise<Balance> {
      return { balance: balanceIn(await call('balance')), currency: 'RUB' };
    },

    async check(): Promise<void> {
      await call('auth');
    },

    status: (ids) => statusOneByOne(ids, statusOf),
    lookup: (queries) => lookupOneByOne(queries, lookupOne),

    parseCallback(request: CallbackRequest): CallbackResult {
      const updates: StatusUpdate[] = [];
      for (const record of readCallbackRecords(request)) {
        const id = asText(record.id);
        const update = id ? aeroUpdate(id, record) : undefined;
        if (update) updates.push(update);
      }
      // The docs found only say SMS Aero waits for HTTP 200; the body is not read. 200 for unreadable ones too.
      return { updates, reply: { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } };
    },

    ...smsAeroStopList(async (method, json, notFoundOk) => {
      const data = await call(method, json, notFoundOk);
      return data === NOT_FOUND ? null : data;
    }),
  };
  return keepingSecrets(provider, [options.email, options.apiKey, basicAuthPair(options.email, options.apiKey)]);
}

function aeroStatus(raw: unknown): MessageStatus | undefined {
  const code = lenientNumber(raw);
  if (code === undefined) return undefined;
  return AERO_STATES[code] ?? 'unknown';
}

function aeroUpdate(providerMessageId: string, record: Json): StatusUpdate | undefined {
  const status = aeroStatus(record.status);
  if (!status) return undefined;
  const word = asText(record.extendStatus);
  const update: StatusUpdate = { providerMessageId, status, providerStatus: word ? `${asText(record.status)} ${word}` : asText(record.status) };
  const cost = lenientNumber(record.cost);
  if (cost !== undefined) update.cost = cost;
  if (status === 'failed') update.errorText = word ?? `status ${asText(record.status)}`;
  return update;
}
