import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { MessageStatus } from '../../shared/status';
import { balanceIn } from './adapter-kit';
import { joinUrl, lenientNumber, providerJson } from './http';
import { keepingSecrets, type SecretKeeping } from './keep-secrets';
import { ProviderError } from './provider-error';
import { smsRuStopList } from './smsru-stop-list';
import type { OutgoingSms, SendOutcome, SmsProvider, StatusUpdate } from './types';

export interface SmsRuOptions {
  baseUrl: string;
  timeoutMs: number;
  apiId: string;
  /** Approved sender name; the account default when absent. */
  from?: string;
  /** SMS.ru's test mode: nothing is sent or charged. */
  test?: boolean;
}

interface SmsRuReply {
  status?: string;
  status_code?: number | string;
  status_text?: string;
}
interface SmsRuPerNumber extends SmsRuReply {
  sms_id?: string;
  cost?: number | string;
  sms?: number | string;
}
interface SmsRuBatchReply extends SmsRuReply {
  sms?: Record<string, SmsRuPerNumber>;
  balance?: number | string;
  total_cost?: number | string;
  total_sms?: number | string;
}

const ERROR_CODES: Record<number, ProviderErrorCode> = {
  200: 'auth_failed',
  300: 'auth_failed',
  301: 'auth_failed',
  302: 'auth_failed',
  201: 'insufficient_funds',
  202: 'invalid_number',
  203: 'text_rejected',
  216: 'text_rejected',
  217: 'text_rejected',
  204: 'sender_not_approved',
  221: 'sender_not_approved',
  205: 'text_too_long',
  206: 'limit_reached',
  207: 'no_route',
  550: 'no_route',
  209: 'opted_out', // "number in your stop-list": the account's own list, as Twilio's 21610 is its opt-out
  214: 'number_blocked',
  215: 'number_blocked',
  220: 'service_unavailable',
  500: 'service_unavailable',
  230: 'number_limit',
  231: 'number_limit',
  232: 'number_limit',
  233: 'number_limit',
};

/** Message state codes (sms/status and callbacks) onto ours; -1 "not found" is left out. */
const STATUS_CODES: Record<number, MessageStatus> = {
  100: 'queued',
  101: 'sent',
  102: 'sent',
  103: 'delivered',
  110: 'delivered',
  104: 'failed',
  105: 'failed',
  106: 'failed',
  107: 'failed',
  108: 'failed',
  150: 'failed',
};

const CURRENCY = 'RUB';

function errorFor(reply: SmsRuReply): ProviderError {
  const code = lenientNumber(reply.status_code) ?? 0;
  const mapped = ERROR_CODES[code] ?? (code >= 501 && code <= 508 ? 'blocked_by_provider' : 'request_rejected');
  return new ProviderError(mapped, { providerCode: code, providerText: reply.status_text });
}

const isOk = (reply: SmsRuReply | undefined): boolean => reply?.status === 'OK';

/** SMS.ru's own refusal (status ERROR with a code): per its documentation, that request or number was not executed. */
const isRefusal = (reply: SmsRuReply | undefined): boolean => reply?.status === 'ERROR' && lenientNumber(reply.status_code) !== undefined;

/**
 * An HTTP 5xx carrying SMS.ru's own refusal came from SMS.ru and says it did nothing; any other 5xx (a proxy's
 * page, an empty body) says nothing about whether the request was executed.
 */
function refusedBySmsRu(_status: number, text: string): boolean {
  try {
    return isRefusal(JSON.parse(text) as SmsRuReply);
  } catch {
    return false;
  }
}

/** A JSON answer that is neither OK nor SMS.ru's refusal: whatever the request did is not known. */
const notAnAnswer = (what: string) => new ProviderError('service_unavailable', { providerText: `${what} is not an SMS.ru answer`, outcomeUnknown: true });

