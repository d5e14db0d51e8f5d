import type { BalanceView, CheckView, ContactSnapshot, CostView, ErrorBody, MessageView, SendMessageRequest } from '../../shared/api';
import type { ProviderInfo } from '../../shared/providers';
import type { Result, UiError } from '../messaging/protocol';
import { adapterRelayMethods } from './relay-adapters';
import { mailingRelayMethods } from './relay-mailings';
import { mapResult as map } from './result';

interface Sent {
  response: Response;
  text: string;
  base: string;
}

export interface CallOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export type ConditionalGet = <T>(
  path: string,
  etag: string | null,
  options?: CallOptions,
) => Promise<Result<{ unchanged: true } | { unchanged: false; value: T; etag: string | null }>>;

export interface RelayTarget {
  relayUrl: string;
  token: string;
}

const unreachable = (url: string, detail: { ru: string; en: string }): UiError => ({
  code: 'relay_unreachable',
  message: `The CRM SMS relay at ${url} cannot be reached (${detail.en}). Check that it is running and the address in the extension options`,
  messageRu: `Сервер CRM SMS по адресу ${url} недоступен (${detail.ru}). Проверьте, что он запущен, и адрес в настройках расширения`,
});

const NO_ANSWER = { ru: 'нет ответа вовремя', en: 'no answer in time' };
const NO_CONNECTION = { ru: 'нет соединения', en: 'connection failed' };

/**
 * The one way the extension talks to the relay (used by the background only). Every answer is a
 * Result: relay errors keep their code and words; a relay that cannot be reached says so.
 */
export function createRelayClient(target: () => Promise<RelayTarget>, options: { timeoutMs?: number } = {}) {
  /** One request; a relay that cannot be reached (or no token) is an error result. */
  async function send(method: string, path: string, body: unknown, extra: CallOptions): Promise<Result<Sent>> {
    const { relayUrl, token } = await target();
    const base = relayUrl.replace(/\/+$/, '');
    if (!token) {
      return { ok: false, error: { code: 'no_token', message: 'No access token: paste yours in the extension options', messageRu: 'Не указан токен доступа: укажите его в настройках расширения' } };
    }
    try {
      const response = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(extra.timeoutMs ?? options.timeoutMs ?? 30_000),
      });
      return { ok: true, value: { response, text: await response.text(), base } };
    } catch (error) {
      const name = (error as Error).name;
      return { ok: false, error: unreachable(base, name === 'TimeoutError' ? NO_ANSWER : NO_CONNECTION) };
    }
  }

  /** The answer's JSON, or the relay's refusal in its own words. */
  function answerOf<T>({ response, text, base }: Sent): Result<T> {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      return { ok: false, error: unreachable(base, { ru: `HTTP ${response.status}, это не ответ сервера CRM SMS`, en: `HTTP ${response.status}, not a CRM SMS relay answer` }) };
    }
    if (!response.ok) {
      const error = (parsed as ErrorBody | undefined)?.error;
      return {
        ok: false,
        error: {
          code: error?.code ?? `http_${response.status}`,
          message: error?.message ?? `The relay answered HTTP ${response.status}`,
          messageRu: error?.messageRu ?? error?.message ?? `Сервер ответил HTTP ${response.status}`,
          ...(error?.field ? { field: error.field } : {}),
        },
      };
    }
    return { ok: true, value: parsed as T };
  }

  /** JSON in, JSON out; `as: 'text'` keeps a successful answer as text (CSV exports). */
  async function call<T>(method: string, path: string, body?: unknown, as: 'json' | 'text' = 'json'): Promise<Result<T>> {
    const sent = await send(method, path, body, {});
    if (!sent.ok) return sent;
    if (sent.value.response.ok && as === 'text') return { ok: true, value: sent.value.text as T };
    return answerOf<T>(sent.value);
  }

  /** A GET revalidated by its ETag: `unchanged` when the relay answers 304. */
  const getIfChanged: ConditionalGet = async <T>(path: string, etag: string | null, extra: CallOptions = {}) => {
    const sent = await send('GET', path, undefined, { ...extra, headers: { ...extra.headers, ...(etag ? { 'if-none-match': etag } : {}) } });
    if (!sent.ok) return sent;
    if (sent.value.response.status === 304) return { ok: true, value: { unchanged: true as const } };
    const answer = answerOf<T>(sent.value);
    return answer.ok ? { ok: true, value: { unchanged: false as const, value: answer.value, etag: sent.value.response.headers.get('etag') } } : answer;
  };

  return {
    ...mailingRelayMethods(call),
    ...adapterRelayMethods(call, getIfChanged),
    provider: () => call<ProviderInfo & { notSupportedText: { ru: string; en: string } }>('GET', '/api/provider'),
    checkConnection: () => call<CheckView>('POST', '/api/provider/check'),
    balance: () => call<BalanceView>('GET', '/api/provider/balance'),
    cost: (request: { to: string; text: string }) => call<CostView>('POST', '/api/cost', request),
    sendMessage: (request: SendMessageRequest) => call<MessageView>('POST', '/api/messages', request),
    listMessages: async (crmId: string) =>
      map(await call<{ messages: MessageView[] }>('GET', `/api/messages?contactId=${encodeURIComponent(crmId)}`), (v) => v.messages),
    upsertContact: async (crmId: string, snapshot: ContactSnapshot) =>
      map(await call<{ changed: boolean }>('PUT', `/api/contacts/${encodeURIComponent(crmId)}`, snapshot), (v) => ({ changed: v.changed })),
  };
}

export type RelayClient = ReturnType<typeof createRelayClient>;
export type RelayCall = <T>(method: string, path: string, body?: unknown, as?: 'json' | 'text') => Promise<Result<T>>;

