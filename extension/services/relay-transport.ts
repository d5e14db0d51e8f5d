import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../relay/app';
import type { ErrorBody } from '../../shared/api';
import type { Result, UiError } from '../messaging/protocol';

/** The relay's /api routes as hono's typed client: paths, requests and answers come from the routes (type only: no relay code is bundled). */
export type RelayApi = ReturnType<typeof hc<AppType>>['api'];

/** Any answer of the typed client. */
export type RelayResponse = ClientResponse<unknown, number, string>;

/** What a call's successful answer carries, as its route types it (refusals are Results' errors). */
export type AnswerOf<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends SuccessStatusCode ? T : never) : never;

/** One call on the typed client, e.g. `(api) => api.mailings[':id'].$get({ param: { id } })`. */
export type RelayCall<R extends RelayResponse> = (api: RelayApi) => Promise<R>;

export interface CallOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface RelayTarget {
  relayUrl: string;
  token: string;
}

export interface TransportOptions {
  timeoutMs?: number;
  /** The fetch the background has (tests pass an app's own `request`). */
  fetch?: typeof fetch;
  /** Sent with every call (X-CRM-Site: the CRM page the calls are made for). */
  headers?: Record<string, string>;
}

export interface Sent<R> {
  response: R;
  text: string;
  base: string;
}

const unreachable = (url: string, detail: { ru: string; en: string }): UiError => ({
  code: 'relay_unreachable',
  message: `The CRM SMS relay at ${url} cannot be reached (${detail.en}). Check that it is running and the address in the extension options`,
  messageRu: `Сервер CRM SMS по адресу ${url} недоступен (${detail.ru}). Проверьте, что он запущен, и адрес в настройках расширения`,
});

const NO_ANSWER = { ru: 'нет ответа вовремя', en: 'no answer in time' };
const NO_CONNECTION = { ru: 'нет соединения', en: 'connection failed' };
const NO_TOKEN: Result<never> = {
  ok: false,
  error: {
    code: 'no_token',
    message: 'No access token: paste yours in the extension options',
    messageRu: 'Не указан токен доступа: укажите его в настройках расширения',
  },
};

/** Query values written as encodeURIComponent writes them (a space is %20, as the relay client always sent it). */
class ComponentEncodedQuery extends URLSearchParams {
  override toString(): string {
    return [...this].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  }
}

const queryOf = (query: Record<string, string | string[] | undefined>): URLSearchParams => {
  const params = new ComponentEncodedQuery();
  for (const [key, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) params.append(key, one);
  }
  return params;
};

/**
 * The one way the extension reaches the relay (the background only): a typed call, sent with the token
 * and a timeout. Every answer is a Result: no token, a relay that cannot be reached, or its refusal in its own words.
 */
export function createRelayTransport(target: () => Promise<RelayTarget>, options: TransportOptions = {}) {
  async function send<R extends RelayResponse>(call: RelayCall<R>, extra: CallOptions = {}): Promise<Result<Sent<R>>> {
    const { relayUrl, token } = await target();
    const base = relayUrl.replace(/\/+$/, '');
    if (!token) return NO_TOKEN;
    const timeoutMs = extra.timeoutMs ?? options.timeoutMs ?? 30_000;
    const api = hc<AppType>(base, {
      headers: { ...options.headers, ...extra.headers, authorization: `Bearer ${token}` },
      buildSearchParams: queryOf,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => (options.fetch ?? fetch)(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as typeof fetch,
    }).api;
    try {
      const response = await call(api);
      return { ok: true, value: { response, text: await response.text(), base } };
    } catch (error) {
      return { ok: false, error: unreachable(base, (error as Error).name === 'TimeoutError' ? NO_ANSWER : NO_CONNECTION) };
    }
  }

  /** The answer's JSON, or the relay's refusal in its own words. */
  function answerOf<R extends RelayResponse>({ response, text, base }: Sent<R>): Result<AnswerOf<R>> {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      return {
        ok: false,
        error: unreachable(base, { ru: `HTTP ${response.status}, это не ответ сервера CRM SMS`, en: `HTTP ${response.status}, not a CRM SMS relay answer` }),
      };
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
    return { ok: true, value: parsed as AnswerOf<R> };
  }

  return {
    /** JSON in, JSON out, typed by the route. */
    async json<R extends RelayResponse>(call: RelayCall<R>, extra?: CallOptions): Promise<Result<AnswerOf<R>>> {
      const sent = await send(call, extra);
      return sent.ok ? answerOf(sent.value) : sent;
    },
    /** A successful answer kept as the text it is (CSV exports); a refusal as `json` gives it. */
    async text<R extends RelayResponse>(call: RelayCall<R>): Promise<Result<string>> {
      const sent = await send(call);
      if (!sent.ok) return sent;
      if (sent.value.response.ok) return { ok: true, value: sent.value.text };
      const refused = answerOf(sent.value);
      return refused.ok ? { ok: true, value: sent.value.text } : refused;
    },
    /** A GET revalidated by its ETag: `unchanged` when the relay answers 304. */
    async ifChanged<R extends RelayResponse>(
      call: RelayCall<R>,
      etag: string | null,
      extra: CallOptions = {},
    ): Promise<Result<{ unchanged: true } | { unchanged: false; value: AnswerOf<R>; etag: string | null }>> {
      const sent = await send(call, { ...extra, headers: { ...extra.headers, ...(etag ? { 'if-none-match': etag } : {}) } });
      if (!sent.ok) return sent;
      if (sent.value.response.status === 304) return { ok: true, value: { unchanged: true as const } };
      const answer = answerOf(sent.value);
      return answer.ok ? { ok: true, value: { unchanged: false as const, value: answer.value, etag: sent.value.response.headers.get('etag') } } : answer;
    },
  };
}

export type RelayTransport = ReturnType<typeof createRelayTransport>;