/** SMS.ru (https://sms.ru/api), the manual's provider, spoken in its `json=1` dialect. */
export function createSmsRuProvider(options: SmsRuOptions): SecretKeeping {
  async function call<T extends SmsRuReply>(method: string, params: Record<string, string> = {}): Promise<T> {
    const form = new URLSearchParams({ api_id: options.apiId, json: '1', ...params });
    const { body } = await providerJson({ url: joinUrl(options.baseUrl, method), form, timeoutMs: options.timeoutMs, notProcessed: refusedBySmsRu });
    const reply = (body ?? {}) as T;
    if (isOk(reply)) return reply;
    throw isRefusal(reply) ? errorFor(reply) : notAnAnswer('the answer');
  }

  /** One text for all: `to=a,b&msg=…`; personal texts: `to[a]=…&to[b]=…`. */
  function messageParams(messages: OutgoingSms[]): Record<string, string> {
    const params: Record<string, string> = {};
    const firstText = messages[0]?.text;
    if (messages.every((m) => m.text === firstText)) {
      params.to = messages.map((m) => m.to).join(',');
      params.msg = firstText ?? '';
    } else {
      for (const m of messages) params[`to[${m.to}]`] = m.text;
    }
    if (options.from) params.from = options.from;
    if (options.test) params.test = '1';
    return params;
  }

  const provider: SmsProvider = {
    id: 'smsru',
    name: 'SMS.ru',
    capabilities: {
      cost: true,
      balance: true,
      check: true,
      statusPoll: true,
      callbacks: true,
      batchSize: 100,
      maxParts: 8,
      lookup: false,
      stopList: 'sync',
      replies: false,
    },

    async send(messages) {
      const reply = await call<SmsRuBatchReply>('sms/send', messageParams(messages));
      return messages.map((m): SendOutcome => {
        const entry = reply.sms?.[m.to];
        if (!entry) {
          // The request was taken but this number is not in the answer: its fate is not known.
          return { to: m.to, ok: false, error: new ProviderError('request_rejected', { providerText: 'number missing from the answer', outcomeUnknown: true }) };
        }
        if (isRefusal(entry)) return { to: m.to, ok: false, error: errorFor(entry) };
        if (!isOk(entry) || !entry.sms_id) return { to: m.to, ok: false, error: notAnAnswer('the entry for this number') };
        const outcome: SendOutcome = { to: m.to, ok: true, providerMessageId: entry.sms_id, status: 'queued' };
        const cost = lenientNumber(entry.cost);
        const parts = lenientNumber(entry.sms);
        if (cost !== undefined) Object.assign(outcome, { cost, currency: CURRENCY });
        if (parts !== undefined) outcome.parts = parts;
        return outcome;
      });
    },

    async cost(messages) {
      const reply = await call<SmsRuBatchReply>('sms/cost', messageParams(messages));
      const perRecipient = messages.map((m) => {
        const entry = reply.sms?.[m.to];
        if (entry && !isOk(entry)) throw errorFor(entry);
        return { to: m.to, cost: lenientNumber(entry?.cost) ?? 0, parts: lenientNumber(entry?.sms) ?? 0 };
      });
      return {
        cost: lenientNumber(reply.total_cost) ?? perRecipient.reduce((sum, r) => sum + r.cost, 0),
        parts: lenientNumber(reply.total_sms) ?? perRecipient.reduce((sum, r) => sum + r.parts, 0),
        currency: CURRENCY,
        perRecipient,
      };
    },

    async balance() {
      return { balance: balanceIn(await call('my/balance')), currency: CURRENCY };
    },

    async check() {
      await call('auth/check');
    },

    async status(ids) {
      const reply = await call<SmsRuBatchReply>('sms/status', { sms_id: ids.join(',') });
      const updates: StatusUpdate[] = [];
      for (const id of ids) {
        const entry = reply.sms?.[id];
        const code = lenientNumber(entry?.status_code);
        const status = code === undefined ? undefined : STATUS_CODES[code];
        if (!entry || !status) continue;
        const update: StatusUpdate = { providerMessageId: id, status, providerStatus: String(code) };
        const cost = lenientNumber(entry.cost);
        if (cost !== undefined) Object.assign(update, { cost, currency: CURRENCY });
        if (status === 'failed' && entry.status_text) update.errorText = entry.status_text;
        updates.push(update);
      }
      return updates;
    },

    parseCallback(request) {
      const form = new URLSearchParams(request.body);
      const updates: StatusUpdate[] = [];
      for (const [key, value] of form) {
        if (!/^data\[\d+\]$/.test(key)) continue;
        const [kind, id, codeText] = value.split('\n').map((line) => line.trim());
        const code = lenientNumber(codeText);
        const status = code === undefined ? undefined : STATUS_CODES[code];
        if (kind === 'sms_status' && id && status) updates.push({ providerMessageId: id, status, providerStatus: String(code) });
      }
      // SMS.ru repeats a callback until it is answered with "100", whatever we made of it.
      return { updates, reply: { status: 200, body: '100', contentType: 'text/plain' } };
    },

    ...smsRuStopList((method, params) => call<SmsRuReply & Record<string, unknown>>(method, params)),
  };
  return keepingSecrets(provider, [options.apiId]);
}
