import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { ProviderCapabilities } from '../../shared/providers';
import type { MessageStatus } from '../../shared/status';
import { joinUrl, lenientNumber, providerJson } from './http';
import { asText, balanceIn, checkThroughBalance, isObject, readCallbackRecords, refusal as fail, sendOneByOne, statusOneByOne, type Json } from './adapter-kit';
import { keepingSecrets, type SecretKeeping } from './keep-secrets';
import { lookupOneByOne, notSentOnceSettled, sentAs, unknownFate, type LookupOptions } from './lookup-kit';
import { smscIdForRef } from './smsc-client-id';
import { parseSmscInbound } from './smsc-inbound';
import { unusableAnswer } from './unusable-answer';
import type {
  Balance,
  CallbackRequest,
  CallbackResult,
  CostEstimate,
  HttpProviderOptions,
  LookupQuery,
  LookupResult,
  OutgoingSms,
  SendOutcome,
  SmsProvider,
  StatusUpdate,
} from './types';

/**
 * SMSC.ru (smsc.ru/api/http): `sys/send.php`, `sys/balance.php`, `sys/status.php`, answers in JSON with
 * `fmt=3`. Credentials travel in the POST body (never in the URL), as `login`+`psw` or as `apikey`.
 * A message's reference goes to SMSC as its client-chosen `id`, so status.php can say later whether SMSC has it.
 */
export interface SmscOptions extends HttpProviderOptions, LookupOptions {
  login: string;
  password?: string;
  /** Used instead of login+password when set (SMSC's "API key" authorisation). */
  apiKey?: string;
  /** Approved sender name; SMSC uses the account default when absent. */
  sender?: string;
}

/** SMSC refuses `mes` longer than 1000 characters. */
const MAX_TEXT_CHARS = 1000;

export const SMSC_CAPABILITIES: ProviderCapabilities = {
  cost: true,
  balance: true,
  check: true,
  statusPoll: true,
  callbacks: true,
  // One send.php call carries one text (to one or many phones); per-recipient texts and per-phone errors in
  // a multi-phone call are not documented clearly enough, so each message gets its own call: every error and
  // every id then belongs to exactly one recipient.
  batchSize: 1,
  // 1000 characters at most: 6 parts fit in 1000 characters in both encodings (6×153 = 918 GSM-7 septets,
  // 6×67 = 402 UCS-2 units), while a 7-part GSM-7 text could exceed the cap.
  maxParts: 6,
  lookup: true,
  stopList: 'none',
  // Messages to the account's receive numbers come to POST /inbound/smsc/<secret>.
  replies: true,
};

/** SMSC message states (status.php `status`, callback `status`). -3 "not found" is handled separately. */
const SMSC_STATES: Record<number, { status: MessageStatus; text: string }> = {
  [-2]: { status: 'failed', text: 'stopped' },
  [-1]: { status: 'queued', text: 'waiting to be sent' },
  0: { status: 'sent', text: 'passed to the operator' },
  1: { status: 'delivered', text: 'delivered' },
  2: { status: 'delivered', text: 'read' },
  3: { status: 'failed', text: 'expired' },
  4: { status: 'delivered', text: 'delivered, link clicked' },
  20: { status: 'failed', text: 'cannot be delivered' },
  22: { status: 'failed', text: 'wrong number' },
  23: { status: 'failed', text: 'prohibited' },
  24: { status: 'failed', text: 'insufficient funds' },
  25: { status: 'failed', text: 'number unavailable' },
};
const SMSC_NOT_FOUND = -3;
/** status.php about one message answers error 3 "message not found" (-3 is the state in a multi-id answer). */
const SMSC_STATUS_NOT_FOUND_ERROR = 3;

/** What a status question answers when SMSC has no such message. */
const NOT_FOUND = Symbol('not found');

/**
 * SMSC words every answer, errors included, as an HTTP 200 body (`{"error", "error_code"}`); it documents no
 * 5xx, so none proves that a request was not processed.
 */
export const smscNotProcessed = (_status: number, _text: string): boolean => false;

type Context = 'send' | 'cost' | 'account' | 'status';

/** SMSC `error_code` → catalogue. The same codes come from send.php, balance.php and status.php. */
function catalogueCode(code: number | undefined, context: Context): ProviderErrorCode {
  switch (code) {
    case 1: // bad parameters
    case 5: // bad date format (not used by us)
      return 'request_rejected';
    case 2: // wrong login/password/apikey, or IP not in the allowed list
      return 'auth_failed';
    case 3: // on status.php "message not found", read before this mapping
      return 'insufficient_funds';
    case 4: // IP temporarily blocked after frequent errors
      return 'blocked_by_provider';
    case 6: // "message forbidden (by text or sender name)": the docs do not say which; the text is the safe reading
      return 'text_rejected';
    case 7:
      return 'invalid_number';
    case 8:
      return 'no_route';
    case 9:
      // On send.php: the same message to the same number more than once a minute. Elsewhere: too many
      // requests (balance more than 10/min, too many concurrent connections).
      return context === 'send' ? 'number_limit' : 'limit_reached';
    default:
      return 'request_rejected';
  }
}

export function createSmscProvider(options: SmscOptions): SecretKeeping {
  function authParams(form: URLSearchParams): void {
    if (options.apiKey) {
      form.set('apikey', options.apiKey);
    } else if (options.password) {
      form.set('login', options.login);
      form.set('psw', options.password);
    } else {
      throw fail('auth_failed', undefined, 'no password or API key configured');
    }
  }

  /** One POST to SMSC: its JSON answer, or an error for transport failures and SMSC error answers. */
  async function post(path: string, params: Record<string, string>, context: Context): Promise<Json | typeof NOT_FOUND> {
    const form = new URLSearchParams();
    authParams(form);
    form.set('fmt', '3');
    form.set('charset', 'utf-8');
    for (const [key, value] of Object.entries(params)) form.set(key, value);
    const { status, body } = await providerJson({
      url: joinUrl(options.baseUrl, path),
      method: 'POST',
      form,
      timeoutMs: options.timeoutMs,
      notProcessed: smscNotProcessed,
    });
    if (isObject(body) && (body.error_code !== undefined || body.error !== undefined)) {
      const code = lenientNumber(body.error_code);
      if (context === 'status' && code === SMSC_STATUS_NOT_FOUND_ERROR) return NOT_FOUND;
      throw fail(catalogueCode(code, context), code ?? asText(body.error_code), asText(body.error));
    }
    if (status === 401 || status === 403) throw fail('auth_failed', `HTTP ${status}`);
    if (status >= 400) throw fail('service_unavailable', `HTTP ${status}`, 'unexpected answer');
    if (!isObject(body)) throw unusableAnswer(`unexpected answer (HTTP ${status})`);
    return body;
  }

  async function call(path: string, params: Record<string, string>, context: Exclude<Context, 'status'>): Promise<Json> {
    return (await post(path, params, context)) as Json;
  }

  /** status.php about one message; NOT_FOUND when SMSC has none with this id for this phone. */
  async function askStatus(id: string, phone: string): Promise<Json | typeof NOT_FOUND> {
    const reply = await post('sys/status.php', { id, phone }, 'status');
    return reply !== NOT_FOUND && lenientNumber(reply.status) === SMSC_NOT_FOUND ? NOT_FOUND : reply;
  }

  async function sendOne(message: OutgoingSms): Promise<SendOutcome> {
    if (message.text.length > MAX_TEXT_CHARS) {
      return { to: message.to, ok: false, error: fail('text_too_long', undefined, `more than ${MAX_TEXT_CHARS} characters`) };
    }
    const params: Record<string, string> = { phones: message.to, mes: message.text, cost: '3' };
    if (options.sender) params.sender = options.sender;
    if (message.ref) params.id = smscIdForRef(message.ref);
    const reply = await call('sys/send.php', params, 'send');
    const id = asText(reply.id);
    if (!id) throw unusableAnswer('send answer without an id');
    const outcome: SendOutcome = { to: message.to, ok: true, providerMessageId: smscMessageId(id, message.to), status: 'queued' };
    const cost = lenientNumber(reply.cost);
    const parts = lenientNumber(reply.cnt);
    if (cost !== undefined) outcome.cost = cost;
    if (parts !== undefined) outcome.parts = parts;
    return outcome;
  }

  async function statusOf(providerMessageId: string): Promise<StatusUpdate | undefined> {
    const parsed = parseSmscMessageId(providerMessageId);
    if (!parsed) return undefined;
    const reply = await askStatus(parsed.id, parsed.phone);
    return reply === NOT_FOUND ? undefined : smscUpdate(providerMessageId, reply.status, reply.err, undefined);
  }

  /** By the reference the message was sent with: SMSC either has a message with that id for the phone or not. */
  async function lookupOne(query: LookupQuery): Promise<LookupResult> {
    if (!query.ref) return unknownFate(query);
    const id = smscIdForRef(query.ref);
    const reply = await askStatus(id, query.to);
    if (reply === NOT_FOUND) return notSentOnceSettled(query, options);
    return lenientNumber(reply.status) === undefined ? unknownFate(query) : sentAs(query, smscMessageId(id, query.to));
  }

  async function balance(): Promise<Balance> {
    return { balance: balanceIn(await call('sys/balance.php', {}, 'account')), currency: 'RUB' };
  }

  const provider: SmsProvider = {
    id: 'smsc',
    name: 'SMSC.ru',
    capabilities: SMSC_CAPABILITIES,

    send: (messages) => sendOneByOne(messages, sendOne),

    async cost(messages: OutgoingSms[]): Promise<CostEstimate> {
      const perRecipient: CostEstimate['perRecipient'] = [];
      for (const message of messages) {
        // cost=1: SMSC prices the message and sends nothing.
        const reply = await call('sys/send.php', { phones: message.to, mes: message.text, cost: '1' }, 'cost');
        perRecipient.push({ to: message.to, cost: lenientNumber(reply.cost) ?? 0, parts: lenientNumber(reply.cnt) ?? 0 });
      }
      return {
        cost: roundMoney(perRecipient.reduce((sum, entry) => sum + entry.cost, 0)),
        currency: 'RUB',
        parts: perRecipient.reduce((sum, entry) => sum + entry.parts, 0),
        perRecipient,
      };
    },

    balance,
    check: checkThroughBalance(balance),
    // One request per message: the multi-id answer format of status.php is not documented clearly enough.
    status: (ids) => statusOneByOne(ids, statusOf),
    lookup: (queries) => lookupOneByOne(queries, lookupOne),

    parseCallback(request: CallbackRequest): CallbackResult {
      const updates = readCallbackRecords(request)
        .map(statusRecordUpdate)
        .filter((update): update is StatusUpdate => update !== undefined);
      // SMSC only needs an HTTP 200 to stop re-sending the notification (the body is not read); answering 200
      // to an unreadable notification too, since sending it again would not make it readable.
      return { updates, reply: { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } };
    },

    parseInbound: (request) => parseSmscInbound(request, statusRecordUpdate),
  };
  return keepingSecrets(provider, [options.login, options.password, options.apiKey]);
}

/** A delivery status record of SMSC's notifications (`id`, `phone`, `status`, `err`, `cost`). */
function statusRecordUpdate(record: Json): StatusUpdate | undefined {
  const id = asText(record.id);
  const phone = asText(record.phone)?.replace(/^\+/, '');
  return id && phone ? smscUpdate(smscMessageId(id, phone), record.status, record.err, record.cost) : undefined;
}

/** SMSC gives one id per send call and identifies a message by id + phone, so our id carries both. */
export const smscMessageId = (id: string, phone: string): string => `${id}:${phone}`;

function parseSmscMessageId(value: string): { id: string; phone: string } | undefined {
  const at = value.lastIndexOf(':');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { id: value.slice(0, at), phone: value.slice(at + 1) };
}

function smscUpdate(providerMessageId: string, rawStatus: unknown, rawErr: unknown, rawCost: unknown): StatusUpdate | undefined {
  const code = lenientNumber(rawStatus);
  if (code === undefined || code === SMSC_NOT_FOUND) return undefined;
  const state = SMSC_STATES[code];
  const update: StatusUpdate = { providerMessageId, status: state?.status ?? 'unknown', providerStatus: String(code) };
  const err = lenientNumber(rawErr);
  if (update.status === 'failed') {
    update.errorText = `${state?.text ?? 'failed'}${err ? ` (err ${err})` : ''}`;
  }
  const cost = lenientNumber(rawCost);
  if (cost !== undefined) update.cost = cost;
  return update;
}

const roundMoney = (value: number): number => Math.round(value * 10_000) / 10_000;
